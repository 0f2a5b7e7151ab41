package io.financehub.odoo;

import java.time.Instant;
import java.util.Optional;

/**
 * A call that may change data was sent, but no answer came (timeout, connection reset or a 5xx from a proxy after
 * sending): Odoo may still be executing it and commit it later. Not retryable as such: the caller waits the outcome
 * out ({@link OdooClient#awaitEffect}) and sends the call again only once Odoo's request limit has passed without
 * its effect appearing.
 */
public class OdooAmbiguousWriteException extends OdooException {

    private final Instant sentAt;

    public OdooAmbiguousWriteException(String model, String method, String message, Throwable cause) {
        this(model, method, message, cause, null);
    }

    /** @param sentAt when the call was handed to the transport; null where the caller fills it in */
    public OdooAmbiguousWriteException(String model, String method, String message, Throwable cause, Instant sentAt) {
        super(model, method, null, message, cause);
        this.sentAt = sentAt;
    }

    /** When the call whose answer was lost was sent; Odoo's request limit runs from then. */
    public Optional<Instant> sentAt() {
        return Optional.ofNullable(sentAt);
    }

    OdooAmbiguousWriteException sentAt(Instant when) {
        OdooAmbiguousWriteException copy = new OdooAmbiguousWriteException(model().orElse(null), method(), rawMessage(),
                getCause(), when);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
