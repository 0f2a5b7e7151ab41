package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.governance.audit.AuditHashing;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.financehub.odoo.Many2One;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * Reads a purchase order and its lines from Odoo (the only source of amounts, whatever a webhook claimed) and turns it
 * into a canonical budget check request, split over cost centres by the lines' analytic distribution.
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
    }}
