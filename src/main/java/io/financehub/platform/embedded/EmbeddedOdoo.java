package io.financehub.platform.embedded;

import java.util.Map;

/** Placeholder until the Odoo emulator lands (issue 3): the embedded default then starts it here. */
public final class EmbeddedOdoo implements AutoCloseable {

    public static EmbeddedOdoo start() {
        throw new IllegalStateException("The Odoo emulator is not part of this build yet; set ODOO_URL to a real Odoo");
    }

    public int version() {
        return 0;
    }

    public String url() {
        return "";
    }

    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
