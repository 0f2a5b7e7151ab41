package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.StatusReason;
import io.financehub.canonical.statement.BankStatement;
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
 * Pending and informational entries decide nothing and are skipped, as are transactions without an end-to-end id.
 */
final class CamtNotificationStatuses {

    /** One payment's status as the notification reports it. */
    record Status(String endToEndId, PaymentStatus status, List<StatusReason> reasons) {
    }

    /** The notification's message id and the statuses it reports, in document order. */
    record Notification(String messageId, List<Status> statuses) {
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
        for (BankStatement notification : notifications) {
            for (StatementLine line : notification.lines()) {
                if (line.status() != EntryStatus.BOOKED || line.endToEndId().isEmpty()) {
                    continue;
                }
                statuses.add(status(line));
            }
        }
        return new Notification(messageId, statuses);
    }

    private static Status status(StatementLine line) {
        String endToEndId = line.endToEndId().orElseThrow();
        boolean returned = line.returnReason().isPresent() || line.reversal() || line.amount().amount().signum() > 0;
        if (!returned) {
            return new Status(endToEndId, PaymentStatus.ACSC, List.of());
        }
        String text = "returned by the bank, booked " + line.bookingDate() + line.entryReference().map(r -> " (entry " + r + ")").orElse("");
        Optional<String> code = line.returnReason();
        return new Status(endToEndId, PaymentStatus.RJCT, List.of(new StatusReason(code, Optional.empty(), List.of(text))));
    }
}
