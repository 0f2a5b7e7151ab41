package io.financehub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profiles pointing the hub at the Odoo emulator of another Odoo version ({@code odoo.url}) and telling the tests
 * which one it is ({@code hub.test.odoo-version}); the default profile runs against Odoo 17. One class per version,
 * shared by the flows' version test classes, so Quarkus starts the hub once per version rather than once per class.
 */
public final class OdooVersionProfiles {

    private OdooVersionProfiles() {
    }

    static Map<String, String> overrides(int version) {
        return Map.of("odoo.url", SharedServers.odoo(version).url().toString(), "hub.test.odoo-version", Integer.toString(version));
    }

    public static class Odoo16 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(16);
        }

        /** Read by {@link OdooTestResource}: the application's Odoo is this version's emulator. */
        public int odooVersion() {
            return 16;
        }
    }

    public static class Odoo18 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(18);
        }

        /** Read by {@link OdooTestResource}: the application's Odoo is this version's emulator. */
        public int odooVersion() {
            return 18;
        }
    }

    /** Odoo 19: the hub finds JSON-2 through {@code /web/version} and calls it with the demo user's API key. */
    public static class Odoo19 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(19);
        }

        /** Read by {@link OdooTestResource}: the application's Odoo is this version's emulator. */
        public int odooVersion() {
            return 19;
        }
    }
}
