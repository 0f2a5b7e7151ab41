package io.financehub.flows.actualsexport;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole actuals-export flow against the Odoo emulator in Odoo 18 mode (lock dates differ by version). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo18.class)
class ActualsExportFlowOdoo18Test extends ActualsExportFlowTest {
}
