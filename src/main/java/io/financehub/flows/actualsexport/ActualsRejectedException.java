package io.financehub.flows.actualsexport;

import java.util.List;

/**
 * The ledger cannot be exported as it is (unmapped codes, unbalanced period, totals that do not reconcile):
 * nothing is published, and every problem found is listed so it can be fixed in one go. Not retryable.
 */
public class ActualsRejectedException extends RuntimeException {

    private final String reason;
    private final List<String> problems;

    public ActualsRejectedException(String reason, String message, List<String> problems) {
        super(message + ": " + String.join("; ", problems));
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** A stable word for the kind of problem ({@code unmapped-codes}, {@code unbalanced}, {@code not-reconciled}). */
    public String reason() {
        return reason;
    }

    public List<String> problems() {
        return problems;
    }

    public boolean isRetryable() {
        return false;
    }
}
