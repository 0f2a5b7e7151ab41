package io.financehub.odoo;

/**
 * A failure that says nothing about the call's effect and may pass: connection refused or reset, HTTP 5xx
 * (502/503/504 from a proxy), a timeout of a read-only call, an open circuit breaker, a database serialization failure.
 * Retried with backoff by the client's fault tolerance; safe to retry again later.
 */
public class OdooTransientException extends OdooException {

    public OdooTransientException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(model, method, odooErrorName, message, cause);
    }

    public OdooTransientException(String model, String method, String odooErrorName, String message) {
        this(model, method, odooErrorName, message, null);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
