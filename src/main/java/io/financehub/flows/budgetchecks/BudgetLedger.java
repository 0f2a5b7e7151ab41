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
 * <p>Correct under concurrency by locking, not by retrying: one check runs in one transaction that first
 * takes a transaction-scoped advisory lock on the order (two checks of one order never interleave), then
 * locks the budget rows it needs with {@code select ... for update} in cost-centre order (no deadlock between
 * orders sharing cost centres), and only then sums the other orders' commitments. Whoever holds a budget row
 * sees every commitment made before it, so the sum of commitments can never exceed the budget.
 */
@ApplicationScoped
@Named("budgetLedger")
@RegisterForReflection
public class BudgetLedger {

    static final String RESERVED = "RESERVED";
    static final String CONSUMED = "CONSUMED";
    static final String RELEASED = "RELEASED";

    private final AgroalDataSource dataSource;

    public BudgetLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What the ledger found for one cost centre of an order. */
    public record Position(String costCentre, String period, Money requested, Optional<Money> budget, Optional<Money> available) {
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

    public record Verdict<D>(D decision, boolean reserve) {
    }

    /** The outcome of {@link #check}: the decision and whether it was stored earlier for the same revision. */
    public record Result<D>(D decision, boolean repeated) {
    }

    /** A budget as the ledger holds it. */
    public record BudgetLine(String company, String costCentre, String period, Money amount, Money committed, String source) {
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

    /** A budget with what is committed against it (open reservations and consumed commitments). */
    public Optional<BudgetLine> budget(String company, String costCentre, String period) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select b.currency, b.amount, b.source, coalesce((select sum(r.amount) "
                        + "from budget_reservation r where r.company = b.company and r.cost_centre = b.cost_centre "
                        + "and r.period = b.period and r.state in ('RESERVED', 'CONSUMED')), 0) "
                        + "from budget b where b.company = ? and b.cost_centre = ? and b.period = ?")) {
            ps.setString(1, company);
            ps.setString(2, costCentre);
            ps.setString(3, period);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String currency = rs.getString(1).trim();
                return Optional.of(new BudgetLine(company, costCentre, period, Money.of(rs.getBigDecimal(2), currency),
                        Money.of(rs.getBigDecimal(4), currency), rs.getString(3)));
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
        String order = request.orderReference();
        String company = request.company().key();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lockOrder(c, order);
                Optional<String> earlier = storedDecision(c, order, request.revision());
                if (earlier.isPresent()) {
                    c.commit();
                    return new Result<>(read.apply(earlier.get()), true);
                }
                Map<String, Money> requested = new TreeMap<>();
                for (BudgetCheckRequest.Line line : request.lines()) {
                    requested.merge(line.costCentre().code(), line.amount(), Money::plus);
                }
                List<Position> positions = new ArrayList<>();
                for (Map.Entry<String, Money> e : requested.entrySet()) {
                    positions.add(position(c, order, company, e.getKey(), request.orderDate(), e.getValue()));
                }
                Verdict<D> verdict = decider.decide(positions);
                if (verdict.reserve()) {
                    reserve(c, order, company, request.revision(), positions);
                } else {
                    release(c, order);
                }
                if (store.apply(verdict.decision())) {
                    storeDecision(c, order, request.revision(), write.apply(verdict.decision()));
                }
                c.commit();
                return new Result<>(verdict.decision(), false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: the check of order " + order + " failed: " + e.getMessage(), e);
        }
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

    /** Releases an order's open commitments (the order was cancelled). Returns how many were released. */
    public int releaseOrder(String order) {
        return setState(order, RELEASED, "state = 'RESERVED'");
    }

    /** Marks an order's commitments as consumed (the order was billed): they keep counting against the budget. */
    public int consumeOrder(String order) {
        return setState(order, CONSUMED, "state = 'RESERVED'");
    }

    /** The order's commitments by cost centre (only those that count against a budget). */
    public Map<String, Money> commitments(String order) {
        Map<String, Money> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select r.cost_centre, r.amount, b.currency from budget_reservation r "
                        + "join budget b using (company, cost_centre, period) where r.order_ref = ? and r.state in ('RESERVED', 'CONSUMED') "
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

    private int setState(String order, String state, String condition) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update budget_reservation set state = ?, updated_at = now() "
                        + "where order_ref = ? and " + condition)) {
            ps.setString(1, state);
            ps.setString(2, order);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot mark order " + order + " " + state + ": " + e.getMessage(), e);
        }
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

    /**
     * Locks the cost centre's budget for the order's date (a month's budget before its year's) and computes
     * what is available to this order: the budget less every other order's commitments.
     */
    private static Position position(Connection c, String order, String company, String costCentre, LocalDate date, Money requested)
            throws SQLException {
        String month = String.format("%04d-%02d", date.getYear(), date.getMonthValue());
        String year = String.format("%04d", date.getYear());
        String period = null;
        Money budget = null;
        try (PreparedStatement ps = c.prepareStatement("select period, currency, amount from budget where company = ? "
                + "and cost_centre = ? and period in (?, ?) order by length(period) desc for update")) {
            ps.setString(1, company);
            ps.setString(2, costCentre);
            ps.setString(3, month);
            ps.setString(4, year);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    period = rs.getString(1);
                    budget = Money.of(rs.getBigDecimal(3), rs.getString(2).trim());
                }
            }
        }
        if (budget == null) {
            return new Position(costCentre, month, requested, Optional.empty(), Optional.empty());
        }
        BigDecimal committed;
        try (PreparedStatement ps = c.prepareStatement("select coalesce(sum(amount), 0) from budget_reservation where company = ? "
                + "and cost_centre = ? and period = ? and state in ('RESERVED', 'CONSUMED') and order_ref <> ?")) {
            ps.setString(1, company);
            ps.setString(2, costCentre);
            ps.setString(3, period);
            ps.setString(4, order);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                committed = rs.getBigDecimal(1);
            }
        }
        Money available = new Money(budget.amount().subtract(committed), budget.currency());
        return new Position(costCentre, period, requested, Optional.of(budget), Optional.of(available));
    }

    private static void reserve(Connection c, String order, String company, String revision, List<Position> positions)
            throws SQLException {
        // Cost centres the new revision no longer charges are released; the others move to the new amount.
        release(c, order);
        try (PreparedStatement ps = c.prepareStatement("insert into budget_reservation (order_ref, company, cost_centre, period, "
                + "amount, state, revision) values (?, ?, ?, ?, ?, 'RESERVED', ?) on conflict (order_ref, company, cost_centre, period) "
                + "do update set amount = excluded.amount, state = 'RESERVED', revision = excluded.revision, updated_at = now()")) {
            for (Position p : positions) {
                ps.setString(1, order);
                ps.setString(2, company);
                ps.setString(3, p.costCentre());
                ps.setString(4, p.period());
                ps.setBigDecimal(5, p.requested().amount());
                ps.setString(6, revision);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void release(Connection c, String order) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update budget_reservation set state = 'RELEASED', updated_at = now() "
                + "where order_ref = ? and state = 'RESERVED'")) {
            ps.setString(1, order);
            ps.executeUpdate();
        }
    }
}
