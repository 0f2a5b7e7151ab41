package io.financehub.flows.bankstatements;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The bank-statements flow tests against the Odoo 16 emulator (the Quarkus start the other flows' Odoo 16 tests share). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo16.class)
class BankStatementsFlowOdoo16Test extends BankStatementsFlowTest {

    @Override
    boolean runsVersionIndependentTests() {
        return false;
    }
}
