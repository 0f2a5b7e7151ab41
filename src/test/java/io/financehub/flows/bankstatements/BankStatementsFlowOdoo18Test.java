package io.financehub.flows.bankstatements;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The bank-statements flow tests against the Odoo 18 emulator (the Quarkus start the other flows' Odoo 18 tests share). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo18.class)
class BankStatementsFlowOdoo18Test extends BankStatementsFlowTest {

    @Override
    boolean runsVersionIndependentTests() {
        return false;
    }
}
