package io.financehub.flows.budgetchecks;

import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Polling of Odoo's purchase orders (Odoo 16 has no webhooks; on 17+ the safety net for lost ones): the orders waiting
 * for approval or confirmed since a checkpoint, and the checkpoint moved once they are checked.
 */
@ApplicationScoped
@Named("purchaseOrderPolling")
@RegisterForReflection
public class PurchaseOrderPolling {

    private static final String MODEL = OdooPurchaseOrders.MODEL;
    static final String CHECKPOINT = "budget-checks/odoo-orders-waiting";
    /** What polling reads: orders asking for approval and confirmed ones (recorded when the hub did not decide them). */
    static final List<String> POLLED_STATES = List.of("to approve", "purchase", "done");

    @Inject
    OdooClient odoo;

    @Inject
    Checkpoints checkpoints;

    @Inject
    BudgetLedger ledger;

    @ConfigProperty(name = "hub.budget-checks.poll.limit", defaultValue = "200")
    int pollLimit;

    @ConfigProperty(name = "hub.budget-checks.poll.confirmed-lookback", defaultValue = "P1D")
    java.time.Duration confirmedLookback;

    /**
     * The ids of orders waiting for approval or confirmed, changed since the polling checkpoint (inclusive: an order
     * written in the checkpoint's second is not missed; checking it again is harmless), oldest first. Confirmed orders are
     * read because Odoo confirms orders itself below the company's double-validation amount (and for a purchase manager):
     * those never wait for approval, and the ledger records them when it has not decided them. Before the first
     * checkpoint, confirmed orders are read back {@code hub.budget-checks.poll.confirmed-lookback} (by their confirmation
     * date), so a new installation does not record an Odoo's whole history of orders.
     */
    public Poll waiting() {
        Optional<String> since = checkpoints.get(CHECKPOINT);
        List<Domain> terms = new ArrayList<>();
        Optional<Instant> checkpoint = since.map(Instant::parse);
        if (checkpoint.isPresent()) {
            terms.add(Domain.in("state", POLLED_STATES));
            terms.add(Domain.term("write_date", ">=", checkpoint.get()));
        } else {
            terms.add(Domain.or(Domain.eq("state", "to approve"), Domain.and(Domain.in("state", List.of("purchase", "done")),
                    Domain.term("date_approve", ">=", Instant.now().minus(confirmedLookback)))));
        }
        List<OdooRecord> orders = new ArrayList<>();
        for (int offset = 0; ; offset += pollLimit) {
            List<OdooRecord> page = odoo.searchRead(MODEL, Domain.and(terms), List.of("write_date"),
                    SearchOptions.orderBy("write_date asc, id asc").withOffset(offset).withLimit(pollLimit));
            orders.addAll(page);
            // a full page of orders all written in the checkpoint's own second would not move the checkpoint, and the
            // next poll would read the same page again, never the orders behind it: read on until past the checkpoint
            boolean stuck = checkpoint.isPresent() && page.size() == pollLimit && page.stream()
                    .allMatch(r -> r.dateTime("write_date").map(d -> !d.isAfter(checkpoint.get())).orElse(true));
            if (!stuck) {
                break;
            }
        }
        Optional<String> until = orders.stream().map(r -> r.dateTime("write_date")).flatMap(Optional::stream).max(Instant::compareTo)
                .map(Instant::toString);
        // an order that failed at this very write_date fails the same way again (its exception item is open, a replay
        // checks it); it is checked again once Odoo changes it. Without this, every poll that reads the checkpoint's
        // second again would raise one more item for it
        Map<Long, Instant> writeDates = new java.util.HashMap<>();
        orders.forEach(r -> r.dateTime("write_date").ifPresent(d -> writeDates.put(r.id(), d)));
        failedAt.entrySet().removeIf(f -> !f.getValue().equals(writeDates.getOrDefault(f.getKey(), f.getValue()))
                || checkpoint.map(f.getValue()::isBefore).orElse(false));
        List<Long> ids = new ArrayList<>(orders.stream().map(OdooRecord::id)
                .filter(id -> failedAt.get(id) == null || !failedAt.get(id).equals(writeDates.get(id))).toList());
        // orders held or queued while the finance platform was down: unchanged in Odoo, so not found by the
        // checkpoint, but checked again on every poll until they are decided
        List<String> undecided = ledger.undecidedOrders(pollLimit);
        if (!undecided.isEmpty()) {
            odoo.searchRead(MODEL, Domain.and(Domain.eq("state", "to approve"), Domain.in("name", undecided)), List.of("name"),
                    SearchOptions.orderBy("id asc").withLimit(pollLimit)).stream().map(OdooRecord::id).filter(id -> !ids.contains(id))
                    .forEach(ids::add);
        }
        return new Poll(ids, since, until, writeDates);
    }

    /**
     * Orders whose check failed, with the write_date they had: polling skips them until Odoo changes them. In memory
     * (polling runs on the flow's leader): after a restart such an order is checked, and fails, once more.
     */
    private final Map<Long, Instant> failedAt = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The check of an order that came another way (Odoo's webhook) failed, its item is recorded: polling, which reads
     * the same change, leaves it alone until Odoo changes it again. Nothing when the order could not even be read.
     */
    public void failedOrder(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) OdooPurchaseOrders.Order order) {
        if (order != null) {
            order.record().dateTime("write_date").ifPresent(written -> failedAt.put(order.id(), written));
        }
    }

    /** Forgets the failed orders: for a test whose Odoo starts again with the same ids (a real Odoo never reuses one). */
    void forgetFailures() {
        failedAt.clear();
    }

    /** The check of a polled order failed (its exception item is recorded): not checked again until Odoo changes it. */
    public void failed(@Body Object orderId, @ExchangeProperty(BudgetChecksFlow.PROPERTY_POLL) Poll poll) {
        long id = Long.parseLong(orderId.toString());
        Instant written = poll.writeDates().get(id);
        if (written != null) {
            failedAt.put(id, written);
        }
    }

    /**
     * A poll: the ids of the orders to check, the checkpoint it read from (none before the first) and the newest
     * {@code write_date} among the orders read (none when none was read), where the checkpoint moves once they are checked;
     * and the write_date of each order read.
     */
    public record Poll(List<Long> orderIds, Optional<String> from, Optional<String> until, Map<Long, Instant> writeDates) {
    }

    /** Moves the polling checkpoint past the orders just checked (compare-and-set: one instance wins). */
    public void polled(@ExchangeProperty(BudgetChecksFlow.PROPERTY_POLL) Poll poll) {
        poll.until().ifPresent(until -> checkpoints.advance(CHECKPOINT, poll.from(), until));
    }
}
