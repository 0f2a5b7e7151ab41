package io.financehub.odoo;

/**
 * A record the call refers to does not exist or was deleted ({@code MissingError}). Permanent.
 */
public class OdooMissingRecordException extends OdooException {

    public OdooMissingRecordException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooMissingRecordException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
