package io.financehub.odoo;

/**
 * Odoo rejected the call's content: {@code UserError}, {@code ValidationError} (also violated unique constraints),
 * {@code ValueError}, unknown field/model/method, bad arguments (HTTP 422). Permanent; the message is Odoo's.
 */
public class OdooValidationException extends OdooException {

    public OdooValidationException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooValidationException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    /**
     * Whether Odoo refused the call as a duplicate ("already exists", a unique constraint): the conflicting record may
     * be the committed effect of an earlier send of the same call.
     */
    public boolean looksLikeDuplicate() {
        return OdooErrors.looksLikeDuplicate(this);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
