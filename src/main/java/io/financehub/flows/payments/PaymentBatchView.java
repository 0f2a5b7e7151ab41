package io.financehub.flows.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A payment batch as the API shows it: state, totals, who prepared and decided it, its file, and its payments.
 * The debtor account is masked: the API never carries a full IBAN.
 */
public record PaymentBatchView(String id, long batchNumber, String runId, String company, String journal,
        String bankProfile, String painVersion, String currency, LocalDate executionDate, BigDecimal controlSum,
        int paymentCount, String messageId, String state, boolean needsApproval, String preparedBy,
        String decidedBy, String decisionReason, String fileName, String exceptionId, String correlationId,
        Instant createdAt, List<Payment> payments) {

    /** One payment of the batch: the Odoo id, the end-to-end id the bank will quote, the amount, the bank's status. */
    public record Payment(long odooPaymentId, String endToEndId, BigDecimal amount, boolean active, String bankStatus) {
    }
}
