package io.financehub.flows.actualsexport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.sandbox.odoo.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The export's retry, which the other test profiles turn off: a read that fails once is retried from a new run (route
 * actuals-export-prepare as a whole). Its own profile, since retries against a lasting failure (ActualsExportFlowTest)
 * would open the Odoo client's circuit breaker for the tests after it.
 */
@QuarkusTest
@TestProfile(ActualsExportRetryTest.Retries.class)
class ActualsExportRetryTest extends ActualsExportTestSupport {

    /** The export retries once; the Odoo client not at all, so that a failed call reaches the export. */
    public static class Retries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.actuals-export.retry.max", "1", "odoo.retry.max-retries", "0");
        }
    }

    /**
     * The failed try is recorded FAILED with nothing of it counted, and the retry exports the period whole, without an
     * exception item.
     */
    @Test
    void aReadThatFailsOnceIsRetriedFromANewRunThatExportsEverything() throws Exception {
        String period = "2027-09";
        for (int i = 1; i <= 4; i++) {
            entry("DE01", "2027-09-0" + i, "posted", Line.debit("600000", i + "0.00", split("DE01", "CC-100", 100)),
                    Line.credit("211000", i + "0.00", null));
        }
        // the second page of the first try
        odoo.faults().inject(Fault.httpStatus(503).on("account.move.line", "search_read").occurrence(2));
        JsonNode report = exportOk("DE01", period, "incremental");
        assertEquals(8, report.get("sourceLineCount").asInt(), report.toString());
        assertNoDifferences(report);
        assertEquals(Map.of("PL-OPEX-GENERAL|SALES|EUR", "100.00/100.00", "PL-PAYABLES||EUR", "-100.00/-100.00"),
                totals(csv(report.get("fileName").asText())));
        assertEquals(List.of("FAILED", "PUBLISHED"), runStatuses(period), "the failed try is a run of its own");
        assertTrue(exceptions.list(Optional.of(ActualsExportFlow.FLOW), Optional.empty(), 100).stream()
                .noneMatch(i -> ("actuals:DE01/" + period).equals(i.subject)), "a retry that succeeds leaves no exception item");
        // nothing of the failed run counts: the next increment has nothing new
        JsonNode next = exportOk("DE01", period, "incremental");
        assertFalse(next.get("published").asBoolean(), next.toString());
    }
}
