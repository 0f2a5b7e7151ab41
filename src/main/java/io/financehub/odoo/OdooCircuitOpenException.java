package io.financehub.odoo;

/**
 * The circuit breaker of this Odoo instance is open after repeated transient failures: the call was not sent.
 * Retryable once the breaker's delay has passed.
 */
public class OdooCircuitOpenException extends OdooTransientException {

    public OdooCircuitOpenException(String model, String method, String message, Throwable cause) {
        super(model, method, null, message, cause);
    }
}
