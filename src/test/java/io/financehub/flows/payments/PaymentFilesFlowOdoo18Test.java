package io.financehub.flows.payments;

import io.financehub.testing.SharedServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** The whole payment-files flow against the Odoo emulator in Odoo 18 mode (account.payment differs by version). */
@QuarkusTest
@TestProfile(PaymentFilesFlowOdoo18Test.Odoo18.class)
class PaymentFilesFlowOdoo18Test extends PaymentFilesFlowTest {

    public static class Odoo18 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odoo.url", SharedServers.odoo(18).url().toString(), "hub.test.odoo-version", "18");
        }
    }
}
