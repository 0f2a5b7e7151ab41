package io.financehub.flows.budgetchecks;

import io.financehub.testing.SharedServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * The whole budget-checks flow (API, webhook, polling, router, approval, chatter, audit, Kafka) against the Odoo
 * emulator in Odoo 18 mode.
 */
@QuarkusTest
@TestProfile(BudgetChecksFlowOdoo18Test.Odoo18.class)
class BudgetChecksFlowOdoo18Test extends BudgetChecksFlowTest {

    public static class Odoo18 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odoo.url", SharedServers.odoo(18).url().toString(), "hub.test.odoo-version", "18");
        }
    }
}
