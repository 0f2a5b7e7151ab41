package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.sandbox.embedded.LoopbackPorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The broker for decision events does not answer: checks are still answered and committed, every publication round
 * fails and is counted, and the events wait in the outbox; none becomes an exception item, so once the broker is
 * back they are published in decision order.
 */
@QuarkusTest
@TestProfile(BudgetDecisionEventsBrokerDownTest.BrokerDown.class)
class BudgetDecisionEventsBrokerDownTest {

    public static class BrokerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a loopback port nothing listens on
            return Map.of("hub.budget-checks.events.brokers", "127.0.0.1:" + LoopbackPorts.free(),
                    "hub.budget-checks.events.broker-timeout", "500",
                    "hub.budget-checks.events.delivery-timeout", "1000");
        }
    }

    @Inject
    BudgetLedger ledger;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @Test
    void eventsWaitInTheOutboxWhileTheBrokerIsUnreachableAndNoneBecomesAnExceptionItem() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);
        ledger.put("DE01", "IT", "2033-04", Money.of("100000.00", "EUR"), "test");
        String order = "DOWN-" + token;
        BudgetChecksFlowTest.check(BudgetChecksFlowTest.request(order, "r1", "Acme Supplies GmbH", "2033-04-10", Map.of("IT", "120.00")))
                .then().statusCode(200);
        double start = BudgetDecisionEventsTest.failedRounds(meters);
        long until = System.currentTimeMillis() + 20_000;
        while (BudgetDecisionEventsTest.failedRounds(meters) < start + 3) {
            assertTrue(System.currentTimeMillis() < until, "rounds fail and are counted: " + BudgetDecisionEventsTest.failedRounds(meters));
            Thread.sleep(100);
        }
        assertEquals(List.of("DE01/" + order), BudgetDecisionEventsTest.waitingKeys(dataSource, "DE01/" + order), "the event waits in the outbox");
        assertTrue(exceptions.list(Optional.of(BudgetChecksFlow.FLOW), Optional.empty(), 200).stream()
                .noneMatch(i -> i.payload != null && new String(i.payload, StandardCharsets.UTF_8).contains(order)),
                "an unreachable broker is not a refused event: no exception item");
    }
}
