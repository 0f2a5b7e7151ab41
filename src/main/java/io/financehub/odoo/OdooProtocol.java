package io.financehub.odoo;

/** How the connector talks to an Odoo instance ({@code odoo.protocol}). */
public enum OdooProtocol {
    /** Read {@code GET /web/version} once: JSON-2 on Odoo 19+, JSON-RPC otherwise (16-18 answer 404 there). */
    AUTO,
    /** {@code POST /jsonrpc}, {@code common.authenticate} then {@code object.execute_kw} (Odoo 16-21). */
    JSONRPC,
    /** {@code POST /json/2/<model>/<method>} with a bearer API key (Odoo 19+). */
    JSON2
}
