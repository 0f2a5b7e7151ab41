package io.financehub.odoo;

/**
 * The Odoo user lacks the access right for this model or record ({@code AccessError}, HTTP 403).
 * Permanent: grant the service user the group Odoo names in the message.
 */
public class OdooAccessException extends OdooException {

    public OdooAccessException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooAccessException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
