package io.financehub.odoo;

/**
 * An Odoo failure that fits no other class: an unexpected answer (HTML instead of JSON, HTTP 400), an unknown
 * database or an exception name the connector does not classify. Permanent until someone looks at it.
 */
public class OdooServerException extends OdooException {

    public OdooServerException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooServerException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
