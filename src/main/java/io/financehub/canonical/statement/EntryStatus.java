package io.financehub.canonical.statement;

/**
 * Booking status of a line. Only {@link #BOOKED} lines are posted to the ledger: pending and
 * informational entries can still change or disappear, and posting them would double-count once the
 * booked version arrives in a later statement.
 */
public enum EntryStatus {
    BOOKED,
    PENDING,
    INFO;

    /** ISO 20022 status codes (v02-v08 {@code Sts} code or {@code Sts/Cd}); unknown codes count as INFO. */
    public static EntryStatus fromIsoCode(String code) {
        if (code == null) {
            return BOOKED;
        }
        switch (code.trim()) {
            case "BOOK":
                return BOOKED;
            case "PDNG":
            case "FUTR":
                return PENDING;
            default:
                return INFO;
        }
    }

    public boolean isPostable() {
        return this == BOOKED;
    }
}
