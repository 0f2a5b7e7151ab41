package io.financehub.odoo;

/**
 * Odoo refused the credentials: bad login, password or API key ({@code AccessDenied}, {@code false} uid, HTTP 401).
 * Permanent until the configuration ({@code odoo.username}, {@code odoo.api-key}) is fixed.
 */
public class OdooAuthenticationException extends OdooException {

    public OdooAuthenticationException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooAuthenticationException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
