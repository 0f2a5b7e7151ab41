package io.financehub.flows.payments;

import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Four-eyes release of a batch above the threshold. The approver may be neither the batch's preparer nor an Odoo
 * user who created or last changed one of its payments: the hub user name is compared with the Odoo logins of the
 * payments' {@code create_uid}/{@code write_uid} (read when the run made the batch), so hub and Odoo user names
 * must be the same person's (as with single sign-on). Every decision is audited; a batch is decided once.
 */
@ApplicationScoped
public class PaymentApprovals {

    @Inject
    PaymentBatchStore store;

    @Inject
    AuditTrail audit;

    /** Approves a waiting batch; the caller then sends it through the saga. */
    public PaymentBatchView approve(UUID id, String approver, String correlationId) {
        PaymentBatchStore.StoredBatch batch = waiting(id);
        check(batch, approver, "approve");
        if (!store.transition(id, "PENDING_APPROVAL", "RELEASED", approver, "approved")) {
            throw new IllegalStateException("payment batch " + id + " was decided by someone else meanwhile; it is released once");
        }
        audit.append(AuditRecord.of(approver, PaymentFilesFlow.FLOW, correlationId, PaymentRuns.subject(id), "payment-batch.approved",
                id.toString().getBytes(StandardCharsets.UTF_8), "four-eyes approval of " + batch.view().paymentCount() + " payment(s), "
                        + batch.view().controlSum() + " " + batch.view().currency() + " prepared by " + batch.view().preparedBy()));
        return store.find(id).orElseThrow().view();
    }

    /** Rejects a waiting batch: its payments return to the pool for the next run. */
    public PaymentBatchView reject(UUID id, String approver, String reason, String correlationId) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason: send {\"reason\": \"...\"}");
        }
        PaymentBatchStore.StoredBatch batch = waiting(id);
        check(batch, approver, "reject");
        if (!store.transition(id, "PENDING_APPROVAL", "REJECTED", approver, reason)) {
            throw new IllegalStateException("payment batch " + id + " was decided by someone else meanwhile");
        }
        store.releasePayments(id);
        audit.append(AuditRecord.of(approver, PaymentFilesFlow.FLOW, correlationId, PaymentRuns.subject(id), "payment-batch.rejected",
                reason.getBytes(StandardCharsets.UTF_8), "batch rejected, " + batch.view().paymentCount()
                        + " payment(s) returned to the pool: " + reason));
        return store.find(id).orElseThrow().view();
    }

    private PaymentBatchStore.StoredBatch waiting(UUID id) {
        PaymentBatchStore.StoredBatch batch = store.find(id).orElseThrow(() -> new NoSuchElementException("payment batch " + id + " does not exist"));
        if (!"PENDING_APPROVAL".equals(batch.view().state())) {
            throw new IllegalStateException("payment batch " + id + " is " + batch.view().state()
                    + "; only a batch waiting for approval can be approved or rejected");
        }
        return batch;
    }

    private void check(PaymentBatchStore.StoredBatch batch, String user, String action) {
        if (user.equals(batch.view().preparedBy())) {
            throw new ForbiddenException("You prepared payment batch " + batch.view().id() + " and cannot " + action
                    + " it: a second payment-approver must decide");
        }
        for (BatchSnapshot.Line line : batch.snapshot().lines()) {
            if (line.odooUsers() != null && line.odooUsers().contains(user)) {
                throw new ForbiddenException("You created or posted Odoo payment " + line.odooReference() + " of batch "
                        + batch.view().id() + " and cannot " + action + " it: a second payment-approver must decide");
            }
        }
    }
}
