package io.financehub.flows.budgetchecks;

/** The external finance platform could not answer (transport failure, timeout, 5xx): transient by nature. */
public class BudgetPlatformUnavailableException extends RuntimeException {

    public BudgetPlatformUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
