package io.financehub.odoo;

/**
 * A call that may change data was sent, but no answer came (timeout or connection reset after sending):
 * Odoo may have committed it. Not retryable as such: the caller must first check in Odoo whether the effect
 * exists (for example by searching the business key it wrote) and only then decide to send it again.
 */
public class OdooAmbiguousWriteException extends OdooException {

    public OdooAmbiguousWriteException(String model, String method, String message, Throwable cause) {
        super(model, method, null, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
