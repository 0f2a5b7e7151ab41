package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentStatusReport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;

/**
 * A status file read once: a pain.002 report or a camt.054 notification, and the identity its idempotent consumer keys
 * on. A bank gives a message one id (GrpHdr/MsgId) however often it sends it; the id is unique per sender, so the key
 * scopes it by what names the sender: a pain.002 by the pain.001 it answers (which went to one bank), a camt.054 by
 * the account it reports on. The key may hold an account number: it is stored, never logged.
 *
 * @param key          the idempotent consumer's key ({@code pain002:<OrgnlMsgId>:<MsgId>}, {@code camt054:<account>:<MsgId>})
 * @param subject      the audit subject of the message ({@code pain002:<MsgId>}, {@code camt054:<MsgId>})
 * @param report       the pain.002, when it is one
 * @param notification the camt.054, when it is one
 */
@RegisterForReflection
public record StatusMessage(String fileName, String key, String subject, String reportMessageId, String originalMessageId,
        Optional<PaymentStatusReport> report, Optional<CamtNotificationStatuses.Notification> notification) {

    static StatusMessage of(PaymentStatusReport report, String fileName) {
        String id = report.reportMessageId();
        return new StatusMessage(fileName, "pain002:" + report.originalMessageId() + ":" + id, "pain002:" + id, id,
                report.originalMessageId(), Optional.of(report), Optional.empty());
    }

    static StatusMessage of(CamtNotificationStatuses.Notification notification, String fileName) {
        String id = notification.messageId();
        return new StatusMessage(fileName, "camt054:" + notification.account() + ":" + id, "camt054:" + id, id, "", Optional.empty(),
                Optional.of(notification));
    }

    /** The message as an operator names it, without the account. */
    String describe() {
        return report.map(r -> "Status report " + reportMessageId + " answering payment file " + originalMessageId)
                .orElse("Debit/credit notification " + reportMessageId);
    }
}
