package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.governance.audit.AuditHashing;
import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.financehub.odoo.Domain;
import io.financehub.odoo.Many2One;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Odoo side of budget checks: reads a purchase order and its lines from Odoo (the only source of
 * amounts, whatever a webhook claimed), turns it into a canonical request split over cost centres by the
 * lines' analytic distribution, and writes the decision back: {@code button_approve} for an order waiting
 * for approval that passed, a chatter note with the decision in every case.
 */
@ApplicationScoped
@Named("purchaseOrders")
@RegisterForReflection
public class OdooPurchaseOrders {

    static final String MODEL = "purchase.order";
    static final List<String> ORDER_FIELDS = List.of("name", "state", "company_id", "partner_id", "currency_id", "user_id",
            "date_order", "order_line", "write_date", "invoice_status");
    static final List<String> LINE_FIELDS = List.of("price_subtotal", "analytic_distribution", "name");

    @Inject
    OdooClient odoo;

    @Inject
    Mappings mappings;

    @Inject
    Checkpoints checkpoints;

    @Inject
    BudgetLedger ledger;

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

    static final String CHECKPOINT = "budget-checks/odoo-orders-waiting";
    /** What polling reads: orders asking for approval and confirmed ones (recorded when the hub did not decide them). */
    static final List<String> POLLED_STATES = List.of("to approve", "purchase", "done");

    @ConfigProperty(name = "hub.budget-checks.poll.confirmed-lookback", defaultValue = "P1D")
    java.time.Duration confirmedLookback;

    /**
     * A purchase order as Odoo had it when it was read: its id, name, state ({@code to approve}, {@code purchase}, ...),
     * invoice status ({@code no}, {@code to invoice}, {@code invoiced}) and the record itself.
     */
    public record Order(long id, String name, String state, String invoiceStatus, OdooRecord record) {
    }

    /** Reads the order named by the body (its id, as number or text) as Odoo has it now. */
    public Order read(@Body Object orderId) {
        long id = orderId(orderId);
        List<OdooRecord> orders = odoo.read(MODEL, List.of(id), ORDER_FIELDS);
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("Odoo has no purchase.order with id " + id);
        }
        OdooRecord order = orders.get(0);
        return new Order(id, order.string("name").orElse(""), order.string("state").orElse(""),
                order.string("invoice_status").orElse(""), order);
    }

    /** The order's canonical request, split over cost centres (its lines read from Odoo). */
    public BudgetCheckRequest request(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order) {
        return canonical(order.record(), odoo.read("purchase.order.line", order.record().ids("order_line"), LINE_FIELDS));
    }

    /**
     * The states in which an order commits budget, and what the hub does in each: {@code to approve} asks for commitment
     * (checked and decided), {@code purchase} and {@code done} are committed (recorded, or settled when decided before),
     * {@code cancel} gives its commitments back. Drafts and requests for quotation ({@code draft}, {@code sent}) commit
     * nothing and may never be confirmed: they are not checked, nothing is reserved and no note is posted.
     */
    static final List<String> CHECKED_STATES = List.of("to approve", "purchase", "done", "cancel");

    /** Why an order was not checked: it does not ask for commitment in its state. */
    public record NotChecked(String orderReference, String state, String reason) {
    }

    /** The answer for an order in a state that commits nothing (nothing is reserved, nothing posted in Odoo). */
    public NotChecked notChecked(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order) {
        return new NotChecked(order.name(), order.state(), notCheckedReason(order.state()));
    }

    static String notCheckedReason(String state) {
        return "draft".equals(state) || "sent".equals(state)
                ? "a " + ("draft".equals(state) ? "draft" : "request for quotation") + " commits no budget and may never be confirmed: "
                        + "nothing is checked or reserved until Odoo asks for its approval (to approve) or confirms it (purchase)"
                : "orders in state '" + state + "' are not checked (checked states: " + String.join(", ", CHECKED_STATES) + ")";
    }

    static long orderId(Object body) {
        if (body instanceof Number n) {
            return n.longValue();
        }
        // a replayed exception item brings the id back as the bytes of its text
        String text = body == null ? "" : body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8).trim() : body.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an Odoo purchase.order id");
        }
    }

    /** The canonical request of an order and its lines. */
    BudgetCheckRequest canonical(OdooRecord order, List<OdooRecord> lines) {
        String name = order.string("name").orElseThrow();
        Many2One odooCompany = order.many2One("company_id").orElseThrow(
                () -> new IllegalArgumentException("purchase order " + name + " has no company"));
        Company company = mappings.get().companies().stream().filter(c -> c.odooCompany().equals(odooCompany.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("purchase order " + name + ": Odoo company '" + odooCompany.name()
                        + "' is not mapped in companies.yaml (odoo-company)"));
        String currency = order.many2One("currency_id").map(Many2One::name).orElse(company.currency());
        int decimals = Money.minorUnits(Money.currency(currency));
        Map<Long, String> costCentres = costCentres(company, lines);
        Map<String, BigDecimal> byCostCentre = new TreeMap<>();
        for (OdooRecord line : lines) {
            BigDecimal subtotal = line.money("price_subtotal", decimals).orElse(BigDecimal.ZERO);
            if (subtotal.signum() == 0) {
                continue;
            }
            Map<String, BigDecimal> shares = distribution(line.raw("analytic_distribution"), costCentres);
            if (shares.isEmpty()) {
                throw new IllegalArgumentException("purchase order " + name + ", line '" + line.string("name").orElse("?") + "' ("
                        + line.id() + "): no cost centre in its analytic distribution; set an analytic account of the "
                        + "'Cost centres' plan mapped in cost-centres.csv");
            }
            split(subtotal, shares, decimals).forEach((cc, amount) -> byCostCentre.merge(cc, amount, BigDecimal::add));
        }
        // credit lines (a negative price, a discount line) reduce what the order charges a cost centre; what remains must
        // be a charge: the ledger takes commitments only
        byCostCentre.values().removeIf(amount -> amount.signum() == 0);
        byCostCentre.forEach((cc, amount) -> {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("purchase order " + name + " credits cost centre " + cc + " with "
                        + MoneyText.of(amount.negate(), currency) + " (its credit lines exceed its charges there): the budget ledger "
                        + "takes commitments only; correct the order's lines or analytic distribution in Odoo");
            }
        });
        if (byCostCentre.isEmpty()) {
            throw new IllegalArgumentException("purchase order " + name + " has no line with an amount to check");
        }
        CompanyRef ref = new CompanyRef(company.key());
        List<BudgetCheckRequest.Line> canonical = byCostCentre.entrySet().stream()
                .map(e -> new BudgetCheckRequest.Line(new CostCentreRef(ref, e.getKey()), Money.of(e.getValue(), currency))).toList();
        String supplier = order.many2One("partner_id").map(Many2One::name).orElse("");
        LocalDate date = order.dateTime("date_order").map(i -> i.atOffset(ZoneOffset.UTC).toLocalDate())
                .orElse(LocalDate.now(ZoneOffset.UTC));
        return new BudgetCheckRequest(name, revision(company.key(), supplier, currency, java.time.YearMonth.from(date), byCostCentre), ref, supplier,
                Optional.empty(), order.many2One("user_id").map(Many2One::name).orElse("odoo"), date, canonical);
    }

    /**
     * The order's content digest: the same supplier, month and amounts per cost centre are the same revision (the month
     * decides which budgets the order charges, so an order moved to another month is a new revision).
     */
    static String revision(String company, String supplier, String currency, java.time.YearMonth month, Map<String, BigDecimal> byCostCentre) {
        String content = company + "|" + supplier + "|" + currency + "|" + month + "|" + byCostCentre.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stripTrailingZeros().toPlainString()).collect(Collectors.joining(";"));
        return "odoo-" + AuditHashing.sha256Hex(content.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Analytic account id → cost centre, for the accounts the lines use (one read for all lines). */
    private Map<Long, String> costCentres(Company company, List<OdooRecord> lines) {
        Set<Long> ids = new LinkedHashSet<>();
        for (OdooRecord line : lines) {
            JsonNode d = line.raw("analytic_distribution");
            if (d.isObject()) {
                d.fieldNames().forEachRemaining(k -> {
                    for (String part : k.split(",")) {
                        ids.add(Long.parseLong(part.trim()));
                    }
                });
            }
        }
        Map<Long, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (OdooRecord a : odoo.read("account.analytic.account", ids, List.of("code", "name"))) {
            Optional<String> cc = a.string("code").flatMap(code -> mappings.get().costCentre(company.key(), code))
                    .or(() -> a.string("name").flatMap(n -> mappings.get().costCentre(company.key(), n)));
            cc.ifPresent(c -> out.put(a.id(), c));
        }
        return out;
    }

    /** The cost-centre shares (percentages) of one line; keys may join ids of several plans ("3,7"). */
    private static Map<String, BigDecimal> distribution(JsonNode d, Map<Long, String> costCentres) {
        Map<String, BigDecimal> shares = new TreeMap<>();
        if (!d.isObject()) {
            return shares;
        }
        Iterator<Map.Entry<String, JsonNode>> it = d.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            for (String part : e.getKey().split(",")) {
                String cc = costCentres.get(Long.parseLong(part.trim()));
                if (cc != null) {
                    shares.merge(cc, new BigDecimal(e.getValue().asText()), BigDecimal::add);
                }
            }
        }
        return shares;
    }

    /**
     * Splits an amount by percentages, rounded to the currency; the rounding remainder goes to the largest
     * share so the parts always add up to the line (7,200.00 at 33.33/33.33/33.34 → 2,399.76 + 2,399.76 + 2,400.48).
     * Percentages below 100 in total charge only that part (Odoo allows partial distributions).
     */
    static Map<String, BigDecimal> split(BigDecimal amount, Map<String, BigDecimal> percentages, int decimals) {
        BigDecimal totalPct = percentages.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal target = amount.multiply(totalPct.min(new BigDecimal(100))).divide(new BigDecimal(100), decimals, RoundingMode.HALF_EVEN);
        Map<String, BigDecimal> parts = new TreeMap<>();
        String largest = null;
        for (Map.Entry<String, BigDecimal> e : percentages.entrySet()) {
            BigDecimal part = amount.multiply(e.getValue()).divide(new BigDecimal(100), decimals, RoundingMode.HALF_EVEN);
            parts.put(e.getKey(), part);
            if (largest == null || e.getValue().compareTo(percentages.get(largest)) > 0) {
                largest = e.getKey();
            }
        }
        BigDecimal sum = parts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        parts.merge(largest, target.subtract(sum), BigDecimal::add);
        return parts;
    }

    /**
     * Approves the order in Odoo when it waits for approval (the decision is APPROVE); nothing for a request that is not
     * an Odoo order (no order read).
     */
    public void approve(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order, @Body BudgetDecision d) {
        if (order == null || !"to approve".equals(order.state())) {
            return;
        }
        long id = order.id();
        // sent once while its outcome is unknown: a lost answer is waited out by reading the order's state back
        odoo.writeOnce("purchase order " + id + " approved", () -> {
            odoo.callMethod(MODEL, "button_approve", List.of(List.of(id)), Map.of());
            return Boolean.TRUE;
        }, () -> APPROVED_STATES.contains(state(id)) ? Optional.of(Boolean.TRUE) : Optional.empty());
        // Odoo approves silently or not at all: above the company's double-validation amount only a purchase manager
        // may, and button_approve then leaves the order waiting without an error
        String state = state(id);
        if ("to approve".equals(state)) {
            throw new IllegalStateException("Odoo did not approve purchase order " + d.orderReference() + " although its budget check "
                    + "approved it (the budget stays reserved): Odoo lets only a purchase manager approve orders above the company's "
                    + "double-validation amount. Give the hub's Odoo user the Purchase / Administrator right and replay this item, or "
                    + "approve the order in Odoo by hand and discard it");
        }
    }

    /**
     * Posts the decision, its codes and the next action in the order's chatter (an internal note); nothing for a request
     * that is not an Odoo order.
     */
    public void postMessage(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order, @Body BudgetDecision d) {
        if (order == null) {
            return;
        }
        odoo.messagePostOnce(MODEL, order.id(), message(d), Map.of("message_type", "comment", "subtype_xmlid", "mail.mt_note"),
                io.financehub.odoo.OdooContext.empty());
    }

    /** States of an order Odoo has approved ({@code button_approve} done). */
    private static final java.util.Set<String> APPROVED_STATES = java.util.Set.of("purchase", "done");

    private String state(long id) {
        return odoo.read(MODEL, List.of(id), List.of("state")).stream().findFirst().flatMap(r -> r.string("state")).orElse("");
    }

    static String message(BudgetDecision d) {
        StringBuilder b = new StringBuilder("Budget check: ").append(d.outcome());
        d.levelNeeded().ifPresent(l -> b.append(" to ").append(l));
        if (!d.codes().isEmpty()) {
            b.append(" [").append(String.join(", ", d.codes())).append(']');
        }
        b.append(". Next action: ").append(d.nextAction()).append(". (revision ").append(d.revision()).append(", reserved ")
                .append(MoneyText.of(d.reserved())).append(')');
        return b.toString();
    }

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
        List<Long> ids = new ArrayList<>(orders.stream().map(OdooRecord::id).toList());
        // orders held or queued while the finance platform was down: unchanged in Odoo, so not found by the
        // checkpoint, but checked again on every poll until they are decided
        List<String> undecided = ledger.undecidedOrders(pollLimit);
        if (!undecided.isEmpty()) {
            odoo.searchRead(MODEL, Domain.and(Domain.eq("state", "to approve"), Domain.in("name", undecided)), List.of("name"),
                    SearchOptions.orderBy("id asc").withLimit(pollLimit)).stream().map(OdooRecord::id).filter(id -> !ids.contains(id))
                    .forEach(ids::add);
        }
        return new Poll(ids, since, until);
    }

    /**
     * A poll: the ids of the orders to check, the checkpoint it read from (none before the first) and the newest
     * {@code write_date} among the orders read (none when none was read), where the checkpoint moves once they are checked.
     */
    public record Poll(List<Long> orderIds, Optional<String> from, Optional<String> until) {
    }

    /** Moves the polling checkpoint past the orders just checked (compare-and-set: one instance wins). */
    public void polled(@ExchangeProperty(BudgetChecksFlow.PROPERTY_POLL) Poll poll) {
        poll.until().ifPresent(until -> checkpoints.advance(CHECKPOINT, poll.from(), until));
    }

    /**
     * After the check of an order Odoo has confirmed ({@code purchase} or {@code done}): an escalated order's
     * earmark becomes a reservation (its approver approved it in Odoo), and a fully billed order's commitment is
     * consumed (the order as it was read for its check).
     */
    public void settle(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order) {
        settle(order.name(), order.state(), order.invoiceStatus());
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
                    add(counts, settle(o));
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
                add(counts, settle(o));
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
    private int[] settle(OdooRecord order) {
        return settle(order.string("name").orElseThrow(), order.string("state").orElse(""), order.string("invoice_status").orElse(""));
    }

    /** Released, confirmed, consumed commitments of one order in the given Odoo state. */
    private int[] settle(String order, String state, String invoiceStatus) {
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
    public Released release(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) Order order) {
        return new Released(order.name(), ledger.releaseOrder(order.name()));
    }
}
