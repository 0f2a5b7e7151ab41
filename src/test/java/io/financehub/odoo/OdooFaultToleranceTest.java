package io.financehub.odoo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.SharedServers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector inside the application: SmallRye fault tolerance per Odoo instance (retry on transient failures
 * only, circuit breaker, visible in metrics) and the {@code odoo:} component called from a YAML route in one step.
 */
@QuarkusTest
class OdooFaultToleranceTest {

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry registry;

    @Inject
    ProducerTemplate producer;

    @Inject
    OdooClient defaultClient;

    private final List<OdooClient> clients = new ArrayList<>();
    private OdooEmulator emulator;

    @BeforeEach
    void freshEmulator() {
        emulator = OdooTestResource.emulator(17);
        emulator.reset();
    }

    @AfterEach
    void closeClients() {
        emulator.faults().clear();
        clients.forEach(OdooClient::close);
    }

    /** A client of its own instance (own circuit breaker and meters), as the product builds them. */
    private OdooClient client(String instance, int maxRetries, OdooClientSettings.CircuitBreaker breaker) {
        return client(instance, maxRetries, breaker, OdooClientSettings.UnknownOutcomes.defaults());
    }

    private OdooClient client(String instance, int maxRetries, OdooClientSettings.CircuitBreaker breaker,
            OdooClientSettings.UnknownOutcomes unknownOutcomes) {
        OdooClientSettings settings = OdooClientSettings.builder().instance(instance).url(emulator.url()).unknownOutcomes(unknownOutcomes)
                .database(SharedServers.ODOO_DATABASE).username(OdooTestResource.SERVICE_USER)
                .secret(OdooTestResource.API_KEY).timeout(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(1))
                .retry(new OdooClientSettings.Retry(maxRetries, Duration.ofMillis(50), 2, Duration.ofMillis(200),
                        Duration.ofMillis(20), Duration.ofSeconds(20)))
                .circuitBreaker(breaker).build();
        OdooClient client = OdooClient.create(settings, camel, registry);
        clients.add(client);
        client.authenticate();
        return client;
    }

    private static OdooClientSettings.CircuitBreaker lenientBreaker() {
        return new OdooClientSettings.CircuitBreaker(true, 50, 0.9, Duration.ofSeconds(5), 1);
    }

    private double counter(String name, String instance, String... tags) {
        var search = registry.find(name).tag("instance", instance).tags(tags);
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void proxyErrorsAndAResetConnectionAreRetriedUntilOdooAnswers() {
        OdooClient client = client("retry-transient", 3, lenientBreaker());
        emulator.faults().inject(Fault.httpStatus(502).on("res.partner", "search_read"))
                .inject(Fault.httpStatus(503).on("res.partner", "search_read").occurrence(2))
                .inject(Fault.connectionReset().on("res.partner", "search_read").occurrence(3));

        List<OdooRecord> partners = client.searchRead("res.partner", Domain.all(), List.of("name"),
                SearchOptions.limit(5));

        assertFalse(partners.isEmpty());
        assertEquals(4, emulator.journal().count("res.partner", "search_read"), "three failures, then the answer");
        assertEquals(3.0, counter("odoo.client.retries", "retry-transient", "method", "search_read"));
        assertEquals(1.0, counter("odoo.client.calls", "retry-transient", "method", "search_read", "outcome", "success"));
    }

    @Test
    void slowReadIsRetriedBecauseReadingTwiceIsHarmless() {
        OdooClient client = client("retry-slow-read", 2, lenientBreaker());
        emulator.faults().inject(Fault.latency(Duration.ofSeconds(3)).on("res.partner", "search_count"));

        long count = client.searchCount("res.partner", Domain.all());

        assertTrue(count > 0);
        // the emulator journals the slow call when it finally answers, after the client gave up on it
        await().atMost(Duration.ofSeconds(5))
                .until(() -> emulator.journal().count("res.partner", "search_count") == 2);
    }

    @Test
    void validationErrorIsNeverRetried() {
        OdooClient client = client("no-retry-validation", 3, lenientBreaker());

        assertThrows(OdooValidationException.class,
                () -> client.create("res.partner.bank", Map.of("partner_id", 1)));

        assertEquals(1, emulator.journal().count("res.partner.bank", "create"), "a permanent error is sent once");
        assertEquals(0.0, counter("odoo.client.retries", "no-retry-validation"));
        assertEquals(1.0, counter("odoo.client.errors", "no-retry-validation", "type", "validation"));
    }

    @Test
    void lostAnswerOfACreateIsNotRetriedAndTheRecordExistsOnce() {
        OdooClient client = client("no-retry-ambiguous", 3, lenientBreaker());
        emulator.faults().inject(Fault.timeoutAfterCommit(Duration.ofSeconds(3)).on("res.partner", "create"));

        OdooAmbiguousWriteException error = assertThrows(OdooAmbiguousWriteException.class,
                () -> client.create("res.partner", Map.of("name", "Committed Once GmbH")));

        assertFalse(error.isRetryable());
        assertEquals(1, emulator.journal().count("res.partner", "create"));
        assertEquals(1, emulator.store().search("res.partner", "[[\"name\", \"=\", \"Committed Once GmbH\"]]").size());
    }

    @Test
    void circuitBreakerOpensAfterRepeatedFailuresAndClosesAfterItsDelay() {
        // opens when the last 4 calls all failed
        OdooClient client = client("breaker", 0, new OdooClientSettings.CircuitBreaker(true, 4, 1.0,
                Duration.ofSeconds(1), 1));
        emulator.faults().inject(Fault.httpStatus(503).on("res.partner", "search_count").repeating());

        for (int i = 0; i < 4; i++) {
            OdooException error = assertThrows(OdooException.class, () -> client.searchCount("res.partner", Domain.all()));
            assertInstanceOf(OdooTransientException.class, error);
        }
        OdooException prevented = assertThrows(OdooException.class, () -> client.searchCount("res.partner", Domain.all()));

        assertInstanceOf(OdooCircuitOpenException.class, prevented);
        assertTrue(prevented.isRetryable());
        assertEquals(4, emulator.journal().count("res.partner", "search_count"), "an open breaker sends nothing");
        assertEquals(2.0, gauge("breaker"), "gauge shows open");
        assertEquals(1.0, counter("odoo.client.errors", "breaker", "type", "circuit_open"),
                () -> registry.find("odoo.client.errors").tag("instance", "breaker").counters().stream()
                        .map(c -> c.getId() + "=" + c.count()).toList().toString());

        emulator.faults().clear();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> attemptSucceeds(client));

        assertEquals(0.0, gauge("breaker"), "gauge shows closed");
        assertEquals("closed", client.circuitState().orElseThrow());
    }

    private static boolean attemptSucceeds(OdooClient client) {
        try {
            client.searchCount("res.partner", Domain.all());
            return true;
        } catch (OdooCircuitOpenException e) {
            return false;
        }
    }

    private double gauge(String instance) {
        return registry.get("odoo.client.circuit.state").tag("instance", instance).gauge().value();
    }

    @Test
    void yamlRouteReadsPartnersInOneStep() {
        long id = defaultClient.create("res.partner", Map.of("name", "Route Partner", "ref", "ROUTE-1"));

        List<?> firstTen = producer.requestBody("direct:odoo-one-step", null, List.class);
        assertFalse(firstTen.isEmpty());
        assertTrue(firstTen.size() <= 10);
        firstTen.forEach(partner -> assertTrue(((Map<?, ?>) partner).containsKey("name")));

        List<?> filtered = producer.requestBodyAndHeader("direct:odoo-one-step", null, "OdooDomain",
                "[[\"ref\", \"=\", \"ROUTE-1\"]]", List.class);
        assertEquals(1, filtered.size());
        assertEquals(id, ((Map<?, ?>) filtered.get(0)).get("id"));
        assertEquals("Route Partner", ((Map<?, ?>) filtered.get(0)).get("name"));
    }

    @Test
    void yamlRouteCreatesFromAMapBodyAndSurfacesOdooErrorsAsTypedExceptions() {
        Long id = producer.requestBody("direct:odoo-one-step-create", Map.of("name", "Created From YAML"), Long.class);
        assertTrue(emulator.store().record("res.partner", id).isPresent());

        List<Long> ids = producer.requestBody("direct:odoo-one-step-create",
                Map.of("values", List.of(Map.of("name", "Y1"), Map.of("name", "Y2"))), List.class);
        assertEquals(2, ids.size());
        assertEquals(2, emulator.journal().count("res.partner", "create"), "one call per message, batch included");

        CamelExecutionException missing = assertThrows(CamelExecutionException.class,
                () -> producer.requestBody("direct:odoo-one-step-create", Map.of("parent_id", 999_999), Long.class));
        assertInstanceOf(OdooMissingRecordException.class, missing.getCause());
        // the error handling of odoo-one-step-guarded is scoped to that route: here the refusal reaches the caller
        CamelExecutionException invalid = assertThrows(CamelExecutionException.class,
                () -> producer.requestBody("direct:odoo-one-step-create", Map.of("name", "x", "type", "no-such-type")));
        assertInstanceOf(OdooValidationException.class, invalid.getCause());
    }

    @Test
    void yamlRouteBranchesOnTheTypedException() {
        Object answer = producer.requestBody("direct:odoo-one-step-guarded", Map.of("partner_id", 1));

        assertEquals("rejected by Odoo: OdooValidationException", answer);
        assertEquals(1, emulator.journal().count("res.partner.bank", "create"), "handled, not redelivered");
    }

    @Test
    void attemptHangingPastTheGuardsHardLimitIsRetriedForReadsAndAmbiguousForWrites() throws Exception {
        // hard limit = timeout + connect timeout + 5 s; an attempt that ignores the HTTP timeouts is cut there
        OdooClientSettings settings = OdooClientSettings.builder().instance("hard-limit").url(emulator.url())
                .database("x").username("x").secret("x").timeout(Duration.ofMillis(100))
                .connectTimeout(Duration.ofMillis(100))
                .retry(new OdooClientSettings.Retry(1, Duration.ofMillis(10), 2, Duration.ofMillis(50), Duration.ZERO,
                        Duration.ofSeconds(30)))
                .circuitBreaker(lenientBreaker()).build();
        SmallRyeOdooCallPolicy policy = new SmallRyeOdooCallPolicy(settings);
        java.util.concurrent.atomic.AtomicInteger readAttempts = new java.util.concurrent.atomic.AtomicInteger();

        JsonNode answer = policy.execute(OdooCall.of("res.partner", "search_count"), () -> {
            if (readAttempts.incrementAndGet() == 1) {
                Thread.sleep(20_000);
            }
            return com.fasterxml.jackson.databind.node.IntNode.valueOf(7);
        });
        assertEquals(7, answer.asInt());
        assertEquals(2, readAttempts.get(), "the hung read was cut and asked again");

        java.util.concurrent.atomic.AtomicInteger writeAttempts = new java.util.concurrent.atomic.AtomicInteger();
        assertThrows(OdooAmbiguousWriteException.class, () -> policy.execute(OdooCall.of("res.partner", "create"), () -> {
            writeAttempts.incrementAndGet();
            Thread.sleep(20_000);
            return com.fasterxml.jackson.databind.node.IntNode.valueOf(1);
        }));
        assertEquals(1, writeAttempts.get(), "a write that may have run is never sent twice");
    }

    // ------------------------------------------------------------------ unknown outcomes

    /** Odoo's request limit of these tests: 2.5 s in the emulator, 3 s told to the client. */
    private static final Duration LIMIT = Duration.ofMillis(2500);

    private static OdooClientSettings.UnknownOutcomes waitOut(boolean enforced) {
        return new OdooClientSettings.UnknownOutcomes(Duration.ofSeconds(3), enforced, Duration.ofMillis(100), Duration.ofMillis(400));
    }

    private java.util.Optional<Long> partnerNamed(OdooClient client, String name) {
        return client.search("res.partner", Domain.eq("name", name), SearchOptions.limit(1)).stream().findFirst();
    }

    private List<io.financehub.sandbox.odoo.RecordedCall> creates() {
        return emulator.journal().calls("res.partner", "create");
    }

    @Test
    void createThatCommitsAfterTheClientGaveUpIsWaitedOutNotSentAgain() {
        OdooClient client = client("wait-out-commit", 3, lenientBreaker(), waitOut(true));
        emulator.requestLimit(LIMIT);
        emulator.faults().inject(Fault.slowCommit(Duration.ofMillis(1800)).on("res.partner", "create"));

        long id = client.writeOnce("partner 'Slow Commit AG'", () -> client.create("res.partner", Map.of("name", "Slow Commit AG")),
                () -> partnerNamed(client, "Slow Commit AG"));

        assertEquals(1, creates().size(), "the create was sent once: its outcome was unknown, not failed");
        assertEquals("fault:slow_commit(ok)", creates().get(0).outcome());
        assertEquals(List.of(id), emulator.store().search("res.partner", "[[\"name\", \"=\", \"Slow Commit AG\"]]"));
        var searches = emulator.journal().calls("res.partner", "search");
        assertTrue(searches.stream().anyMatch(s -> s.received().isBefore(creates().get(0).timestamp())),
                "the effect was looked for while Odoo still worked on the create, and not found then");
        assertEquals(1.0, counter("odoo.client.unknown.outcomes", "wait-out-commit", "outcome", "committed"));
    }

    @Test
    void createKilledByOdoosRequestLimitIsSentAgainOnlyOnceTheLimitHasPassed() {
        OdooClient client = client("wait-out-killed", 3, lenientBreaker(), waitOut(true));
        emulator.requestLimit(LIMIT);
        emulator.faults().inject(Fault.killedByRequestLimit(LIMIT).on("res.partner", "create"));

        long id = client.writeOnce("partner 'Killed Once AG'", () -> client.create("res.partner", Map.of("name", "Killed Once AG")),
                () -> partnerNamed(client, "Killed Once AG"));

        List<io.financehub.sandbox.odoo.RecordedCall> sent = creates();
        assertEquals(2, sent.size());
        assertEquals("killed_by_request_limit", sent.get(0).outcome());
        assertTrue(sent.get(1).received().isAfter(sent.get(0).received().plus(Duration.ofSeconds(3))),
                "sent again only after the request limit told to the client: " + sent);
        assertEquals(List.of(id), emulator.store().search("res.partner", "[[\"name\", \"=\", \"Killed Once AG\"]]"));
        assertEquals(1.0, counter("odoo.client.unknown.outcomes", "wait-out-killed", "outcome", "not_committed"));
    }

    @Test
    void proxyErrorOnACreateIsAnUnknownOutcomeToo() {
        OdooClient client = client("wait-out-502", 3, lenientBreaker(), waitOut(true));
        emulator.faults().inject(Fault.httpStatus(502).on("res.partner", "create"));

        client.writeOnce("partner 'Behind A Proxy AG'", () -> client.create("res.partner", Map.of("name", "Behind A Proxy AG")),
                () -> partnerNamed(client, "Behind A Proxy AG"));

        List<io.financehub.sandbox.odoo.RecordedCall> sent = creates();
        assertEquals(2, sent.size(), "not retried at once like a read: " + sent);
        assertTrue(sent.get(1).received().isAfter(sent.get(0).received().plus(Duration.ofSeconds(3))));
        assertEquals(1, emulator.store().search("res.partner", "[[\"name\", \"=\", \"Behind A Proxy AG\"]]").size());
    }

    @Test
    void withoutAnEnforcedRequestLimitAnOutcomeStillUnknownIsReportedNeverSentAgain() {
        OdooClient client = client("wait-out-unlimited", 3, lenientBreaker(), waitOut(false));
        emulator.faults().inject(Fault.slowCommit(Duration.ofSeconds(5)).on("res.partner", "create"));

        OdooOutcomeUnknownException unknown = assertThrows(OdooOutcomeUnknownException.class, () -> client.writeOnce(
                "partner 'Never Ending AG'", () -> client.create("res.partner", Map.of("name", "Never Ending AG")),
                () -> partnerNamed(client, "Never Ending AG")));

        assertFalse(unknown.isRetryable());
        assertTrue(unknown.getMessage().contains("Look in Odoo for partner 'Never Ending AG'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("odoo.max-request-time-enforced=false"), unknown.getMessage());
        await().atMost(Duration.ofSeconds(5)).until(() -> creates().size() == 1 && creates().get(0).committed());
        assertEquals(1, creates().size(), "never sent again");
        assertEquals(1, emulator.store().search("res.partner", "[[\"name\", \"=\", \"Never Ending AG\"]]").size(),
                "Odoo committed it after the hub stopped waiting: why the hub must not send it again");
    }

    @Test
    void aRefusalAsDuplicateOfAnEarlierSendIsAnsweredByTheEffect() {
        OdooClient client = client("duplicate-refusal", 3, lenientBreaker(), waitOut(true));
        long partner = client.create("res.partner", Map.of("name", "Bank Holder"));
        long bank = client.create("res.partner.bank", Map.of("partner_id", partner, "acc_number", "NL91ABNA0417164300"));

        long again = client.writeOnce("bank account of partner " + partner, () -> client.create("res.partner.bank",
                Map.of("partner_id", partner, "acc_number", "NL91ABNA0417164300")),
                () -> client.search("res.partner.bank", Domain.and(Domain.eq("partner_id", partner),
                        Domain.eq("acc_number", "NL91ABNA0417164300")), SearchOptions.limit(1)).stream().findFirst());

        assertEquals(bank, again, "the uniqueness refusal named the record an earlier send committed");
        assertEquals(2, emulator.journal().count("res.partner.bank", "create"));
    }
}
