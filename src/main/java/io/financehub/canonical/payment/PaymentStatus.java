package io.financehub.canonical.payment;

import java.util.Locale;
import java.util.Map;

/**
 * A bank's status code for a file, block or payment (ISO ExternalPaymentGroupStatus1Code /
 * ExternalPaymentTransactionStatus1Code). Kept as a code rather than an enum because the ISO list is external
 * and grows; {@link #outcome()} classifies the codes that decide what happens to the Odoo payment.
 */
public record PaymentStatus(String code) {

    public static final PaymentStatus ACTC = new PaymentStatus("ACTC");
    public static final PaymentStatus ACCP = new PaymentStatus("ACCP");
    public static final PaymentStatus ACSP = new PaymentStatus("ACSP");
    public static final PaymentStatus ACSC = new PaymentStatus("ACSC");
    public static final PaymentStatus RJCT = new PaymentStatus("RJCT");
    public static final PaymentStatus PDNG = new PaymentStatus("PDNG");
    public static final PaymentStatus PART = new PaymentStatus("PART");

    /** What a status means for the payments it covers. */
    public enum Outcome {
        /** Accepted at some stage (technical, customer profile, settlement in process, settled...). */
        ACCEPTED,
        /** Rejected: the payment will not be executed. */
        REJECTED,
        /** Received or pending: no decision yet. */
        PENDING,
        /** Some payments accepted, some rejected: look at the lower level. */
        PARTIAL,
        /** Cancelled after acceptance. */
        CANCELLED,
        /** A code this hub does not classify; reported as it is, decides nothing. */
        UNKNOWN
    }

    private static final Map<String, Outcome> OUTCOMES = Map.ofEntries(
            Map.entry("ACTC", Outcome.ACCEPTED), Map.entry("ACCP", Outcome.ACCEPTED),
            Map.entry("ACSP", Outcome.ACCEPTED), Map.entry("ACSC", Outcome.ACCEPTED),
            Map.entry("ACCC", Outcome.ACCEPTED), Map.entry("ACWC", Outcome.ACCEPTED),
            Map.entry("ACWP", Outcome.ACCEPTED), Map.entry("ACFC", Outcome.ACCEPTED),
            Map.entry("ACIS", Outcome.ACCEPTED),
            Map.entry("RJCT", Outcome.REJECTED), Map.entry("BLCK", Outcome.REJECTED),
            Map.entry("RCVD", Outcome.PENDING), Map.entry("PDNG", Outcome.PENDING), Map.entry("ACPD", Outcome.PENDING),
            Map.entry("PART", Outcome.PARTIAL), Map.entry("CANC", Outcome.CANCELLED));

    public PaymentStatus {
        Checks.text(code, "PaymentStatus", "code", 4);
        code = code.trim().toUpperCase(Locale.ROOT);
    }

    public static PaymentStatus of(String code) {
        return new PaymentStatus(code);
    }

    public Outcome outcome() {
        return OUTCOMES.getOrDefault(code, Outcome.UNKNOWN);
    }

    public boolean isRejected() {
        return outcome() == Outcome.REJECTED;
    }

    public boolean isAccepted() {
        return outcome() == Outcome.ACCEPTED;
    }

    @Override
    public String toString() {
        return code;
    }
}
