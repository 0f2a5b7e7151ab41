package io.financehub.flows.payments;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole payment-files flow against the Odoo emulator in Odoo 18 mode (account.payment differs by version). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo18.class)
class PaymentFilesFlowOdoo18Test extends PaymentFilesFlowTest {
}
