package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Odoo's purchase-order webhooks, received now and checked once Odoo has committed. Odoo's "Send Webhook
 * Notification" waits at most one second for the answer, and Odoo 17 and 18 send it from inside the transaction that
 * made the change: a read of the order while the call is open still sees the order as it was. So the answer only
 * stores the call (one insert, no Odoo call) and the check runs afterwards: the order is re-read until Odoo shows the
 * change the webhook announced (its state, and its write date when the body carries it), at most
 * {@code hub.budget-checks.webhook.commit-wait} after the call; past that the order is left to polling, which reads
 * every order waiting for approval or confirmed. A receipt survives a restart: it is checked by whichever instance
 * claims it next.
 */
@ApplicationScoped
@Named("purchaseOrderWebhooks")
@RegisterForReflection
public class PurchaseOrderWebhooks {

    private static final Logger LOG = Logger.getLogger(PurchaseOrderWebhooks.class);

    /** The receipt being checked (a {@link Due}), kept on the exchange while the check replaces the body. */
    public static final String PROPERTY_RECEIPT = "HubWebhookReceipt";
    /** What {@link #awaitCommit} found for the receipt (a {@link Commit}): the route dispatches on it. */
    public static final String PROPERTY_COMMIT = "HubWebhookCommit";

    /** Whether Odoo shows the webhook's change: yes, not yet (tried again), or not within the commit wait (left to polling). */
    public enum Seen { COMMITTED, NOT_YET, GAVE_UP }

    /** What {@link #awaitCommit} found: whether Odoo shows the change and, when it does not, what it showed instead. */
    public record Commit(Seen seen, String lastRead) {
    }

    /** What a receipt came to; DUPLICATE: Odoo delivered the same call before and that receipt checked the order. */
    public enum Outcome { CHECKED, NOTHING_TO_CHECK, LEFT_TO_POLLING, FAILED, DUPLICATE }

    /** The webhook's answer: the receipt's id, the order, its state as the call announced it and what happens next. */
    public record Receipt(long receipt, long orderId, String state, String check) {
    }

    /** A receipt due for its check: the order, what the call announced (state, write_date), when and how often tried. */
    public record Due(long receipt, long orderId, JsonNode announced, String correlationId, Instant receivedAt, int attempts) {

        /**
         * The delivery's identity, the key of the route's idempotent consumer: the order and the state and write date the
         * call announced (one change of the order, however often Odoo sends it). A call without both cannot be told from
         * another change of the same order, so its own receipt names it: never a duplicate.
         */
        public String delivery() {
            JsonNode state = announced.get("state");
            JsonNode written = announced.get("write_date");
            return state != null && state.isTextual() && written != null && written.isTextual()
                    ? orderId + "/" + state.textValue() + "/" + written.textValue() : "receipt/" + receipt;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OdooClient odoo;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "hub.budget-checks.webhook.commit-wait", defaultValue = "PT10S")
    Duration commitWait;

    @ConfigProperty(name = "hub.budget-checks.webhook.batch-size", defaultValue = "20")
    int batchSize;

    private volatile Instant lastCleanUp = Instant.EPOCH;

    /**
     * Stores a webhook call and answers what will happen, without calling Odoo. An order the call announces as a draft or
     * a request for quotation commits nothing: its receipt is done at once.
     *
     * @throws IllegalArgumentException when the body names no purchase order
     */
    public Receipt receive(JsonNode body, String correlationId) {
        WebhookCall call = WebhookCall.of(body, json);
        ObjectNode kept = call.announced();
        long orderId = call.orderId();
        Optional<String> state = kept.hasNonNull("state") ? Optional.of(kept.get("state").asText()) : Optional.empty();
        boolean nothingToCheck = state.isPresent() && !OdooPurchaseOrders.CHECKED_STATES.contains(state.get());
        String check = nothingToCheck ? "not checked: " + OdooPurchaseOrders.notCheckedReason(state.get())
                : "checked once Odoo shows the change committed (" + state.map(s -> "state " + s).orElse("the order as it is now") + ")";
        long receipt = insert(orderId, kept, correlationId, nothingToCheck ? Outcome.NOTHING_TO_CHECK : null,
                nothingToCheck ? check : null);
        meters.counter("hub.budget_checks.webhooks", "outcome", nothingToCheck ? Outcome.NOTHING_TO_CHECK.name() : "RECEIVED").increment();
        return new Receipt(receipt, orderId, state.orElse(null), check);
    }

    private long insert(long orderId, ObjectNode kept, String correlationId, Outcome doneAs, String result) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into budget_webhook (odoo_order_id, payload, correlation_id, done_at, outcome, "
                        + "result) values (?, ?, ?, case when ? then now() end, ?, ?) returning id")) {
            ps.setLong(1, orderId);
            ps.setString(2, json.writeValueAsString(kept));
            ps.setString(3, correlationId);
            ps.setBoolean(4, doneAs != null);
            ps.setString(5, doneAs == null ? null : doneAs.name());
            ps.setString(6, result);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("The webhook call for purchase order " + orderId + " could not be stored; Odoo does not send "
                    + "it again, polling will check the order: " + e.getMessage(), e);
        }
    }

    /**
     * Claims the receipts due for their check, oldest first, at most {@code hub.budget-checks.webhook.batch-size}: a claim
     * keeps other instances off a receipt for five minutes (then a receipt whose instance stopped is claimed again).
     */
    public List<Due> due() {
        cleanUp();
        List<Due> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update budget_webhook set claimed_until = now() + interval '5 minutes', "
                        + "attempts = attempts + 1 where id in (select id from budget_webhook where done_at is null and due_at <= now() "
                        + "and (claimed_until is null or claimed_until < now()) order by id limit ? for update skip locked) "
                        + "returning id, odoo_order_id, payload, correlation_id, received_at, attempts")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getLong(1), rs.getLong(2), json.readTree(rs.getString(3)), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getInt(6)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Budget-checks webhooks: cannot claim the receipts due: " + e.getMessage(), e);
        }
        due.sort(java.util.Comparator.comparingLong(Due::receipt));
        return due;
    }

    /** Reads the receipt's order from Odoo and says whether it shows the change the call announced. */
    public Commit awaitCommit(@Body Due due) {
        String seen;
        try {
            List<OdooRecord> read = odoo.read(OdooPurchaseOrders.MODEL, List.of(due.orderId()), List.of("state", "write_date"));
            seen = read.isEmpty() ? "not there yet" : WebhookCall.differs(due.announced(), read.get(0)).orElse(null);
        } catch (RuntimeException e) {
            seen = "Odoo could not be read (" + e.getMessage() + ")";
        }
        if (seen == null) {
            return new Commit(Seen.COMMITTED, null);
        }
        return new Commit(Instant.now().isBefore(due.receivedAt().plus(commitWait)) ? Seen.NOT_YET : Seen.GAVE_UP, seen);
    }

    /** The order was checked: the receipt is done with the check's answer. */
    public void checked(@ExchangeProperty(PROPERTY_RECEIPT) Due due, @Body Object answer) {
        done(due, Outcome.CHECKED, write(answer));
    }

    /** Odoo does not show the change yet: the receipt is tried again after a pause that doubles (100 ms up to 2 s). */
    public void later(@ExchangeProperty(PROPERTY_RECEIPT) Due due) {
        long pause = Math.min(2000, 100L << Math.min(5, Math.max(0, due.attempts() - 1)));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update budget_webhook set due_at = now() + ? * interval '1 millisecond', "
                        + "claimed_until = null where id = ?")) {
            ps.setLong(1, pause);
            ps.setLong(2, due.receipt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Budget-checks webhooks: cannot reschedule receipt " + due.receipt() + ": " + e.getMessage(), e);
        }
    }

    /** Odoo never showed the change within the commit wait: polling checks the order (it reads waiting and confirmed orders). */
    public void leftToPolling(@ExchangeProperty(PROPERTY_RECEIPT) Due due, @ExchangeProperty(PROPERTY_COMMIT) Commit commit) {
        String seen = commit.lastRead();
        LOG.warnf("Webhook receipt %d: purchase order %d did not show the announced change within %s (last read: %s); "
                + "polling checks it", due.receipt(), due.orderId(), commitWait, seen);
        done(due, Outcome.LEFT_TO_POLLING, "Odoo did not show the announced change within " + commitWait + " (last read: " + seen
                + "); polling checks the order");
    }

    /** Odoo delivered this call before and that delivery's check ran: the receipt is done without a second check. */
    public void duplicate(@ExchangeProperty(PROPERTY_RECEIPT) Due due) {
        String result = "Odoo delivered this call before (order " + due.orderId() + ", " + due.delivery().substring(String.valueOf(due.orderId())
                .length() + 1).replace('/', ' ') + "): the order was checked with that delivery, not again";
        LOG.infof("Webhook receipt %d: %s", due.receipt(), result);
        done(due, Outcome.DUPLICATE, result);
    }

    /** The order's check failed (it became an exception item of the check itself): the receipt is done. */
    public void failed(@ExchangeProperty(PROPERTY_RECEIPT) Due due, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        done(due, Outcome.FAILED, cause == null ? "failed" : cause.getMessage());
    }

    private void done(Due due, Outcome outcome, String result) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update budget_webhook set done_at = now(), outcome = ?, result = ?, "
                        + "claimed_until = null where id = ?")) {
            ps.setString(1, outcome.name());
            ps.setString(2, result);
            ps.setLong(3, due.receipt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Budget-checks webhooks: cannot close receipt " + due.receipt() + ": " + e.getMessage(), e);
        }
        meters.counter("hub.budget_checks.webhooks", "outcome", outcome.name()).increment();
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private long failedRounds;
    private long lastFailureReport = System.nanoTime() - Duration.ofMinutes(1).toNanos();

    /**
     * A round of receipts that failed as a whole (the store unreachable): its receipts stay, and are claimed again once
     * their claim lapses. Counted, and reported at most once a minute instead of a stack trace every interval.
     */
    public synchronized void roundFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        meters.counter("hub.budget_checks.webhook_failed_rounds").increment();
        failedRounds++;
        long now = System.nanoTime();
        if (now - lastFailureReport >= Duration.ofMinutes(1).toNanos()) {
            LOG.warnf("Budget-checks webhooks: %d round(s) failed since the last report, last: %s; the receipts stay and are checked "
                    + "once the store answers (polling covers their orders meanwhile)", failedRounds, cause == null ? "unknown" : cause.getMessage());
            lastFailureReport = now;
            failedRounds = 0;
        }
    }

    /** Receipts done more than a week ago are removed (at most once a minute). */
    private void cleanUp() {
        Instant now = Instant.now();
        if (now.isBefore(lastCleanUp.plus(Duration.ofMinutes(1)))) {
            return;
        }
        lastCleanUp = now;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from budget_webhook where done_at < now() - interval '7 days'")) {
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Budget-checks webhooks: old receipts could not be removed (tried again in a minute): %s", e.getMessage());
        }
    }
}
