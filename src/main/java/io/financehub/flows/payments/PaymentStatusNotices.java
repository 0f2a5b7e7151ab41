package io.financehub.flows.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.NotReplayableException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;

/**
 * Notices of the status flow: exception items for a business event a person must settle in Odoo or with the bank (a
 * rejection, a reference this hub did not send, a collective booking that does not add up). Their replay endpoint
 * (route {@code payment-files-status-notice}) refuses with what to do instead.
 */
@ApplicationScoped
@Named("paymentStatusNotices")
@RegisterForReflection
public class PaymentStatusNotices {

    @Inject
    ExceptionQueue exceptions;

    @Inject
    ObjectMapper json;

    /** What a notice item stores: the facts an operator needs, never replayed (see {@link NotReplayableException}). */
    public record Notice(String kind, String file, String endToEndId, long odooPaymentId, String action) {
    }

    /**
     * Raises an exception item for a business event a person must settle (a rejection, an unknown reference). It is a
     * notice, not a failed message: its cause is {@link NotReplayableException} and its replay endpoint refuses with
     * the same text ({@link #refuseReplay}); the operator settles it in Odoo or with the bank and discards it.
     */
    void raise(String kind, String action, String correlationId, String file, String endToEndId, long paymentId) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.FLOW, PaymentFilesFlow.FLOW);
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.SUBJECT, paymentId > 0 ? "odoo-payment:" + paymentId : "payment-status:" + kind);
        headers.put(HubHeaders.REPLAY_ENDPOINT, PaymentFilesFlow.ENDPOINT_STATUS_NOTICE);
        byte[] body;
        try {
            body = json.writeValueAsBytes(new Notice(kind, file, endToEndId, paymentId, action));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // recorded as met where the report was read
        exceptions.record(new ExceptionQueue.FailedMessage(PaymentFilesFlow.ROUTE_STATUS, new NotReplayableException(action), body,
                headers, null, null));
    }

    /** The replay endpoint of a notice: refuses, saying again what to do instead (nothing is changed). */
    public void refuseReplay(@Body byte[] notice) {
        String action;
        try {
            action = json.readValue(notice, Notice.class).action();
        } catch (IOException | RuntimeException e) {
            action = "this item records a business event for a person to settle in Odoo or with the bank.";
        }
        throw new NotReplayableException(action);
    }
}
