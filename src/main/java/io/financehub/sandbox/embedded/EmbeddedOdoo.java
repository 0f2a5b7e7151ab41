package io.financehub.sandbox.embedded;

import io.financehub.sandbox.odoo.OdooEmulator;
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

    /** Odoo's own default port, so the README's walkthrough can query the emulator; a free one when it is taken. */
    public static final int DEFAULT_PORT = 8069;

    public static EmbeddedOdoo start() {
        int version = Integer.parseInt(System.getProperty("hub.embedded.odoo-version", "17"));
        int port = Integer.parseInt(java.util.Optional.ofNullable(System.getProperty("hub.embedded.odoo-port"))
                .or(() -> java.util.Optional.ofNullable(System.getenv("HUB_EMBEDDED_ODOO_PORT"))).orElse(Integer.toString(DEFAULT_PORT)));
        if (port != 0 && !free(port)) {
            org.jboss.logging.Logger.getLogger(EmbeddedOdoo.class).warnf(
                    "Port %d is taken: the Odoo emulator listens on another one (named below); set HUB_EMBEDDED_ODOO_PORT to choose", port);
            port = 0;
        }
        return new EmbeddedOdoo(OdooEmulator.builder().version(version).database(DATABASE).seedResource(DEMO_SEED).port(port).start());
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
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
