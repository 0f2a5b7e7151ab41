package io.financehub.canonical.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one pain.001 file carries: a message id, its creation time, the initiating party and one or more
 * {@link PaymentBatch}es, each rendered as its own payment-information block. The usual file holds one batch
 * ({@link #of(PaymentBatch)}); a bank profile that bundles several debtor accounts or dates into one upload
 * passes them together. Ids must be unique across the whole file.
 */
public record PaymentMessage(String messageId, OffsetDateTime creationTime, Party initiatingParty,
                             List<PaymentBatch> batches) {

    public PaymentMessage {
        String r = "PaymentMessage";
        Checks.text(messageId, r, "messageId", 35);
        Checks.present(creationTime, r, "creationTime");
        Checks.present(initiatingParty, r, "initiatingParty");
        batches = Checks.list(batches, r, "batches");
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(r + " " + messageId + " has no payment batches");
        }
        Set<String> batchIds = new HashSet<>();
        Set<String> endToEndIds = new HashSet<>();
        for (PaymentBatch b : batches) {
            if (!batchIds.add(b.batchId())) {
                throw new IllegalArgumentException(r + " " + messageId + ": batch id " + b.batchId() + " appears twice");
            }
            for (PaymentInstruction p : b.instructions()) {
                if (!endToEndIds.add(p.endToEndId())) {
                    throw new IllegalArgumentException(r + " " + messageId + ": end-to-end id " + p.endToEndId()
                            + " (payment " + p.odooPaymentId() + ") appears in two batches");
                }
            }
        }
    }

    /** A file holding exactly one batch, with the batch's message id and creation time; the debtor initiates. */
    public static PaymentMessage of(PaymentBatch batch) {
        return new PaymentMessage(batch.messageId(), batch.creationTime(), batch.debtor(), List.of(batch));
    }

    public int numberOfTransactions() {
        int n = 0;
        for (PaymentBatch b : batches) {
            n += b.numberOfTransactions();
        }
        return n;
    }

    /**
     * The group-header control sum: the plain sum of every instructed amount, whatever the currencies (ISO
     * defines it so). Its scale is the largest minor-unit count among the batches.
     */
    public BigDecimal controlSum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (PaymentBatch b : batches) {
            BigDecimal batchSum = b.controlSum().amount();
            sum = sum.add(batchSum);
            if (batchSum.scale() > sum.scale()) {
                sum = sum.setScale(batchSum.scale());
            }
        }
        return sum;
    }
}
