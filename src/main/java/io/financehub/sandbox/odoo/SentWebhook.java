package io.financehub.sandbox.odoo;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One call of an automation rule's "Send Webhook Notification" as the emulator sent it: where, the body (the bytes Odoo
 * sends), when it was sent and when the transaction that triggered it committed (after the call on 17 and 18, before
 * it on 19), and the answer's status or why there was none (Odoo only logs either).
 */
public record SentWebhook(URI url, String body, Instant sentAt, Instant committedAt, boolean insideTransaction, Optional<Integer> status,
        Optional<String> error) {
}
