package io.financehub.flows.bankstatements;

/**
 * Posting did not happen but may succeed later (Odoo unreachable and verified not committed, or another
 * import holds some of the lines): the flow's error handling retries with back-off.
 */
public class RetryablePostingException extends RuntimeException {

    public RetryablePostingException(String message, Throwable cause) {
        super(message, cause);
    }

    public boolean isRetryable() {
        return true;
    }
}
