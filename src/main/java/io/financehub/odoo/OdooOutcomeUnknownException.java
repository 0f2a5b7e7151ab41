package io.financehub.odoo;

/**
 * A write whose answer was lost may or may not have been committed, and the hub cannot tell: its effect did not
 * appear within {@code odoo.max-request-time}, but the Odoo in front enforces no request limit (or could not be
 * asked). Never retried automatically; the message says what to look for in Odoo, so a person can settle it.
 */
public class OdooOutcomeUnknownException extends OdooException {

    public OdooOutcomeUnknownException(String model, String method, String message, Throwable cause) {
        super(model, method, null, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
