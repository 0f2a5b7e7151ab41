package io.financehub.canonical.payment;

/** The payment scheme requested from the debtor's bank. */
public enum ServiceLevel {
    /** SEPA Credit Transfer: EUR only, IBAN accounts, charges SLEV, SEPA character set. */
    SEPA,
    /** Urgent (same-day, high value) payment, ISO code URGP. */
    URGENT,
    /** No service level in the file: the bank's default for the currency and route. */
    NONE
}
