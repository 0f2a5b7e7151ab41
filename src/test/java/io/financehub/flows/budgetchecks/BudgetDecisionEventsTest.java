package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.events.EventOutbox;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decision events go through the event outbox: committed with their decisions, published by one instance at a
 * time in decision order, removed once the broker has them; an event the broker refuses does not hold back the
 * others.
 */
@QuarkusTest
class BudgetDecisionEventsTest {

    @Inject
    CamelContext camel;

    @Inject
    EventOutbox outbox;

    @Inject
    BudgetLedger ledger;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String token;

    @BeforeEach
    void fresh() throws Exception {
        token = UUID.randomUUID().toString().substring(0, 8);
        ledger.put("DE01", "IT", "2033-03", Money.of("100000.00", "EUR"), "test");
    }

    @AfterEach
    void publishing() throws Exception {
        camel.getRouteController().startRoute(BudgetChecksFlow.ROUTE_PUBLISH);
    }

    @Test
    void decisionEventsWaitInTheOutboxUntilPublishedAndReachTheBrokerInDecisionOrder() throws Exception {
        // the publisher's first round registers the backlog gauge
        long registered = System.currentTimeMillis() + 10_000;
        while (meters.find("hub.events.outbox.waiting").tag("topic", BudgetChecksFlow.TOPIC).gauge() == null) {
            assertTrue(System.currentTimeMillis() < registered, "the publisher runs");
            Thread.sleep(50);
        }
        // nothing publishes: like a process killed right after answering, no event exists anywhere but the outbox
        camel.getRouteController().stopRoute(BudgetChecksFlow.ROUTE_PUBLISH);
        String order = "EV-" + token;
        BudgetChecksFlowTest.check(BudgetChecksFlowTest.request(order, "r1", "Acme Supplies GmbH", "2033-03-10", Map.of("IT", "120.00")))
                .then().statusCode(200);
        BudgetChecksFlowTest.check(BudgetChecksFlowTest.request(order, "r2", "Acme Supplies GmbH", "2033-03-10", Map.of("IT", "150.00")))
                .then().statusCode(200);
        // the same revision again: the stored decision, no second event
        BudgetChecksFlowTest.check(BudgetChecksFlowTest.request(order, "r2", "Acme Supplies GmbH", "2033-03-10", Map.of("IT", "150.00")))
                .then().statusCode(200);
        String key = "DE01/" + order;
        assertEquals(List.of(key, key), waitingKeys(key), "both decisions' events wait in the outbox");
        String metrics = io.restassured.RestAssured.given().auth().preemptive().basic("operator", "operator-demo").get("/q/metrics").asString();
        java.util.regex.Matcher waiting = java.util.regex.Pattern.compile("hub_events_outbox_waiting\\{topic=\"finance.budget-decisions\"} ([0-9.]+)")
                .matcher(metrics);
        assertTrue(waiting.find(), "the backlog is a metric");
        assertTrue(Double.parseDouble(waiting.group(1)) >= 2, waiting.group());
        List<ConsumerRecord<String, String>> early = TopicReader.read(bootstrap, BudgetChecksFlow.TOPIC, r -> r.key().equals(key), 1,
                Duration.ofSeconds(2), Duration.ZERO);
        assertTrue(early.isEmpty(), "nothing reached the broker: " + early);

        camel.getRouteController().startRoute(BudgetChecksFlow.ROUTE_PUBLISH);
        List<ConsumerRecord<String, String>> ours = TopicReader.read(bootstrap, BudgetChecksFlow.TOPIC, r -> r.key().equals(key), 2,
                Duration.ofSeconds(15), Duration.ofSeconds(1));
        assertEquals(2, ours.size(), ours.toString());
        assertTrue(ours.get(0).value().contains("\"revision\":\"r1\"") && ours.get(1).value().contains("\"revision\":\"r2\""),
                "in decision order: " + ours);
        assertTrue(ours.get(1).value().contains("\"type\":\"finance.budget-decision.made\""), ours.get(1).value());
        awaitOutboxWithout(key);
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hub.work-dir")
    String workDir;

    @Test
    void anEventTheBrokerRefusesBecomesAnExceptionItemAndTheEventsAfterItArePublished() throws Exception {
        camel.getRouteController().stopRoute(BudgetChecksFlow.ROUTE_PUBLISH);
        String big = "DE01/TOO-BIG-" + token;
        String after = "DE01/AFTER-" + token;
        // larger than the broker takes in one record (1 MB)
        outbox.put(new EventOutbox.Pending(BudgetChecksFlow.TOPIC, big, "{\"padding\":\"" + "x".repeat(2_000_000) + "\"}"));
        outbox.put(new EventOutbox.Pending(BudgetChecksFlow.TOPIC, after, "{\"id\":\"" + token + "\"}"));
        camel.getRouteController().startRoute(BudgetChecksFlow.ROUTE_PUBLISH);

        List<ConsumerRecord<String, String>> published = TopicReader.read(bootstrap, BudgetChecksFlow.TOPIC,
                r -> r.key().equals(after) || r.key().equals(big), 1, Duration.ofSeconds(15), Duration.ofSeconds(1));
        assertTrue(published.stream().anyMatch(e -> e.key().equals(after)), "the event after the refused one is published");
        assertTrue(published.stream().noneMatch(e -> e.key().equals(big)));
        awaitOutboxWithout(big);
        awaitOutboxWithout(after);
        List<ExceptionItem> items = exceptions.list(Optional.of(BudgetChecksFlow.FLOW), Optional.empty(), 50).stream()
                .filter(i -> i.headers != null && i.headers.contains(big.substring(5))).toList();
        assertEquals(1, items.size(), "the refused event is a replayable exception item");
        // 2 MB is above hub.exceptions.payload-inline-max: the item keeps it in a file under the work directory
        assertEquals(null, items.get(0).payload);
        String kept = java.nio.file.Files.readString(java.nio.file.Path.of(workDir).resolve(items.get(0).payloadRef));
        assertTrue(kept.contains("padding") && kept.length() > 2_000_000, "the whole event is kept");
        assertEquals("direct:budget-checks-publish-event", items.get(0).replayEndpoint);
    }

    @Test
    void oneInstanceAtATimePublishesATopicAndAnUnfinishedClaimLeavesItsEventsForTheNext() {
        String topic = "test.outbox." + token;
        outbox.put(new EventOutbox.Pending(topic, "k1", "one"));
        outbox.put(new EventOutbox.Pending(topic, "k2", "two"));

        EventOutbox.Claim first = outbox.claim(topic, 10);
        assertEquals(List.of("one", "two"), bodies(first));
        // while one instance holds the topic, another finds nothing to publish
        EventOutbox otherInstance = new EventOutbox(dataSource, meters, camel);
        EventOutbox.Claim second = otherInstance.claim(topic, 10);
        assertEquals(List.of(), bodies(second));
        otherInstance.release(second);
        // the first fails before the broker acknowledged: its events stay, in order, for the next claim
        outbox.release(first);
        EventOutbox.Claim third = otherInstance.claim(topic, 10);
        assertEquals(List.of("one", "two"), bodies(third));
        assertEquals("k1", outbox.messages(third).get(0).getHeader(org.apache.camel.component.kafka.KafkaConstants.KEY));
        otherInstance.published(third);
        otherInstance.release(third);
        assertEquals(0, outbox.waiting(topic));
    }

    @Test
    void aClaimARoundLeftOpenDoesNotHoldTheTopicForTheNextRound() {
        String topic = "test.outbox.left-" + token;
        outbox.put(new EventOutbox.Pending(topic, "k1", "one"));
        // a round whose route was stopped while it ran: it never released its claim
        EventOutbox.Claim left = outbox.claim(topic, 10);
        assertEquals(List.of("one"), bodies(left));
        // the next round of this instance takes the topic over, with the same events; other instances find it held
        EventOutbox.Claim next = outbox.claim(topic, 10);
        assertEquals(List.of("one"), bodies(next));
        EventOutbox otherInstance = new EventOutbox(dataSource, meters, camel);
        EventOutbox.Claim other = otherInstance.claim(topic, 10);
        assertEquals(List.of(), bodies(other));
        otherInstance.release(other);
        outbox.published(next);
        outbox.release(next);
        assertEquals(0, outbox.waiting(topic));
    }

    @Test
    void roundsFailingWhileTheStoreIsUnavailableAreCountedAndPublicationResumesAfterwards() throws Exception {
        double before = failedRounds();
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("alter table event_outbox rename to event_outbox_away");
        }
        try {
            long until = System.currentTimeMillis() + 15_000;
            while (failedRounds() < before + 3) {
                assertTrue(System.currentTimeMillis() < until, "failed rounds are counted: " + failedRounds());
                Thread.sleep(100);
            }
        } finally {
            try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
                st.execute("alter table event_outbox_away rename to event_outbox");
            }
        }
        assertTrue(camel.getRouteController().getRouteStatus(BudgetChecksFlow.ROUTE_PUBLISH).isStarted(), "the publisher keeps running");
        String key = "DE01/RESUMED-" + token;
        outbox.put(new EventOutbox.Pending(BudgetChecksFlow.TOPIC, key, "{\"id\":\"" + token + "\"}"));
        assertEquals(1, TopicReader.read(bootstrap, BudgetChecksFlow.TOPIC, r -> r.key().equals(key), 1, Duration.ofSeconds(15), Duration.ZERO)
                .size(), "published once the store answers again");
        awaitOutboxWithout(key);
    }

    private double failedRounds() {
        return failedRounds(meters);
    }

    /** Publication rounds of the decisions' publisher that failed so far. */
    static double failedRounds(io.micrometer.core.instrument.MeterRegistry meters) {
        var counter = meters.find("hub.events.outbox.failed_rounds").tag("route", BudgetChecksFlow.ROUTE_PUBLISH).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<Object> bodies(EventOutbox.Claim claim) {
        List<Object> out = new ArrayList<>();
        for (org.apache.camel.Message m : outbox.messages(claim)) {
            out.add(m.getBody());
        }
        return out;
    }

    private List<String> waitingKeys(String key) throws Exception {
        return waitingKeys(dataSource, key);
    }

    /** The decision events waiting in the outbox with this key (their keys, oldest first). */
    static List<String> waitingKeys(AgroalDataSource dataSource, String key) throws Exception {
        return outboxKeys(dataSource, BudgetChecksFlow.TOPIC).stream().filter(key::equals).toList();
    }

    /** The keys of a topic's events waiting in the event outbox, oldest first. */
    static List<String> outboxKeys(AgroalDataSource dataSource, String topic) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var ps = c.prepareStatement("select event_key from event_outbox where topic = ? order by id")) {
            ps.setString(1, topic);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private void awaitOutboxWithout(String key) throws Exception {
        long until = System.currentTimeMillis() + 15_000;
        while (!waitingKeys(key).isEmpty()) {
            assertTrue(System.currentTimeMillis() < until, key + " is still in the outbox");
            Thread.sleep(100);
        }
    }
}
