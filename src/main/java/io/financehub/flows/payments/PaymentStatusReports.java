package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.PaymentStatusReport;
import io.financehub.canonical.payment.StatusReason;
import io.financehub.formats.pain.Pain002Reader;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditHashing;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.exceptions.NotReplayableException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies a bank's pain.002 status report to the Odoo payments of the file it answers, or a camt.054 debit/credit
 * notification to the payments whose bookings it reports ({@link CamtNotificationStatuses}). Each payment's status is its
 * own (by OrgnlEndToEndId), else its block's, else the message's: accepted codes add a note to the payment; a
 * rejection gives the payment back (16/17 {@code unmark_as_sent}) or rejects it (18 {@code action_reject}), with a
 * chatter message naming the reason and an operator notice. A reference this hub did not send changes nothing
 * and becomes a notice. Notices are exception items for a person (what to do in Odoo or with the bank), not failed
 * messages: their replay is refused ({@link NotReplayableException}) and they are closed by a reasoned discard. A
 * status already applied to a payment is not applied again ({@code ALREADY_APPLIED}), so a file that failed half-way
 * (Odoo unreachable) is replayed whole from its exception item and changes only what was not done. The route reads a
 * file once ({@link #read}) and applies each message once (its idempotent consumer keys on the message's identity,
 * {@link StatusMessage}); the same message again, under any file name, changes nothing in Odoo ({@link #duplicate}):
 * audit entry {@code payment-status.duplicate} and {@code "duplicate": true} with its reason in the report written
 * beside the archived file ({@code status-archive/<date>/<name>.report.json}). One payment's change is
 * {@link PaymentStatusChanges}'s, a notice {@link PaymentStatusNotices}'.
 */
@ApplicationScoped
@Named("paymentStatusReports")
@RegisterForReflection
public class PaymentStatusReports {

    /** What a report did, per payment (for the audit entry and the tests). */
    public record Applied(long odooPaymentId, String endToEndId, String status, String outcome) {
    }

    /** What the operator finds beside the archived status file; a duplicate says why it was not applied. */
    public record Report(String file, String reportMessageId, String originalMessageId, String sha256, boolean duplicate,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> duplicateReason, List<Applied> applied) {
    }

    /** The exchange property the route keeps the read message in ({@link #read}), for the idempotent consumer and apply. */
    public static final String PROPERTY_MESSAGE = "HubStatusMessage";

    private static final Logger LOG = Logger.getLogger(PaymentStatusReports.class);

    private final Pain002Reader reader = new Pain002Reader();

    @Inject
    PaymentBatchStore store;

    @Inject
    OdooPayments odoo;

    @Inject
    AuditTrail audit;

    @Inject
    PaymentStatusChanges changes;

    @Inject
    PaymentStatusNotices notices;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    /**
     * Reads a status file (body: its bytes; file name from the inbox, or the replayed item's header) once, into the
     * message the route keys its idempotent consumer on and later applies. A file that is not a readable pain.002 or
     * camt.054 fails here, before anything is keyed or changed (the route's error handling quarantines it).
     */
    public StatusMessage read(@Body byte[] xml, @Header(Exchange.FILE_NAME_ONLY) String fileName) {
        String name = fileName == null ? "status-report" : fileName;
        if (CamtNotificationStatuses.isNotification(xml)) {
            return StatusMessage.of(CamtNotificationStatuses.read(xml, name), name);
        }
        return StatusMessage.of(reader.read(xml, name), name);
    }

    /** Applies a status message under the exchange's correlation id, else the message's subject; what it did, per payment. */
    public List<Applied> apply(@ExchangeProperty(PROPERTY_MESSAGE) StatusMessage message, @Body byte[] xml,
            @Header(HubHeaders.CORRELATION_ID) String correlationIdHeader) {
        String correlationId = correlationIdHeader == null ? message.subject() : correlationIdHeader;
        List<Applied> applied = message.report().map(r -> applyReport(r, xml, message.fileName(), correlationId))
                .orElseGet(() -> applyNotification(message.notification().orElseThrow(), xml, message.fileName(), correlationId));
        writeReport(new Report(message.fileName(), message.reportMessageId(), message.originalMessageId(), AuditHashing.sha256Hex(xml),
                false, Optional.empty(), applied));
        return applied;
    }

    /**
     * A status message applied before, in this file again (the bank sent it twice, under any name): nothing changes in
     * Odoo; the audit entry {@code payment-status.duplicate}, a log line and the report beside the archived file say why.
     */
    public Report duplicate(@ExchangeProperty(PROPERTY_MESSAGE) StatusMessage message, @Body byte[] xml,
            @Header(HubHeaders.CORRELATION_ID) String correlationIdHeader) {
        String correlationId = correlationIdHeader == null ? message.subject() : correlationIdHeader;
        String reason = message.describe() + " was applied before (see the audit trail under subject " + message.subject()
                + "); this file repeats it, so nothing was changed in Odoo and the file is archived as a duplicate";
        LOG.warnf("Status file %s: %s", message.fileName(), reason);
        audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, correlationId, message.subject(),
                "payment-status.duplicate", xml, "status file " + message.fileName() + ": " + reason));
        Report report = new Report(message.fileName(), message.reportMessageId(), message.originalMessageId(), AuditHashing.sha256Hex(xml),
                true, Optional.of(reason), List.of());
        writeReport(report);
        return report;
    }

    /**
     * A camt.054 debit/credit notification: each entry naming the end-to-end id of a payment this hub sent applies
     * that payment's status (booked: ACSC; returned or reversed: RJCT with the bank's return reason). The other
     * movements a notification carries (incoming credits, card payments, other systems' payments) are not this
     * flow's and change nothing.
     */
    private List<Applied> applyNotification(CamtNotificationStatuses.Notification notification, byte[] xml, String name,
            String correlationId) {
        List<Applied> applied = new ArrayList<>();
        int others = 0;
        for (CamtNotificationStatuses.Status s : notification.statuses()) {
            Optional<PaymentBatchView.Payment> payment = sentPayment(s.endToEndId());
            if (payment.isEmpty()) {
                others++;
                continue;
            }
            applied.add(changes.apply(payment.get(), s.status(), s.reasons(), name, correlationId));
        }
        for (CamtNotificationStatuses.BatchStatus b : notification.batches()) {
            Optional<PaymentBatchStore.StoredBatch> batch = sentBatch(b);
            if (batch.isEmpty()) {
                others++;
                continue;
            }
            applied.addAll(applyCollective(batch.get().view(), b, name, correlationId));
        }
        audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, correlationId,
                "camt054:" + notification.messageId(), "payment-status.applied", xml, "debit/credit notification " + name + ": " + applied.size()
                        + " payment status(es) applied, " + others + " other movement(s) not sent by this hub"));
        return applied;
    }

    /** The payment file a collective booking names, by its message id or else its payment-information id; only this hub's. */
    private Optional<PaymentBatchStore.StoredBatch> sentBatch(CamtNotificationStatuses.BatchStatus b) {
        Optional<PaymentBatchStore.StoredBatch> byMessage = b.messageId().flatMap(store::byMessageId);
        if (byMessage.isPresent()) {
            return byMessage;
        }
        String tag = PaymentIds.databaseTag(odoo.database());
        return b.paymentInformationId().flatMap(PaymentIds::parsePaymentInformationId).filter(p -> p.databaseTag().equals(tag))
                .flatMap(p -> store.byMessageId(PaymentIds.messageId(tag, p.batchNumber())));
    }

    /**
     * A collective booking of one of this hub's payment files, named by the file's ids only. The bank booked the file's
     * payments it executed: those not rejected before. Their statuses are applied only when the booking adds up (their
     * count and total are what the bank booked); otherwise which payments the bank booked is unclear, nothing is
     * changed and a notice says what to check.
     */
    private List<Applied> applyCollective(PaymentBatchView batch, CamtNotificationStatuses.BatchStatus b, String name, String correlationId) {
        List<PaymentBatchView.Payment> executed = batch.payments().stream().filter(PaymentBatchView.Payment::active)
                .filter(p -> p.bankStatus() == null || p.bankStatus().isBlank() || !PaymentStatus.of(p.bankStatus()).isRejected()).toList();
        BigDecimal total = executed.stream().map(PaymentBatchView.Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean addsUp = b.amount().currencyCode().equals(batch.currency()) && total.compareTo(b.amount().amount()) == 0
                && (b.transactionCount() <= 1 || b.transactionCount() == executed.size());
        if (executed.isEmpty() || !addsUp) {
            notices.raise("collective-booking-unmatched", "Notification " + name + " books " + b.amount() + " (" + b.transactionCount()
                    + " transaction(s), status " + b.status() + ") as one entry for payment file " + batch.messageId() + " (" + b.describe()
                    + ", at " + b.where() + "), but the file's payments not rejected before are " + executed.size() + " totalling " + total
                    + " " + batch.currency() + ", so which payments the bank booked is unclear; nothing was changed in Odoo. Ask the bank "
                    + "for a notification listing the transactions (TxDtls with end-to-end ids) and drop it in the status inbox, or settle "
                    + "the payments by hand from the bank statement.", correlationId, name, null, 0);
            return List.of(new Applied(0, batch.messageId(), b.status().code(), "UNMATCHED_COLLECTIVE_BOOKING"));
        }
        List<Applied> applied = new ArrayList<>();
        for (PaymentBatchView.Payment p : executed) {
            applied.add(changes.apply(p, b.status(), b.reasons(), name, correlationId));
        }
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
                    applied.add(changes.apply(p, status.get(), reasons, name, correlationId));
                }
            }
        }
        // payment-level lines for payments of other files, or references this hub never made
        for (PaymentStatusReport.TransactionStatus t : report.transactions()) {
            boolean done = applied.stream().anyMatch(a -> a.endToEndId().equals(t.originalEndToEndId()));
            if (done || t.status().isEmpty()) {
                continue;
            }
            Optional<PaymentBatchView.Payment> payment = sentPayment(t.originalEndToEndId());
            if (payment.isEmpty()) {
                notices.raise("unknown-reference", "Status report " + name + " (" + report.reportMessageId() + ") names end-to-end id "
                        + t.originalEndToEndId() + " (status " + t.status().get() + "), which this hub did not send; nothing was "
                        + "changed in Odoo. Check with the bank which payment it means and settle that payment in Odoo by hand.",
                        correlationId, name, t.originalEndToEndId(), 0);
                applied.add(new Applied(0, t.originalEndToEndId(), t.status().get().code(), "UNKNOWN_REFERENCE"));
                continue;
            }
            applied.add(changes.apply(payment.get(), t.status().get(), t.reasons(), name, correlationId));
        }
        if (original.isEmpty() && report.transactions().isEmpty()) {
            notices.raise("unknown-message", "Status report " + name + " answers message " + report.originalMessageId()
                    + ", which this hub did not send; nothing was changed in Odoo. Check with the bank which file it answers.",
                    correlationId, name, null, 0);
        }
        audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, correlationId,
                "pain002:" + report.reportMessageId(), "payment-status.applied", xml, "status report " + name + " for message "
                        + report.originalMessageId() + ": " + applied.size() + " payment status(es) applied"));
        return applied;
    }

    /** The payment this hub sent under an end-to-end id, in whichever batch carried it. */
    private Optional<PaymentBatchView.Payment> sentPayment(String endToEndId) {
        return store.byEndToEndId(endToEndId).flatMap(b -> b.view().payments().stream().filter(p -> p.endToEndId().equals(endToEndId))
                .findFirst());
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

    private static List<StatusReason> reasons(PaymentStatusReport report, String pmtInfId) {
        for (PaymentStatusReport.PaymentInformationStatus p : report.paymentInformation()) {
            if (p.originalPaymentInformationId().equals(pmtInfId) && !p.reasons().isEmpty()) {
                return p.reasons();
            }
        }
        return report.groupReasons();
    }
}
