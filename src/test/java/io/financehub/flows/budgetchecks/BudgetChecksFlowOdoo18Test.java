package io.financehub.flows.budgetchecks;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole budget-checks flow (API, webhook, polling, router, approval, chatter, audit, Kafka) against the Odoo
 * emulator in Odoo 18 mode.
 */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo18.class)
class BudgetChecksFlowOdoo18Test extends BudgetChecksFlowTest {
}
