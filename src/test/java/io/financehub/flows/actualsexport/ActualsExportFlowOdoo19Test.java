package io.financehub.flows.actualsexport;

import io.financehub.testing.OdooVersionProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole actuals-export flow against the Odoo emulator in Odoo 19 mode (lock dates differ by version). */
@QuarkusTest
@TestProfile(OdooVersionProfiles.Odoo19.class)
class ActualsExportFlowOdoo19Test extends ActualsExportFlowTest {
}
