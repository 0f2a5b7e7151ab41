package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.StatusReason;
import io.financehub.events.HubEvents;
import io.financehub.flows.payments.PaymentStatusReports.Applied;
import io.financehub.governance.HubHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * One payment's bank status applied to Odoo: a note for an accepted status, the payment given back (16/17) or rejected
 * (18) with a notice for a rejection, the bank status recorded on the batch, and a {@code finance.payment.status-changed}
 * event.
 */
@ApplicationScoped
public class PaymentStatusChanges {

    @Inject
    PaymentBatchStore store;

    @Inject
    OdooPayments odoo;

    @Inject
    PaymentStatusNotices notices;

    @Inject
    HubEvents events;

    @Inject
    ProducerTemplate producer;

    /**
     * Applies one payment's status. A status this hub already applied to the payment (recorded as its bank status)
     * changes nothing and is reported as {@code ALREADY_APPLIED}: a replay of a file that failed half-way, or a second
     * file repeating a status, neither notes nor rejects twice. Odoo is changed first and the bank status recorded after,
     * so a failure in between applies the status again on replay (unmark/reject are idempotent in Odoo).
     */
    Applied apply(PaymentBatchView.Payment payment, PaymentStatus status, List<StatusReason> reasons, String file,
            String correlationId) {
        long paymentId = payment.odooPaymentId();
        String endToEndId = payment.endToEndId();
        if (status.code().equals(payment.bankStatus())) {
            return new Applied(paymentId, endToEndId, status.code(), "ALREADY_APPLIED");
        }
        String reasonText = reasons.isEmpty() ? "" : reasons.get(0).describe();
        String outcome;
        if (status.isRejected()) {
            odoo.rejectedByBank(paymentId);
            odoo.note(paymentId, "Bank rejected payment " + endToEndId + " (status " + status + (reasonText.isEmpty() ? "" : ", " + reasonText)
                    + ") in status report " + file + ".");
            outcome = "REJECTED";
        } else if (status.isAccepted()) {
            odoo.note(paymentId, "Bank status " + status + " for payment " + endToEndId + " (status report " + file + ").");
            outcome = "ACCEPTED";
        } else {
            outcome = status.outcome().name();
        }
        // recorded with the payment's return to the pool in one update: a replay after a failure here applies both again
        store.bankStatus(endToEndId, status.code(), status.isRejected() && odoo.version() < 18);
        if (status.isRejected()) {
            notices.raise("payment-rejected", "The bank rejected Odoo payment " + paymentId + " (" + endToEndId + "): "
                    + (reasonText.isEmpty() ? "no reason given" : reasonText) + ". " + (odoo.version() >= 18
                    ? "It is marked rejected in Odoo: correct what the bank names (for example the vendor's bank account) and pay it again with a new payment."
                    : "It is unmarked as sent in Odoo: correct what the bank names (for example the vendor's bank account); the next payment run sends it again."),
                    correlationId, file, endToEndId, paymentId);
        }
        byte[] event = events.structured(PaymentFilesFlow.FLOW, "finance.payment.status-changed", "odoo-payment:" + paymentId,
                correlationId, "status/" + endToEndId + "/" + status.code(), Map.of("odooPaymentId", paymentId, "endToEndId", endToEndId,
                        "status", status.code(), "outcome", outcome, "reason", reasonText));
        producer.sendBodyAndHeaders(PaymentFilesFlow.ENDPOINT_PUBLISH, new String(event, StandardCharsets.UTF_8),
                Map.of("kafka.KEY", "odoo-payment/" + paymentId, HubHeaders.CORRELATION_ID, correlationId, HubHeaders.FLOW, PaymentFilesFlow.FLOW));
        return new Applied(paymentId, endToEndId, status.code(), outcome);
    }
}
