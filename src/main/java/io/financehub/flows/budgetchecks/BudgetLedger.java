package io.financehub.flows.budgetchecks;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.mapping.MappingTables.Budget;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The built-in budget ledger in the governance store (PostgreSQL): budgets per company, cost centre and
 * period, and each order's commitments against them.
 *
 * <p>What is committed against a budget is kept on the budget row (reserved, pending, consumed), changed only
 * in the transaction that changes the order's reservation row it stands for. A check runs in one transaction:
 * a transaction-scoped advisory lock on the order (two checks of one order never interleave), a read of the
 * budgets without locks, the policy's verdict, then each budget's commitment moves in one guarded statement
 * ({@code update budget set reserved = reserved + x where ... and amount - reserved - pending - consumed >= x}),
 * in budget-key order so orders sharing cost centres cannot deadlock. The guard is evaluated on the latest
 * committed row under its lock, so the commitments can never exceed a budget; if the budget changed between
 * the read and the guarded update, the check starts again reading the budgets under lock (select ... for
 * update), so the verdict always matches what is committed.
 */
@ApplicationScoped
@Named("budgetLedger")
@RegisterForReflection
public class BudgetLedger {

    static final String RESERVED = "RESERVED";
    /** Earmarked for an escalated order until its approver decides; counts against the budget like a reservation. */
    static final String PENDING = "PENDING";
    static final String CONSUMED = "CONSUMED";
    static final String RELEASED = "RELEASED";

    private final AgroalDataSource dataSource;

    public BudgetLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What the ledger found for one cost centre of an order. */
    public record Position(String costCentre, String period, Money requested, Optional<Money> budget, Optional<Money> available,
            Optional<Money> pendingOthers) {

        public Position(String costCentre, String period, Money requested, Optional<Money> budget, Optional<Money> available) {
            this(costCentre, period, requested, budget, available, Optional.empty());
        }

        public boolean missing() {
            return budget.isEmpty();
        }

        public boolean currencyMismatch() {
            return budget.isPresent() && !budget.get().currency().equals(requested.currency());
        }

        public boolean exceeded() {
            return available.isPresent() && !currencyMismatch() && requested.compareTo(available.get()) > 0;
        }
    }

    /**
     * Decides whether to commit, given the positions found under lock. Returns the decision and whether
     * the order's requested amounts are to be reserved (true) or its commitments released (false).
     */
    public interface Decider<D> {
        Verdict<D> decide(List<Position> positions);
    }

    public record Verdict<D>(D decision, boolean reserve, boolean pending) {

        public Verdict(D decision, boolean reserve) {
            this(decision, reserve, false);
        }
    }

    /** The outcome of {@link #check}: the decision and whether it was stored earlier for the same revision. */
    public record Result<D>(D decision, boolean repeated) {
    }

    /** A budget as the ledger holds it; committed counts reserved, pending (escalated) and consumed commitments. */
    public record BudgetLine(String company, String costCentre, String period, Money amount, Money committed, String source,
            Money reserved, Money pending, Money consumed) {
    }

    /**
     * Loads budgets declared in mappings. A budget a planning platform set through the API is kept: the
     * mapping file is the default, not an override of the platform.
     */
    public void loadDeclared(List<Budget> budgets) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into budget (company, cost_centre, period, currency, amount, source) "
                        + "values (?, ?, ?, ?, ?, 'mappings') on conflict (company, cost_centre, period) do update "
                        + "set currency = excluded.currency, amount = excluded.amount, updated_at = now() "
                        + "where budget.source = 'mappings'")) {
            for (Budget b : budgets) {
                ps.setString(1, b.company());
                ps.setString(2, b.costCentre());
                ps.setString(3, b.period());
                ps.setString(4, b.currency());
                ps.setBigDecimal(5, b.amount());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot load the budgets of approval-policy.yaml: " + e.getMessage(), e);
        }
    }

    /** Sets (creates or replaces) one budget, e.g. from a planning platform. */
    public void put(String company, String costCentre, String period, Money amount, String source) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into budget (company, cost_centre, period, currency, amount, source) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (company, cost_centre, period) do update "
                        + "set currency = excluded.currency, amount = excluded.amount, source = excluded.source, updated_at = now()")) {
            ps.setString(1, company);
            ps.setString(2, costCentre);
            ps.setString(3, period);
            ps.setString(4, amount.currencyCode());
            ps.setBigDecimal(5, amount.amount());
            ps.setString(6, source);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot set the budget " + company + "/" + costCentre + "/" + period
                    + ": " + e.getMessage(), e);
        }
    }

    /** A budget with what is committed against it (open reservations, escalated earmarks and consumed commitments). */
    public Optional<BudgetLine> budget(String company, String costCentre, String period) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select currency, amount, source, reserved, pending, consumed from budget "
                        + "where company = ? and cost_centre = ? and period = ?")) {
            ps.setString(1, company);
            ps.setString(2, costCentre);
            ps.setString(3, period);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String currency = rs.getString(1).trim();
                BigDecimal reserved = rs.getBigDecimal(4);
                BigDecimal pending = rs.getBigDecimal(5);
                BigDecimal consumed = rs.getBigDecimal(6);
                return Optional.of(new BudgetLine(company, costCentre, period, Money.of(rs.getBigDecimal(2), currency),
                        Money.of(reserved.add(pending).add(consumed), currency), rs.getString(3), Money.of(reserved, currency),
                        Money.of(pending, currency), Money.of(consumed, currency)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read " + company + "/" + costCentre + "/" + period + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks an order revision against its budgets and commits the verdict atomically. A revision decided
     * before returns its stored decision untouched (nothing reserved twice). A new revision of an order replaces
     * the order's commitments: each cost centre's reservation moves by the difference, cost centres the order
     * no longer charges are released.
     *
     * @param read  turns a stored decision back into the caller's type
     * @param write turns a decision into what is stored
     * @param store whether the decision is final for this revision (a hold while a platform is down is not)
     */
    public <D> Result<D> check(BudgetCheckRequest request, Decider<D> decider, Function<String, D> read, Function<D, String> write,
            Function<D, Boolean> store) {
        try {
            Optional<Result<D>> optimistic = check(request, decider, read, write, store, false);
            if (optimistic.isPresent()) {
                return optimistic.get();
            }
            // the budget moved between the read and the guarded update: decide again under the budgets' row locks
            return check(request, decider, read, write, store, true).orElseThrow(() -> new IllegalStateException(
                    "Budget ledger: order " + request.orderReference() + " could not be committed under lock"));
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: the check of order " + request.orderReference() + " failed: " + e.getMessage(), e);
        }
    }

    /** One attempt; empty (and rolled back) when a guarded update found less budget than the unlocked read. */
    private <D> Optional<Result<D>> check(BudgetCheckRequest request, Decider<D> decider, Function<String, D> read,
            Function<D, String> write, Function<D, Boolean> store, boolean locking) throws SQLException {
        String order = request.orderReference();
        String company = request.company().key();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockOrder(c, order);
                Optional<String> earlier = storedDecision(c, order, request.revision());
                if (earlier.isPresent()) {
                    c.commit();
                    return Optional.of(new Result<>(read.apply(earlier.get()), true));
                }
                Map<String, Money> requested = new TreeMap<>();
                for (BudgetCheckRequest.Line line : request.lines()) {
                    requested.merge(line.costCentre().code(), line.amount(), Money::plus);
                }
                Map<Key, Held> held = holdings(c, order);
                List<Position> positions = positions(c, company, request.orderDate(), requested, held, locking);
                Verdict<D> verdict = decider.decide(positions);
                // the order's commitments after the verdict, applied in key order (the lock order of budget rows)
                Map<Key, Held> target = new TreeMap<>();
                held.forEach((k, h) -> target.put(k, h.counts() && !h.state().equals(CONSUMED) ? new Held(RELEASED, h.amount()) : h));
                if (verdict.reserve()) {
                    String state = verdict.pending() ? PENDING : RESERVED;
                    for (Position p : positions) {
                        target.put(new Key(company, p.costCentre(), p.period()), new Held(state, p.requested().amount()));
                    }
                }
                if (!apply(c, order, request.revision(), held, target)) {
                    c.rollback();
                    return Optional.empty();
                }
                if (store.apply(verdict.decision())) {
                    storeDecision(c, order, request.revision(), write.apply(verdict.decision()));
                }
                c.commit();
                return Optional.of(new Result<>(verdict.decision(), false));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** A budget row: company, cost centre, period. */
    record Key(String company, String costCentre, String period) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::company).thenComparing(Key::costCentre)
                .thenComparing(Key::period);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /** One order's commitment on one budget row. */
    record Held(String state, BigDecimal amount) {
        boolean counts() {
            return !state.equals(RELEASED);
        }

        BigDecimal in(String s) {
            return state.equals(s) ? amount : BigDecimal.ZERO;
        }
    }

    /** The order's reservation rows, whatever their state. */
    private static Map<Key, Held> holdings(Connection c, String order) throws SQLException {
        Map<Key, Held> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("select company, cost_centre, period, state, amount from budget_reservation "
                + "where order_ref = ?")) {
            ps.setString(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), new Held(rs.getString(4), rs.getBigDecimal(5)));
                }
            }
        }
        return out;
    }

    /**
     * What each cost centre's budget (a month's before its year's, for the order's date) has available to this
     * order: the budget less every other order's commitments. Read under the rows' locks when {@code locking}.
     */
    private static List<Position> positions(Connection c, String company, LocalDate date, Map<String, Money> requested,
            Map<Key, Held> held, boolean locking) throws SQLException {
        String month = String.format("%04d-%02d", date.getYear(), date.getMonthValue());
        String year = String.format("%04d", date.getYear());
        Map<String, Object[]> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select cost_centre, period, currency, amount, reserved + pending + consumed, "
                + "pending from budget where company = ? and cost_centre = any(?) and period in (?, ?) "
                + "order by cost_centre, period" + (locking ? " for update" : ""))) {
            ps.setString(1, company);
            ps.setArray(2, c.createArrayOf("varchar", requested.keySet().toArray()));
            ps.setString(3, month);
            ps.setString(4, year);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = {rs.getString(2), rs.getString(3).trim(), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6)};
                    // a month's budget wins over its year's
                    found.merge(rs.getString(1), row, (a, b) -> ((String) a[0]).length() >= ((String) b[0]).length() ? a : b);
                }
            }
        }
        List<Position> positions = new ArrayList<>();
        for (Map.Entry<String, Money> e : requested.entrySet()) {
            Object[] row = found.get(e.getKey());
            if (row == null) {
                positions.add(new Position(e.getKey(), month, e.getValue(), Optional.empty(), Optional.empty()));
                continue;
            }
            String period = (String) row[0];
            String currency = (String) row[1];
            Held own = held.get(new Key(company, e.getKey(), period));
            BigDecimal ownCommitted = own != null && own.counts() ? own.amount() : BigDecimal.ZERO;
            BigDecimal ownPending = own != null ? own.in(PENDING) : BigDecimal.ZERO;
            BigDecimal available = ((BigDecimal) row[2]).subtract((BigDecimal) row[3]).add(ownCommitted);
            positions.add(new Position(e.getKey(), period, e.getValue(), Optional.of(Money.of((BigDecimal) row[2], currency)),
                    Optional.of(Money.of(available, currency)), Optional.of(Money.of(((BigDecimal) row[4]).subtract(ownPending), currency))));
        }
        return positions;
    }

    /**
     * Moves the order's commitments from {@code before} to {@code after}: each budget row's counters change by
     * the difference in one guarded statement (an increase only while the budget covers it), then the
     * reservation row. False when a guard failed; the caller rolls back.
     */
    private static boolean apply(Connection c, String order, String revision, Map<Key, Held> before, Map<Key, Held> after)
            throws SQLException {
        try (PreparedStatement budget = c.prepareStatement("update budget set reserved = reserved + ?, pending = pending + ?, "
                + "consumed = consumed + ?, updated_at = now() where company = ? and cost_centre = ? and period = ? "
                + "and (? <= 0 or amount - reserved - pending - consumed >= ?)");
                PreparedStatement row = c.prepareStatement("insert into budget_reservation (order_ref, company, cost_centre, period, "
                        + "amount, state, revision) values (?, ?, ?, ?, ?, ?, ?) on conflict (order_ref, company, cost_centre, period) "
                        + "do update set amount = excluded.amount, state = excluded.state, revision = excluded.revision, updated_at = now()")) {
            for (Map.Entry<Key, Held> e : after.entrySet()) {
                Key k = e.getKey();
                Held from = before.getOrDefault(k, new Held(RELEASED, BigDecimal.ZERO));
                Held to = e.getValue();
                if (from.equals(to)) {
                    continue;
                }
                BigDecimal reserved = to.in(RESERVED).subtract(from.in(RESERVED));
                BigDecimal pending = to.in(PENDING).subtract(from.in(PENDING));
                BigDecimal consumed = to.in(CONSUMED).subtract(from.in(CONSUMED));
                BigDecimal increase = reserved.add(pending).add(consumed);
                budget.setBigDecimal(1, reserved);
                budget.setBigDecimal(2, pending);
                budget.setBigDecimal(3, consumed);
                budget.setString(4, k.company());
                budget.setString(5, k.costCentre());
                budget.setString(6, k.period());
                budget.setBigDecimal(7, increase);
                budget.setBigDecimal(8, increase);
                if (budget.executeUpdate() == 0) {
                    return false;
                }
                row.setString(1, order);
                row.setString(2, k.company());
                row.setString(3, k.costCentre());
                row.setString(4, k.period());
                row.setBigDecimal(5, to.amount());
                row.setString(6, to.state());
                row.setString(7, revision);
                row.executeUpdate();
            }
        }
        return true;
    }

    /** The decision stored for an order revision, if one was given before. */
    public Optional<String> decided(String order, String revision) {
        try (Connection c = dataSource.getConnection()) {
            return storedDecision(c, order, revision);
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read the decision of " + order + ": " + e.getMessage(), e);
        }
    }

    /** Stores the final decision of an order revision (an external provider's check). */
    public void remember(String order, String revision, String decision) {
        try (Connection c = dataSource.getConnection()) {
            storeDecision(c, order, revision, decision);
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot store the decision of " + order + ": " + e.getMessage(), e);
        }
    }

    /** Releases an order's open commitments and earmarks (the order was cancelled). Returns how many were released. */
    public int releaseOrder(String order) {
        return move(order, List.of(RESERVED, PENDING), RELEASED);
    }

    /** Marks an order's commitments as consumed (the order was billed): they keep counting against the budget. */
    public int consumeOrder(String order) {
        return move(order, List.of(RESERVED, PENDING), CONSUMED);
    }

    /** An escalated order was approved by its approver: its earmark becomes an ordinary reservation. */
    public int confirmOrder(String order) {
        return move(order, List.of(PENDING), RESERVED);
    }

    /** Orders holding open reservations or earmarks (what polling settles against Odoo), oldest change first. */
    public List<String> openOrders() {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select order_ref from budget_reservation where state in ('RESERVED', 'PENDING') "
                        + "group by order_ref order by min(updated_at)");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot list the open commitments: " + e.getMessage(), e);
        }
        return out;
    }

    /** The state of each of the order's commitments by cost centre (RESERVED, PENDING, CONSUMED, RELEASED). */
    public Map<String, String> states(String order) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> out = new TreeMap<>();
            holdings(c, order).forEach((k, h) -> out.merge(k.costCentre(), h.state(), (a, b) -> a.equals(b) ? a : a + "+" + b));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read the commitments of " + order + ": " + e.getMessage(), e);
        }
    }

    /** Moves an order's commitments in the given states to another state, with the budgets' counters, in one transaction. */
    private int move(String order, List<String> from, String to) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockOrder(c, order);
                Map<Key, Held> before = holdings(c, order);
                Map<Key, Held> after = new TreeMap<>();
                before.forEach((k, h) -> {
                    if (from.contains(h.state())) {
                        after.put(k, new Held(to, h.amount()));
                    }
                });
                String revision = revisionOf(c, order);
                if (!apply(c, order, revision, before, after)) {
                    throw new IllegalStateException("a budget guard refused a move that does not add to any budget");
                }
                c.commit();
                return after.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("Budget ledger: cannot mark order " + order + " " + to + ": " + e.getMessage(), e);
        }
    }

    private static String revisionOf(Connection c, String order) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select max(revision) from budget_reservation where order_ref = ?")) {
            ps.setString(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getString(1)).orElse("");
            }
        }
    }

    /** The order's commitments by cost centre (only those that count against a budget). */
    public Map<String, Money> commitments(String order) {
        Map<String, Money> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select r.cost_centre, r.amount, b.currency from budget_reservation r "
                        + "join budget b using (company, cost_centre, period) where r.order_ref = ? and r.state <> 'RELEASED' "
                        + "order by r.cost_centre")) {
            ps.setString(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.merge(rs.getString(1), Money.of(rs.getBigDecimal(2), rs.getString(3).trim()), Money::plus);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read the commitments of " + order + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void lockOrder(Connection c, String order) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 7))")) {
            ps.setString(1, "budget-order:" + order);
            ps.executeQuery().close();
        }
    }

    private static Optional<String> storedDecision(Connection c, String order, String revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select decision from budget_decision where order_ref = ? and revision = ?")) {
            ps.setString(1, order);
            ps.setString(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void storeDecision(Connection c, String order, String revision, String decision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into budget_decision (order_ref, revision, outcome, decision) "
                + "values (?, ?, ?, ?) on conflict do nothing")) {
            ps.setString(1, order);
            ps.setString(2, revision);
            ps.setString(3, outcomeOf(decision));
            ps.setString(4, decision);
            ps.executeUpdate();
        }
    }

    private static String outcomeOf(String decision) {
        int i = decision.indexOf("\"outcome\":\"");
        if (i < 0) {
            return "UNKNOWN";
        }
        int start = i + "\"outcome\":\"".length();
        return decision.substring(start, decision.indexOf('"', start));
    }
}
