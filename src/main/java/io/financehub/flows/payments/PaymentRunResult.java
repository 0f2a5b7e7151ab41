package io.financehub.flows.payments;

import java.util.List;

/** What a payment run did: the batches it made (with their states after release) and the payments it left out, with why. */
public record PaymentRunResult(String runId, String startedBy, List<PaymentBatchView> batches, List<Excluded> excluded) {

    /** A payment the run did not take, with a stable code and a reason that says what to fix in Odoo. */
    public record Excluded(long odooPaymentId, String odooReference, String code, String reason) {
    }
}
