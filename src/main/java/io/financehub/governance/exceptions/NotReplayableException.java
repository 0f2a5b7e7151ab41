package io.financehub.governance.exceptions;

/**
 * Marks an exception item that is a notice for a person, not a failed message: a business event (a bank rejected a
 * payment, a bank names a payment this hub never sent) whose remedy is a decision in Odoo or with the bank. Sending it
 * again would change nothing, so a replay is refused with this message; the item is closed by a reasoned discard.
 * Flows record such items with this exact class as the cause and a message that says what to do.
 */
public final class NotReplayableException extends RuntimeException {

    public NotReplayableException(String message) {
        super(message);
    }

    /** True for an item recorded as a notice (its cause was this class). */
    public static boolean isNotice(ExceptionItem item) {
        return NotReplayableException.class.getName().equals(item.errorClass);
    }
}
