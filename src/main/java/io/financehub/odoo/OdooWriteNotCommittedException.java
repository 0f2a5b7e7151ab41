package io.financehub.odoo;

/**
 * A write whose answer was lost is known not to have been committed: Odoo's request limit passed since it was sent
 * and its effect never appeared. Sending it again is safe, so this is transient.
 */
public class OdooWriteNotCommittedException extends OdooTransientException {

    public OdooWriteNotCommittedException(String model, String method, String message, Throwable cause) {
        super(model, method, null, message, cause);
    }
}
