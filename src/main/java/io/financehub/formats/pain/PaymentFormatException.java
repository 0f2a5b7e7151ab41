package io.financehub.formats.pain;

/**
 * A payment file could not be written or read: the message says what was wrong, where (element, line) and,
 * where it helps, what to do. Not retryable: the same input fails the same way.
 */
public class PaymentFormatException extends RuntimeException {

    public PaymentFormatException(String message) {
        super(message);
    }

    public PaymentFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
