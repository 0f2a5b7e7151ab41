package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.PaymentStatusReport;
import io.financehub.canonical.payment.StatusReason;
import io.financehub.events.HubEvents;
import io.financehub.formats.pain.Pain002Reader;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditHashing;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.idempotency.IdempotentRepositories;
import io.financehub.governance.idempotency.JdbcIdempotentRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies a bank's pain.002 status report to the Odoo payments of the file it answers. Each payment's status is its
 * own (by OrgnlEndToEndId), else its block's, else the message's: accepted codes add a note to the payment; a
 * rejection gives the payment back (16/17 {@code unmark_as_sent}) or rejects it (18 {@code action_reject}), with a
 * chatter message naming the reason and an operator exception. A reference this hub did not send changes nothing
 * and becomes an exception. The inbox route applies each file once; the same content dropped again (under any name
 * or time) is recognised by its SHA-256, changes nothing in Odoo and is reported as a duplicate: audit entry
 * {@code payment-status.duplicate} and {@code "duplicate": true} in the report written beside the archived file
 * ({@code status-archive/<date>/<name>.report.json}).
 */
@ApplicationScoped
@Named("paymentStatusReports")
@RegisterForReflection
public class PaymentStatusReports {

    /** What a report did, per payment (for the audit entry and the tests). */
    public record Applied(long odooPaymentId, String endToEndId, String status, String outcome) {
    }

    /** What the operator finds beside the archived status file. */
    public record Report(String file, String reportMessageId, String originalMessageId, String sha256, boolean duplicate,
            List<Applied> applied) {
    }

    private final Pain002Reader reader = new Pain002Reader();

    @Inject
    PaymentBatchStore store;

    @Inject
    OdooPayments odoo;

    @Inject
    AuditTrail audit;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    HubEvents events;

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camel;

    @Inject
    @Named(IdempotentRepositories.PAYMENT_STATUS_FILES)
    JdbcIdempotentRepository processed;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    public List<Applied> apply(Exchange exchange) {
        byte[] xml = exchange.getMessage().getBody(byte[].class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "status-report", String.class);
        PaymentStatusReport report = reader.read(xml, name);
        String correlationId = exchange.getMessage().getHeader(HubHeaders.CORRELATION_ID, "pain002:" + report.reportMessageId(), String.class);
        String sha256 = AuditHashing.sha256Hex(xml);
        String contentKey = "pain002-sha256:" + sha256;
        if (!processed.add(contentKey)) {
            audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, correlationId,
                    "pain002:" + report.reportMessageId(), "payment-status.duplicate", xml, "status report " + name + " for message "
                            + report.originalMessageId() + " has the content of a report already applied; nothing was changed in Odoo"));
            writeReport(new Report(name, report.reportMessageId(), report.originalMessageId(), sha256, true, List.of()));
            exchange.getMessage().setBody(List.of());
            return List.of();
        }
        List<Applied> applied;
        try {
            applied = applyReport(report, xml, name, correlationId);
        } catch (RuntimeException e) {
            // not applied (whole or in part): the file is quarantined and a replay or a re-drop must be able to apply it
            processed.remove(contentKey);
            throw e;
        }
        writeReport(new Report(name, report.reportMessageId(), report.originalMessageId(), sha256, false, applied));
        exchange.getMessage().setBody(applied);
        return applied;
    }

    private List<Applied> applyReport(PaymentStatusReport report, byte[] xml, String name, String correlationId) {
        List<Applied> applied = new ArrayList<>();
        Optional<PaymentBatchStore.StoredBatch> original = store.byMessageId(report.originalMessageId());
        if (original.isPresent()) {
            PaymentBatchStore.StoredBatch batch = original.get();
            for (PaymentBatchView.Payment p : batch.view().payments()) {
                String pmtInfId = PaymentIds.paymentInformationId(PaymentIds.databaseTag(odoo.database()), batch.view().batchNumber(), 1);
                Optional<PaymentStatus> status = report.effectiveStatus(pmtInfId, p.endToEndId());
                if (status.isPresent()) {
                    List<StatusReason> reasons = report.transaction(p.endToEndId()).map(PaymentStatusReport.TransactionStatus::reasons)
                            .filter(r -> !r.isEmpty()).orElse(reasons(report, pmtInfId));
                    applied.add(applyOne(p.odooPaymentId(), p.endToEndId(), status.get(), reasons, name, correlationId));
                }
            }
        }
        // payment-level lines for payments of other files, or references this hub never made
        for (PaymentStatusReport.TransactionStatus t : report.transactions()) {
            boolean done = applied.stream().anyMatch(a -> a.endToEndId().equals(t.originalEndToEndId()));
            if (done || t.status().isEmpty()) {
                continue;
            }
            Optional<PaymentBatchStore.StoredBatch> batch = store.byEndToEndId(t.originalEndToEndId());
            Optional<PaymentBatchView.Payment> payment = batch.flatMap(b -> b.view().payments().stream()
                    .filter(p -> p.endToEndId().equals(t.originalEndToEndId())).findFirst());
            if (payment.isEmpty()) {
                raise("unknown-reference", "Status report " + name + " (" + report.reportMessageId() + ") names end-to-end id "
                        + t.originalEndToEndId() + " (status " + t.status().get() + "), which this hub did not send; nothing was "
                        + "changed in Odoo. Check with the bank which payment it means.", correlationId, xml);
                applied.add(new Applied(0, t.originalEndToEndId(), t.status().get().code(), "UNKNOWN_REFERENCE"));
                continue;
            }
            applied.add(applyOne(payment.get().odooPaymentId(), t.originalEndToEndId(), t.status().get(), t.reasons(), name, correlationId));
        }
        if (original.isEmpty() && report.transactions().isEmpty()) {
            raise("unknown-message", "Status report " + name + " answers message " + report.originalMessageId()
                    + ", which this hub did not send; nothing was changed in Odoo.", correlationId, xml);
        }
        audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, correlationId,
                "pain002:" + report.reportMessageId(), "payment-status.applied", xml, "status report " + name + " for message "
                        + report.originalMessageId() + ": " + applied.size() + " payment status(es) applied"));
        return applied;
    }

    /** {@code <name>.report.json} in today's status archive, where the inbox route moves the file itself. */
    private void writeReport(Report report) {
        Path dir = Path.of(workDir, "payment-files", "status-archive", LocalDate.now().toString());
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + report.file() + ".report.json.tmp");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            Files.move(temp, dir.resolve(report.file() + ".report.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of status file " + report.file() + " to " + dir + ": " + e.getMessage()
                    + "; check that hub.work-dir is writable", e);
        }
    }

    private Applied applyOne(long paymentId, String endToEndId, PaymentStatus status, List<StatusReason> reasons, String file,
            String correlationId) {
        String reasonText = reasons.isEmpty() ? "" : reasons.get(0).describe();
        String outcome;
        if (status.isRejected()) {
            odoo.rejectedByBank(paymentId);
            odoo.note(paymentId, "Bank rejected payment " + endToEndId + " (status " + status + (reasonText.isEmpty() ? "" : ", " + reasonText)
                    + ") in status report " + file + ".");
            raise("payment-rejected", "The bank rejected Odoo payment " + paymentId + " (" + endToEndId + "): "
                    + (reasonText.isEmpty() ? "no reason given" : reasonText) + ". " + (odoo.version() >= 18
                    ? "It is marked rejected in Odoo; correct it and pay it again." : "It is unmarked as sent in Odoo; correct it, the next run sends it again."),
                    correlationId, endToEndId.getBytes(StandardCharsets.UTF_8));
            outcome = "REJECTED";
        } else if (status.isAccepted()) {
            odoo.note(paymentId, "Bank status " + status + " for payment " + endToEndId + " (status report " + file + ").");
            outcome = "ACCEPTED";
        } else {
            outcome = status.outcome().name();
        }
        store.bankStatus(endToEndId, status.code());
        byte[] event = events.structured(PaymentFilesFlow.FLOW, "finance.payment.status-changed", "odoo-payment:" + paymentId,
                correlationId, "status/" + endToEndId + "/" + status.code(), Map.of("odooPaymentId", paymentId, "endToEndId", endToEndId,
                        "status", status.code(), "outcome", outcome, "reason", reasonText));
        producer.sendBodyAndHeaders(PaymentFilesFlow.ENDPOINT_PUBLISH, new String(event, StandardCharsets.UTF_8),
                Map.of("kafka.KEY", "odoo-payment/" + paymentId, HubHeaders.CORRELATION_ID, correlationId, HubHeaders.FLOW, PaymentFilesFlow.FLOW));
        return new Applied(paymentId, endToEndId, status.code(), outcome);
    }

    private static List<StatusReason> reasons(PaymentStatusReport report, String pmtInfId) {
        for (PaymentStatusReport.PaymentInformationStatus p : report.paymentInformation()) {
            if (p.originalPaymentInformationId().equals(pmtInfId) && !p.reasons().isEmpty()) {
                return p.reasons();
            }
        }
        return report.groupReasons();
    }

    private void raise(String kind, String message, String correlationId, byte[] payload) {
        Exchange ex = new DefaultExchange(camel);
        ex.getMessage().setHeader(HubHeaders.FLOW, PaymentFilesFlow.FLOW);
        ex.getMessage().setHeader(HubHeaders.CORRELATION_ID, correlationId);
        ex.getMessage().setHeader(HubHeaders.SUBJECT, "payment-status:" + kind);
        ex.getMessage().setHeader(HubHeaders.REPLAY_ENDPOINT, "direct:payment-files-status");
        ex.getMessage().setBody(payload);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, new PaymentStatusException(message));
        exceptions.record(ex);
    }

    /** A status a person must act on (a rejection, an unknown reference). */
    public static class PaymentStatusException extends RuntimeException {
        public PaymentStatusException(String message) {
            super(message);
        }
    }
}
