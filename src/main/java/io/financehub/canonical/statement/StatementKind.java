package io.financehub.canonical.statement;

/**
 * What the bank meant the document to be. Only an end-of-day {@link #STATEMENT} promises opening and
 * closing balances; a {@link #NOTIFICATION} (camt.054) carries none, so no balance check is possible
 * and the flow decides how far to trust it; an intraday {@link #REPORT} (camt.052, MT942) may carry
 * interim balances only; a {@link #TRANSACTION_LIST} is a bank CSV export whose layout declares that it
 * has no balances.
 */
public enum StatementKind {
    STATEMENT,
    REPORT,
    NOTIFICATION,
    TRANSACTION_LIST
}
