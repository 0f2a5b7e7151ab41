package io.financehub.flows.payments;

import io.financehub.canonical.Money;
import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.StatusReason;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.BatchInfo;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.formats.StatementFormat;
import io.financehub.formats.camt.CamtNamespace;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.xml.SafeXml;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A bank's camt.054 debit/credit notification read as the statuses of the payments it books (DESIGN.md: the status
 * inbox takes pain.002 and camt.054). Read with the statement flow's camt reader (hardened XML, batch entries split
 * into their transactions), then per booked transaction that carries an end-to-end id:
 * <ul>
 *   <li>a debit: the payment was executed and booked, {@code ACSC};</li>
 *   <li>a return or reversal ({@code RtrInf}, {@code RvslInd}, or a credit carrying the end-to-end id of one of our
 *       payments: the money came back), {@code RJCT} with the bank's return reason.</li>
 * </ul>
 * A collective booking (one entry for a whole payment file) that lists its transactions' end-to-end ids without
 * amounts gives each of them the entry's status; one that names the file only by its batch ids
 * ({@code NtryDtls/Btch/MsgId}, {@code PmtInfId}) is a {@link BatchStatus}, matched to the file's payments by the flow.
 * Pending and informational entries decide nothing and are skipped, as are transactions without any reference.
 */
final class CamtNotificationStatuses {

    /** One payment's status as the notification reports it. */
    record Status(String endToEndId, PaymentStatus status, List<StatusReason> reasons) {
    }

    /**
     * A collective booking that names the payment file it executed by its ids only (no end-to-end ids): the
     * booked amount (unsigned, entry currency) and the count the bank gives, for the flow to match against the file.
     */
    record BatchStatus(Optional<String> messageId, Optional<String> paymentInformationId, Money amount, int transactionCount,
            PaymentStatus status, List<StatusReason> reasons, String where) {

        String describe() {
            return messageId.map(id -> "message " + id).orElse("") + (messageId.isPresent() && paymentInformationId.isPresent() ? ", " : "")
                    + paymentInformationId.map(id -> "payment information " + id).orElse("");
        }
    }

    /**
     * The notification's message id, the account it reports on (its first notification's; never log it whole) and the
     * statuses it reports, in document order.
     */
    record Notification(String messageId, String account, List<Status> statuses, List<BatchStatus> batches) {
    }

    private CamtNotificationStatuses() {
    }

    /**
     * Whether the document is a camt.054 (by the namespace of its root element, as the camt reader recognises it);
     * anything unreadable is left to the pain.002 reader's errors.
     */
    static boolean isNotification(byte[] xml) {
        XMLStreamReader reader = null;
        try {
            reader = SafeXml.inputFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    return CamtNamespace.parse(reader.getNamespaceURI()).filter(n -> n.format() == StatementFormat.CAMT_054).isPresent();
                }
            }
            return false;
        } catch (XMLStreamException | RuntimeException e) {
            return false;
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    static Notification read(byte[] xml, String fileName) {
        List<BankStatement> notifications = CamtStatementReader.readAll(xml, fileName, CamtStatementReader.Options.DEFAULT);
        String messageId = notifications.stream().map(n -> n.header().messageId().orElse(n.header().statementId())).findFirst()
                .orElse(fileName);
        List<Status> statuses = new ArrayList<>();
        List<BatchStatus> batches = new ArrayList<>();
        for (BankStatement notification : notifications) {
            for (StatementLine line : notification.lines()) {
                if (line.status() != EntryStatus.BOOKED) {
                    continue;
                }
                Optional<BatchInfo> batch = line.batch().filter(BatchInfo::isAggregate);
                if (line.endToEndId().isPresent()) {
                    statuses.add(new Status(line.endToEndId().get(), status(line), reasons(line)));
                } else if (batch.isPresent() && !batch.get().endToEndIds().isEmpty()) {
                    batch.get().endToEndIds().forEach(id -> statuses.add(new Status(id, status(line), reasons(line))));
                } else if (batch.isPresent() && (batch.get().messageId().isPresent() || batch.get().paymentInformationId().isPresent())) {
                    batches.add(new BatchStatus(batch.get().messageId(), batch.get().paymentInformationId(), line.amount().abs(),
                            batch.get().transactionCount(), status(line), reasons(line), line.location().describe()));
                }
            }
        }
        String account = notifications.stream().map(n -> n.header().account().identifier()).findFirst().orElse("");
        return new Notification(messageId, account, statuses, batches);
    }

    /** Booked as a debit: executed ({@code ACSC}); a return, reversal or a credit back: {@code RJCT}. */
    private static PaymentStatus status(StatementLine line) {
        return returned(line) ? PaymentStatus.RJCT : PaymentStatus.ACSC;
    }

    private static boolean returned(StatementLine line) {
        return line.returnReason().isPresent() || line.reversal() || line.amount().amount().signum() > 0;
    }

    private static List<StatusReason> reasons(StatementLine line) {
        if (!returned(line)) {
            return List.of();
        }
        String text = "returned by the bank, booked " + line.bookingDate() + line.entryReference().map(r -> " (entry " + r + ")").orElse("");
        return List.of(new StatusReason(line.returnReason(), Optional.empty(), List.of(text)));
    }
}
