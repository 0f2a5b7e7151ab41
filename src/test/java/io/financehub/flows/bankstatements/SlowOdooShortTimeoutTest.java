package io.financehub.flows.bankstatements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.odoo.RecordedCall;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * {@link SlowOdooImportTest} with {@code odoo.timeout} 10 s and a first part of 1,000 lines: that part takes about
 * 35 s in the realistic Odoo 17 emulator, so the hub stops waiting for its answer. It waits the outcome out (Odoo
 * commits it), never sends it again, and sizes the following parts to the rate it measured.
 */
@QuarkusTest
@TestProfile(SlowOdooShortTimeoutTest.Profile.class)
class SlowOdooShortTimeoutTest extends SlowOdooImportTest {

    public static class Profile extends SlowOdooImportTest.ProductionDefaults {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("odoo.timeout", "10s");
            config.put("hub.bank-statements.first-part-lines", "1000");
            return config;
        }
    }

    @Override
    @Test
    @Disabled("the default configuration is SlowOdooImportTest's")
    void twoThousandLinesIntoASlowOdooWithTheDefaultConfigurationNeverReachTheTimeout() {
    }

    @Test
    void aPartOutlivingTheTimeoutIsWaitedOutAndNeverSentAgain() throws Exception {
        double committedBefore = unknownOutcomes("committed");

        importTwoThousandLines("slow-10s-" + System.nanoTime() + ".xml");

        List<RecordedCall> creates = odoo.journal().calls("account.bank.statement", "create");
        assertTrue(millis(creates.get(0)) > timeout.toMillis(), "the first part outlived the hub's timeout: " + millis(creates.get(0)));
        assertEquals("ok", creates.get(0).outcome(), "and Odoo committed it after the hub had stopped waiting");
        assertTrue(unknownOutcomes("committed") > committedBefore, "the hub waited it out and found it committed");
        for (RecordedCall later : creates.subList(1, creates.size())) {
            assertTrue(millis(later) < timeout.toMillis(), "parts after it follow the measured rate: " + millis(later) + " ms");
        }
    }
}
