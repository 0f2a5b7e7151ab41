package io.financehub.platform.embedded;

import io.financehub.odoo.emulator.OdooEmulator;
import java.util.Map;

/** The Odoo emulator seeded with the demo data, standing in for Odoo in the embedded default. */
public final class EmbeddedOdoo implements AutoCloseable {

    public static final String DEMO_SEED = "odoo-emulator/demo-seed.json";
    public static final String DATABASE = "demo";
    public static final String SERVICE_USER = "hub-integration";
    /** The demo seed's API key of the hub's service user: demo data only, never a production secret. */
    public static final String DEMO_API_KEY = "demo-hub-api-key";

    private final OdooEmulator emulator;

    private EmbeddedOdoo(OdooEmulator emulator) {
        this.emulator = emulator;
    }

    public static EmbeddedOdoo start() {
        int version = Integer.parseInt(System.getProperty("hub.embedded.odoo-version", "17"));
        return new EmbeddedOdoo(OdooEmulator.builder().version(version).database(DATABASE).seedResource(DEMO_SEED).port(0).start());
    }

    public int version() {
        return emulator.version();
    }

    public String url() {
        return emulator.url().toString();
    }

    public OdooEmulator emulator() {
        return emulator;
    }

    public Map<String, String> clientProperties() {
        return Map.of("odoo.url", url(), "odoo.database", DATABASE, "odoo.username", SERVICE_USER,
                "odoo.api-key", DEMO_API_KEY);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
