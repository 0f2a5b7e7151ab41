package io.financehub.odoo;

import io.financehub.odoo.emulator.OdooEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * An Odoo emulator (Odoo 17 mode, template data plus the connector tests' users) for the connector's
 * {@code @QuarkusTest}s, with {@code odoo.*} pointing the default client at it and short timeouts and backoffs so
 * fault-tolerance tests run in seconds.
 */
public class OdooEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE = "connector";
    static final String USER = "connector-test";
    static final String KEY = "connector-test-key";

    private static volatile OdooEmulator emulator;

    static OdooEmulator emulator() {
        return emulator;
    }

    @Override
    public Map<String, String> start() {
        emulator = OdooEmulator.builder().version(17).database(DATABASE)
                .seedResource("odoo-connector/api-key-user-seed.json").port(0).start();
        return Map.of(
                "odoo.url", emulator.url().toString(),
                "odoo.database", DATABASE,
                "odoo.username", USER,
                "odoo.api-key", KEY,
                "odoo.instance", "quarkus-test",
                "odoo.timeout", "2s",
                "odoo.retry.delay", "50ms",
                "odoo.retry.jitter", "20ms",
                "odoo.retry.max-delay", "200ms");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
