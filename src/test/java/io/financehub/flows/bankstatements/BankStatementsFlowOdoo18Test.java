package io.financehub.flows.bankstatements;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The bank-statements flow tests against the Odoo 18 emulator (one Quarkus start for the version). */
@QuarkusTest
@TestProfile(BankStatementsFlowOdoo18Test.Odoo18.class)
class BankStatementsFlowOdoo18Test extends BankStatementsFlowTest {

    /** Read by OdooTestResource: the application's odoo.url points at the Odoo 18 emulator. */
    public static class Odoo18 implements QuarkusTestProfile {
        public int odooVersion() {
            return 18;
        }
    }

    @Override
    boolean runsVersionIndependentTests() {
        return false;
    }
}
