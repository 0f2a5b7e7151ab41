package io.financehub.flows.budgetchecks;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole budget-checks flow (API, webhook, polling, router, approval, chatter, audit, Kafka) against the Odoo
 * emulator in Odoo 19 mode (JSON-2).
 */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo19.class)
class BudgetChecksFlowOdoo19Test extends BudgetChecksFlowTest {
}
