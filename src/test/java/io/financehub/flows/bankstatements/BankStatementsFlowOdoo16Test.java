package io.financehub.flows.bankstatements;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The bank-statements flow tests against the Odoo 16 emulator (one Quarkus start for the version). */
@QuarkusTest
@TestProfile(BankStatementsFlowOdoo16Test.Odoo16.class)
class BankStatementsFlowOdoo16Test extends BankStatementsFlowTest {

    /** Read by OdooTestResource: the application's odoo.url points at the Odoo 16 emulator. */
    public static class Odoo16 implements QuarkusTestProfile {
        public int odooVersion() {
            return 16;
        }
    }

    @Override
    boolean runsVersionIndependentTests() {
        return false;
    }
}
