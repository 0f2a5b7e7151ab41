package io.financehub.testing;

import io.financehub.odoo.emulator.OdooEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The Odoo emulator with the demo data (the data mappings/ refers to), in the version mode given by the
 * {@code version} init argument (default 17), with short connector timeouts and back-offs so failure tests run
 * in seconds.
 */
public class OdooTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_USER = "hub-integration";
    public static final String API_KEY = "demo-hub-api-key";

    private int version = 17;

    @Override
    public void init(Map<String, String> initArgs) {
        version = Integer.parseInt(initArgs.getOrDefault("version", "17"));
    }

    @Override
    public Map<String, String> start() {
        OdooEmulator emulator = SharedServers.odoo(version);
        Map<String, String> config = new HashMap<>();
        config.put("odoo.url", emulator.url().toString());
        config.put("odoo.database", SharedServers.ODOO_DATABASE);
        config.put("odoo.username", SERVICE_USER);
        config.put("odoo.api-key", API_KEY);
        config.put("hub.test.odoo-version", Integer.toString(version));
        return config;
    }

    @Override
    public void stop() {
        // shared across Quarkus restarts; stopped at JVM exit
    }

    /** The emulator the running application talks to. */
    public static OdooEmulator emulator(int version) {
        return SharedServers.odoo(version);
    }
}
