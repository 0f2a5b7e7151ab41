package io.financehub.canonical.payment;

/** Who pays the bank charges (ISO ChargeBearerType1Code); SEPA transfers are always {@link #SLEV}. */
public enum ChargeBearer {
    /** Following the service level (SEPA: each party pays its own bank). */
    SLEV,
    /** Shared. */
    SHAR,
    /** Borne by the debtor. */
    DEBT,
    /** Borne by the creditor. */
    CRED
}
