package io.financehub.flows.budgetchecks;

import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ledger's commitments follow their orders in Odoo: a cancelled order's are released, an escalated order Odoo
 * confirmed turns its earmark into a reservation, a fully billed order's are consumed.
 */
@ApplicationScoped
@Named("commitmentSettling")
@RegisterForReflection
public class CommitmentSettling {

    private static final String MODEL = OdooPurchaseOrders.MODEL;

    @Inject
    OdooClient odoo;

    @Inject
    BudgetLedger ledger;

    /** Page size of the reads of Odoo's orders (the polling limit). */
    @ConfigProperty(name = "hub.budget-checks.poll.limit", defaultValue = "200")
    int pollLimit;

    @ConfigProperty(name = "hub.budget-checks.settle.full-sweep-interval", defaultValue = "PT1H")
    java.time.Duration fullSweepInterval;

    @ConfigProperty(name = "hub.budget-checks.settle.overlap", defaultValue = "PT10M")
    java.time.Duration settleOverlap;

    /** Odoo's write_date from which the next incremental settling pass reads changed orders (Odoo's clock); null: sweep. */
    private Instant settleFrom;

    /** When this instance last re-read every order holding an open commitment (this host's clock). */
    private Instant lastFullSweep;

    /**
     * After the check of an order Odoo has confirmed ({@code purchase} or {@code done}): an escalated order's
     * earmark becomes a reservation (its approver approved it in Odoo), and a fully billed order's commitment is
     * consumed (the order as it was read for its check).
     */
    public void settle(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) OdooPurchaseOrders.Order order) {
        settleOne(order.name(), order.state(), order.invoiceStatus());
    }

    /**
     * What settling the ledger's open commitments against Odoo did: Odoo orders read, commitments released,
     * earmarks confirmed, commitments consumed, and whether it was a full sweep.
     */
    public record Settled(int ordersRead, int released, int confirmed, int consumed, boolean fullSweep) {
    }

    static final List<String> SETTLED_STATES = List.of("purchase", "done", "cancel");

    /**
     * Polling's second half: settles the orders holding open commitments or earmarks in the ledger against their
     * state in Odoo: cancelled → released, confirmed → earmark becomes a reservation, fully billed
     * ({@code invoice_status = invoiced}) → consumed. Orders Odoo does not know (API checks) are left alone.
     *
     * <p>Incremental: a pass reads only the orders Odoo changed since the newest change the previous pass saw
     * ({@code write_date}, Odoo's clock, less {@code hub.budget-checks.settle.overlap} for Odoo transactions that
     * commit after a later one), so its cost follows the rate of change, not the number of open orders. Every
     * {@code hub.budget-checks.settle.full-sweep-interval}, and on an instance's first pass, it re-reads every
     * order holding an open commitment instead (by name, in pages): the safety net for changes that do not move an
     * order's {@code write_date}. Settling twice changes nothing, so instances need not coordinate.
     */
    public synchronized Settled settleOpen() {
        Instant now = Instant.now();
        if (settleFrom == null || lastFullSweep == null || !now.isBefore(lastFullSweep.plus(fullSweepInterval))) {
            // the newest change before the sweep: anything written after it is read by the next incremental pass
            Optional<Instant> newest = odoo.searchRead(MODEL, Domain.all(), List.of("write_date"),
                    SearchOptions.orderBy("write_date desc, id desc").withLimit(1)).stream().findFirst().flatMap(r -> r.dateTime("write_date"));
            Settled settled = sweep(ledger.openOrders());
            lastFullSweep = now;
            settleFrom = newest.orElse(null);
            return settled;
        }
        Set<String> open = new java.util.HashSet<>(ledger.openOrders());
        Instant newest = settleFrom;
        int read = 0;
        int[] counts = new int[3];
        Domain changed = Domain.and(Domain.term("write_date", ">=", settleFrom.minus(settleOverlap)), Domain.in("state", SETTLED_STATES));
        for (int offset = 0; ; offset += pollLimit) {
            List<OdooRecord> page = odoo.searchRead(MODEL, changed, List.of("name", "state", "invoice_status", "write_date"),
                    SearchOptions.orderBy("write_date asc, id asc").withOffset(offset).withLimit(pollLimit));
            for (OdooRecord o : page) {
                read++;
                Optional<Instant> written = o.dateTime("write_date");
                if (written.isPresent() && written.get().isAfter(newest)) {
                    newest = written.get();
                }
                if (open.contains(o.string("name").orElseThrow())) {
                    add(counts, settleOne(o));
                }
            }
            if (page.size() < pollLimit) {
                break;
            }
        }
        settleFrom = newest;
        return new Settled(read, counts[0], counts[1], counts[2], false);
    }

    /** The next settling pass re-reads every order holding an open commitment, whatever the sweep interval. */
    synchronized void sweepOnNextPass() {
        lastFullSweep = null;
    }

    /** Re-reads every given order (by name, in pages of the polling limit) and settles those Odoo has moved on. */
    private Settled sweep(List<String> open) {
        int read = 0;
        int[] counts = new int[3];
        for (int from = 0; from < open.size(); from += pollLimit) {
            List<String> page = open.subList(from, Math.min(open.size(), from + pollLimit));
            for (OdooRecord o : odoo.searchRead(MODEL, Domain.and(Domain.in("name", page), Domain.in("state", SETTLED_STATES)),
                    List.of("name", "state", "invoice_status"), SearchOptions.orderBy("id asc"))) {
                read++;
                add(counts, settleOne(o));
            }
        }
        return new Settled(read, counts[0], counts[1], counts[2], true);
    }

    private static void add(int[] counts, int[] done) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += done[i];
        }
    }

    /** Settles one order as Odoo returned it (name, state, invoice_status). */
    private int[] settleOne(OdooRecord order) {
        return settleOne(order.string("name").orElseThrow(), order.string("state").orElse(""), order.string("invoice_status").orElse(""));
    }

    /** Released, confirmed, consumed commitments of one order in the given Odoo state. */
    private int[] settleOne(String order, String state, String invoiceStatus) {
        if ("cancel".equals(state)) {
            return new int[] {ledger.releaseOrder(order), 0, 0};
        }
        if (!"purchase".equals(state) && !"done".equals(state)) {
            return new int[3];
        }
        int confirmed = ledger.confirmOrder(order);
        int consumed = "invoiced".equals(invoiceStatus) ? ledger.consumeOrder(order) : 0;
        return new int[] {0, confirmed, consumed};
    }

    /** What a cancelled order gave back: the number of cost-centre commitments released. */
    public record Released(String orderReference, int commitmentsReleased) {
    }

    /** A cancelled order's commitments go back to its budgets. */
    public Released release(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) OdooPurchaseOrders.Order order) {
        return new Released(order.name(), ledger.releaseOrder(order.name()));
    }
}
