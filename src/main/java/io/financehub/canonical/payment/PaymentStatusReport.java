package io.financehub.canonical.payment;

import io.financehub.canonical.Money;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's status report on a payment file we sent (pain.002): the status of the whole original message, of
 * each payment-information block and of individual payments, each with its reasons. A status at a higher level
 * covers every payment below it that has no status of its own ({@link #effectiveStatus}). The original message
 * name (e.g. pain.001.001.09) is optional because real banks misplace it; the original message id is the key.
 */
public record PaymentStatusReport(
        String reportMessageId,
        Optional<OffsetDateTime> reportCreationTime,
        String schemaVersion,
        String originalMessageId,
        Optional<String> originalMessageNameId,
        Optional<PaymentStatus> groupStatus,
        List<StatusReason> groupReasons,
        List<PaymentInformationStatus> paymentInformation) {

    public PaymentStatusReport {
        String r = "PaymentStatusReport";
        Checks.text(reportMessageId, r, "reportMessageId", 35);
        Objects.requireNonNull(reportCreationTime, r + ".reportCreationTime must be Optional.empty(), not null");
        Checks.text(schemaVersion, r, "schemaVersion", 35);
        Checks.text(originalMessageId, r, "originalMessageId", 35);
        Checks.optionalText(originalMessageNameId, r, "originalMessageNameId", 35);
        Objects.requireNonNull(groupStatus, r + ".groupStatus must be Optional.empty(), not null");
        groupReasons = Checks.list(groupReasons, r, "groupReasons");
        paymentInformation = Checks.list(paymentInformation, r, "paymentInformation");
    }

    /** Status of one payment-information block (OrgnlPmtInfAndSts) and the payments reported inside it. */
    public record PaymentInformationStatus(String originalPaymentInformationId, Optional<PaymentStatus> status,
                                           List<StatusReason> reasons, List<TransactionStatus> transactions) {
        public PaymentInformationStatus {
            Checks.text(originalPaymentInformationId, "PaymentInformationStatus", "originalPaymentInformationId", 35);
            Objects.requireNonNull(status, "PaymentInformationStatus.status must be Optional.empty(), not null");
            reasons = Checks.list(reasons, "PaymentInformationStatus", "reasons");
            transactions = Checks.list(transactions, "PaymentInformationStatus", "transactions");
        }
    }

    /** Status of one payment (TxInfAndSts), found again by its original end-to-end id. */
    public record TransactionStatus(Optional<String> statusId, Optional<String> originalInstructionId,
                                    String originalEndToEndId, Optional<PaymentStatus> status,
                                    List<StatusReason> reasons, Optional<Money> originalAmount) {
        public TransactionStatus {
            Objects.requireNonNull(statusId, "TransactionStatus.statusId must be Optional.empty(), not null");
            Objects.requireNonNull(originalInstructionId,
                    "TransactionStatus.originalInstructionId must be Optional.empty(), not null");
            Checks.text(originalEndToEndId, "TransactionStatus", "originalEndToEndId", 35);
            Objects.requireNonNull(status, "TransactionStatus.status must be Optional.empty(), not null");
            reasons = Checks.list(reasons, "TransactionStatus", "reasons");
            Objects.requireNonNull(originalAmount, "TransactionStatus.originalAmount must be Optional.empty(), not null");
        }

        /** The first reason in one line ("AC01: account closed"), or empty. */
        public String reasonText() {
            return reasons.isEmpty() ? "" : reasons.get(0).describe();
        }
    }

    /** Every payment-level status in the report, in document order. */
    public List<TransactionStatus> transactions() {
        List<TransactionStatus> all = new ArrayList<>();
        for (PaymentInformationStatus p : paymentInformation) {
            all.addAll(p.transactions());
        }
        return all;
    }

    /** The payment-level entry for an end-to-end id, if the report lists that payment. */
    public Optional<TransactionStatus> transaction(String endToEndId) {
        for (PaymentInformationStatus p : paymentInformation) {
            for (TransactionStatus t : p.transactions()) {
                if (t.originalEndToEndId().equals(endToEndId)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The status that applies to one payment of the original file: its own if listed, else its block's (by
     * PmtInfId), else the group's. PART at a higher level decides nothing for an unlisted payment, so it is skipped.
     */
    public Optional<PaymentStatus> effectiveStatus(String originalPaymentInformationId, String endToEndId) {
        Optional<PaymentStatus> own = transaction(endToEndId).flatMap(TransactionStatus::status);
        if (own.isPresent()) {
            return own;
        }
        for (PaymentInformationStatus p : paymentInformation) {
            if (p.originalPaymentInformationId().equals(originalPaymentInformationId) && p.status().isPresent()
                    && p.status().get().outcome() != PaymentStatus.Outcome.PARTIAL) {
                return p.status();
            }
        }
        return groupStatus.filter(s -> s.outcome() != PaymentStatus.Outcome.PARTIAL);
    }
}
