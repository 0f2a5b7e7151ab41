package io.financehub.flows.payments;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole payment-files flow against the Odoo emulator in Odoo 16 mode (account.payment differs by version). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo16.class)
class PaymentFilesFlowOdoo16Test extends PaymentFilesFlowTest {
}
