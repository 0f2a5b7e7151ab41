package io.financehub.flows.payments;

import io.financehub.flows.payments.PaymentBatchStore.StoredBatch;
import io.financehub.flows.payments.PaymentFileSaga.Step;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The replay of a saga's exception item (route {@code payment-files-saga-replay}, body: batch id), after the operator
 * fixed the cause. What it does depends on where the batch is now:
 * <ul>
 * <li>RELEASED (the file is out but not recorded, or a compensation could not reach Odoo): the saga goes on from its
 * step to the end (never a second file: a delivered file is recorded, not rendered again);</li>
 * <li>FAILED (compensated: payments unmarked and back in the pool): a payment run now, the safe retry, which puts them
 * in new batches released by policy; the replay fails if a new batch with one of them failed as well;</li>
 * <li>SENT (finished meanwhile, e.g. by the recovery pass): nothing to do, said in the audit trail.</li>
 * </ul>
 */
@ApplicationScoped
@Named("paymentSagaReplays")
@RegisterForReflection
public class PaymentSagaReplays {

    @Inject
    PaymentBatchStore store;

    @Inject
    PaymentFileSaga saga;

    @Inject
    PaymentRuns runs;

    @Inject
    AuditTrail audit;

    public void replay(@Body String batchIdText, @Header(HubHeaders.ACTOR) String actor,
            @Header(HubHeaders.CORRELATION_ID) String correlationId) {
        UUID batchId = UUID.fromString(batchIdText.trim());
        StoredBatch batch = store.find(batchId).orElseThrow(() -> new NoSuchElementException(
                "payment batch " + batchId + " does not exist; discard the item"));
        String who = actor == null ? "system:" + PaymentFilesFlow.FLOW : actor;
        PaymentBatchView v = batch.view();
        switch (v.state()) {
            case "RELEASED" -> saga.advanceTo(batchId, Step.COMPLETED);
            case "SENT" -> audit.append(AuditRecord.of(who, PaymentFilesFlow.FLOW, v.correlationId(), PaymentRuns.subject(batchId),
                    "payment-batch.replay-nothing-to-do", batchId.toString().getBytes(StandardCharsets.UTF_8),
                    "replay of the batch's exception item: the batch is already SENT (file " + v.fileName() + "); nothing was changed"));
            case "FAILED" -> rerun(v, correlationId, actor);
            default -> throw new IllegalStateException("payment batch " + batchId + " is " + v.state() + "; only a released, failed or sent "
                    + "batch's exception item can be replayed. Discard the item with your reason.");
        }
    }

    /** A payment run for the payments of a compensated batch; fails when a new batch with one of them failed too. */
    private void rerun(PaymentBatchView failed, String correlationId, String actor) {
        PaymentRunResult r = runs.runNow(correlationId, actor, "that retries failed batch " + failed.id());
        Set<Long> ids = new HashSet<>();
        failed.payments().forEach(p -> ids.add(p.odooPaymentId()));
        for (PaymentBatchView b : r.batches()) {
            if ("FAILED".equals(b.state()) && b.payments().stream().anyMatch(p -> ids.contains(p.odooPaymentId()))) {
                throw new IllegalStateException("the payments of failed batch " + failed.id() + " went into new batch " + b.id()
                        + ", which failed as well: " + b.decisionReason() + ". Fix the cause and replay again.");
            }
        }
    }
}
