package io.financehub.odoo;

/** The Odoo server's version as it reports it ({@code server_version_info} / {@code version_info}). */
public record OdooServerVersion(int major, int minor, String text) {

    /** Odoo 19 introduced the JSON-2 API. */
    public boolean supportsJson2() {
        return major >= 19;
    }
}
