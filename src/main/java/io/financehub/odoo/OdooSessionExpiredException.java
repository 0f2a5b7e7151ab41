package io.financehub.odoo;

/**
 * Odoo said the session expired (JSON-RPC error code 100, {@code odoo.http.SessionExpiredException}). The client
 * re-authenticates once and repeats the call; this reaches the caller only if that did not help.
 */
public class OdooSessionExpiredException extends OdooAuthenticationException {

    public OdooSessionExpiredException(String model, String method, String odooErrorName, String message) {
        super(model, method, odooErrorName, message);
    }
}
