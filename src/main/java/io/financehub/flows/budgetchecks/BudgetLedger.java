package io.financehub.flows.budgetchecks;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.events.EventOutbox;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
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
    private final AuditTrail audit;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public BudgetLedger(AgroalDataSource dataSource, AuditTrail audit, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.json = json;
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

    /**
     * @param reserve  the order's amounts are to be committed (true) or its commitments released (false)
     * @param pending  committed as an earmark (escalated) rather than a reservation
     * @param force    committed even beyond what the budgets have available: the order is already confirmed in Odoo, so
     *                 the ledger records the fact (cost centres without a budget in the order's currency hold nothing)
     */
    public record Verdict<D>(D decision, boolean reserve, boolean pending, boolean force) {

        public Verdict(D decision, boolean reserve) {
            this(decision, reserve, false, false);
        }

        public Verdict(D decision, boolean reserve, boolean pending) {
            this(decision, reserve, pending, false);
        }
    }

    /**
     * What a new decision is recorded with, committed in the decision's own transaction: its audit entry (through the
     * audit outbox) and its event (through the event outbox). Either function may answer null for none; a repeated
     * decision has neither.
     */
    public record Records<D>(Function<D, AuditRecord> audit, Function<D, EventOutbox.Pending> event) {

        /** Nothing besides the decision (the ledger checked directly). */
        public static <D> Records<D> none() {
            return new Records<>(d -> null, d -> null);
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
        putAll(List.of(new Setting(company, costCentre, period, amount)), source);
    }

    /** One budget to set: company, cost centre, period and amount. */
    public record Setting(String company, String costCentre, String period, Money amount) {
    }

    /** Sets (creates or replaces) budgets in one transaction: all of them or, when one cannot be stored, none. */
    public void putAll(List<Setting> budgets, String source) {
        try (Connection c = dataSource.getConnection()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement("insert into budget (company, cost_centre, period, currency, amount, source) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (company, cost_centre, period) do update "
                        + "set currency = excluded.currency, amount = excluded.amount, source = excluded.source, updated_at = now()")) {
                    for (Setting b : budgets) {
                        ps.setString(1, b.company());
                        ps.setString(2, b.costCentre());
                        ps.setString(3, b.period());
                        ps.setString(4, b.amount().currencyCode());
                        ps.setBigDecimal(5, b.amount().amount());
                        ps.setString(6, source);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new IllegalStateException("Budget ledger: no budget was set (" + budgets.size() + " sent): " + cause.getMessage(), e);
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
     * @param records what a new decision is recorded with, in its transaction
     */
    public <D> Result<D> check(BudgetCheckRequest request, Decider<D> decider, Function<String, D> read, Function<D, String> write,
            Function<D, Boolean> store, Records<D> records) {
        return check(request, decider, read, write, store, records, outcome -> !NOT_FINAL_OUTCOMES.contains(outcome));
    }

    /**
     * {@link #check} where {@code stands} says which stored outcome of the revision is answered again instead of deciding
     * anew (a confirmed order's commitment replaces a stored rejection, for example).
     *
     * @throws RevisionConflictException when the revision was decided before for other content
     */
    public <D> Result<D> check(BudgetCheckRequest request, Decider<D> decider, Function<String, D> read, Function<D, String> write,
            Function<D, Boolean> store, Records<D> records, java.util.function.Predicate<String> stands) {
        for (BudgetCheckRequest.Line line : request.lines()) {
            if (line.amount().amount().signum() <= 0) {
                throw new IllegalArgumentException("Budget ledger: order " + request.orderReference() + " charges " + line.amount()
                        + " to " + line.costCentre().code() + "; the ledger takes commitments above zero only");
            }
        }
        String digest = BudgetRequestRules.contentDigest(request);
        try {
            Optional<Result<D>> optimistic = check(request, digest, decider, read, write, store, records, stands, false);
            if (optimistic.isPresent()) {
                return optimistic.get();
            }
            // the budget moved between the read and the guarded update: decide again under the budgets' row locks
            return check(request, digest, decider, read, write, store, records, stands, true).orElseThrow(() -> new IllegalStateException(
                    "Budget ledger: order " + request.orderReference() + " could not be committed under lock"));
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: the check of order " + request.orderReference() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * One attempt; empty (and rolled back) when a guarded update found less budget than the unlocked read. Two
     * round trips to PostgreSQL whatever the order's size: the reads (order lock, stored decision, the order's
     * commitments, the budgets) as one multi-statement batch, the writes with the commit as another. Each
     * statement of a batch still runs on its own, in order, with its own snapshot, so the reads after the lock
     * see everything committed before the lock was granted.
     */
    private <D> Optional<Result<D>> check(BudgetCheckRequest request, String digest, Decider<D> decider, Function<String, D> read,
            Function<D, String> write, Function<D, Boolean> store, Records<D> records, java.util.function.Predicate<String> stands,
            boolean locking) throws SQLException {
        String order = request.orderReference();
        String company = request.company().key();
        Map<String, Money> requested = new TreeMap<>();
        for (BudgetCheckRequest.Line line : request.lines()) {
            requested.merge(line.costCentre().code(), line.amount(), Money::plus);
        }
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, () -> {
                Reads reads = reads(c, order, request.revision(), company, request.orderDate(), requested.keySet(), locking);
                if (reads.stored().isPresent()) {
                    Stored stored = reads.stored().get();
                    stored.requireContent(order, request.revision(), digest);
                    if (stands.test(stored.outcome())) {
                        return Optional.of(new Result<>(read.apply(stored.decision()), true));
                    }
                }
                Map<Key, Held> held = reads.held();
                List<Position> positions = positions(company, request.orderDate(), requested, reads.budgets(), held);
                Verdict<D> verdict = decider.decide(positions);
                // the order's commitments after the verdict, applied in key order (the lock order of budget rows)
                Map<Key, Held> target = new TreeMap<>();
                held.forEach((k, h) -> target.put(k, h.counts() && !h.state().equals(CONSUMED) ? new Held(RELEASED, h.amount()) : h));
                if (verdict.reserve()) {
                    String state = verdict.pending() ? PENDING : RESERVED;
                    for (Position p : positions) {
                        // a cost centre without a budget in the order's currency has nothing to hold a commitment against
                        if (!p.missing() && !p.currencyMismatch()) {
                            target.put(new Key(company, p.costCentre(), p.period()), new Held(state, p.requested().amount()));
                        }
                    }
                }
                Optional<String> decision = store.apply(verdict.decision()) ? Optional.of(write.apply(verdict.decision())) : Optional.empty();
                Optional<AuditRecord> entry = Optional.ofNullable(records.audit().apply(verdict.decision()));
                Optional<EventOutbox.Pending> event = Optional.ofNullable(records.event().apply(verdict.decision()));
                if (!apply(c, order, request.revision(), digest, held, target, decision, entry, event, verdict.force())) {
                    c.rollback();
                    return Optional.empty();
                }
                if (entry.isPresent()) {
                    audit.outboxed(); // apply's batch ended with the COMMIT
                }
                return Optional.of(new Result<>(verdict.decision(), false));
            });
        }
    }

    /** Work on one connection inside {@link #inTransaction}. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs work as one transaction of {@code c}: committed when it returns (nothing left to send when the work's
     * own batch ended with the COMMIT, or it rolled back itself), rolled back when it throws.
     */
    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** What a check reads before deciding: the decision stored for the revision, the order's commitments, its budgets. */
    private record Reads(Optional<Stored> stored, Map<Key, Held> held, Map<String, Object[]> budgets) {
    }

    private static final String LOCK_ORDER = "select pg_advisory_xact_lock(hashtextextended(?, 7))";
    /**
     * Outcomes that are not final for their revision (an external platform could not answer). They are stored so that
     * a re-check giving the same answer is not announced again and polling knows to re-check the order, and are
     * replaced by the revision's final decision.
     */
    private static final List<String> NOT_FINAL_OUTCOMES = List.of("HOLD", "QUEUED");
    private static final String NOT_FINAL = NOT_FINAL_OUTCOMES.stream().map(o -> "'" + o + "'")
            .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    /** The decision stored for a revision, final or not, and the digest of the content it was decided on. */
    private static final String STORED_DECISION = "select outcome, decision, content_digest from budget_decision "
            + "where order_ref = ? and revision = ?";
    private static final String HOLDINGS = "select company, cost_centre, period, state, amount from budget_reservation where order_ref = ?";
    private static final String READS = LOCK_ORDER + ";\n" + STORED_DECISION + ";\n" + HOLDINGS + ";\n"
            + "select cost_centre, period, currency, amount, reserved + pending + consumed, pending from budget "
            + "where company = ? and cost_centre = any(?) and period in (?, ?) order by cost_centre, period";

    /**
     * The reads of a check in one round trip: the order's transaction-scoped advisory lock (two checks of one order
     * never interleave), then, under it, the stored decision, the order's commitment rows and the budgets of its
     * cost centres (a month's and its year's), under the budget rows' locks when {@code locking}.
     */
    private static Reads reads(Connection c, String order, String revision, String company, LocalDate date,
            java.util.Collection<String> costCentres, boolean locking) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READS + (locking ? " for update" : ""))) {
            ps.setString(1, lockName(order));
            ps.setString(2, order);
            ps.setString(3, revision);
            ps.setString(4, order);
            ps.setString(5, company);
            ps.setArray(6, c.createArrayOf("varchar", costCentres.toArray()));
            ps.setString(7, month(date));
            ps.setString(8, year(date));
            ps.execute();
            nextResult(ps, "the decision");
            Optional<Stored> earlier = stored(ps.getResultSet());
            nextResult(ps, "the commitments");
            Map<Key, Held> held = held(ps.getResultSet());
            nextResult(ps, "the budgets");
            Map<String, Object[]> found = new HashMap<>();
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    Object[] row = {rs.getString(2), rs.getString(3).trim(), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6)};
                    // a month's budget wins over its year's
                    found.merge(rs.getString(1), row, (a, b) -> ((String) a[0]).length() >= ((String) b[0]).length() ? a : b);
                }
            }
            return new Reads(earlier, held, found);
        }
    }

    private static void nextResult(PreparedStatement ps, String what) throws SQLException {
        if (!ps.getMoreResults()) {
            throw new IllegalStateException("Budget ledger: PostgreSQL did not return " + what + " of the check");
        }
    }

    private static String month(LocalDate date) {
        return String.format("%04d-%02d", date.getYear(), date.getMonthValue());
    }

    private static String year(LocalDate date) {
        return String.format("%04d", date.getYear());
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

    /** What an order holds on a budget row it never charged. */
    private static final Held NONE = new Held(RELEASED, BigDecimal.ZERO);

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
        try (PreparedStatement ps = c.prepareStatement(HOLDINGS)) {
            ps.setString(1, order);
            return held(ps.executeQuery());
        }
    }

    /** The commitment rows of {@link #HOLDINGS} (closes the result set). */
    private static Map<Key, Held> held(ResultSet result) throws SQLException {
        Map<Key, Held> out = new TreeMap<>();
        try (ResultSet rs = result) {
            while (rs.next()) {
                out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), new Held(rs.getString(4), rs.getBigDecimal(5)));
            }
        }
        return out;
    }

    /**
     * What each cost centre's budget (a month's before its year's, for the order's date) has available to this
     * order: the budget less every other order's commitments.
     */
    private static List<Position> positions(String company, LocalDate date, Map<String, Money> requested, Map<String, Object[]> found,
            Map<Key, Held> held) {
        String month = month(date);
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

    private static final String MOVE_BUDGET = "with moved as (update budget set reserved = reserved + ?, pending = pending + ?, "
            + "consumed = consumed + ?, updated_at = now() where company = ? and cost_centre = ? and period = ? "
            + "and (? <= 0 or amount - reserved - pending - consumed >= ?) returning 1) select budget_guard(count(*)) from moved";
    /** The SQLSTATE of {@code budget_guard} (V9): a guarded move found less budget than the unlocked read. */
    static final String BUDGET_MOVED = "HB409";
    private static final String PUT_COMMITMENT = "insert into budget_reservation (order_ref, company, cost_centre, period, "
            + "amount, state, revision) values (?, ?, ?, ?, ?, ?, ?) on conflict (order_ref, company, cost_centre, period) "
            + "do update set amount = excluded.amount, state = excluded.state, revision = excluded.revision, updated_at = now()";
    /**
     * Stores a revision's decision with the digest of its content. It replaces a stored one only because the caller, under
     * the order's lock, found that one does not stand (not final, or a rejection an order confirmed in Odoo overrides).
     */
    private static final String STORE_DECISION = "insert into budget_decision (order_ref, revision, outcome, decision, content_digest) "
            + "values (?, ?, ?, ?, ?) on conflict (order_ref, revision) do update set outcome = excluded.outcome, "
            + "decision = excluded.decision, content_digest = excluded.content_digest, decided_at = now()";
    /**
     * A new revision's decision makes the order's earlier ones stale: they no longer stand for what the order holds, so
     * an order changed back to an earlier revision (A, B, A again: an Odoo revision is a digest of the content) is
     * decided and committed anew instead of answering A's decision over B's commitments. The audit trail keeps them.
     */
    private static final String FORGET_OTHER_DECISIONS = "delete from budget_decision where order_ref = ? and revision <> ?";

    /**
     * Moves the order's commitments from {@code before} to {@code after}, stores the decision, its audit entry and its
     * event, and commits, in one round trip: each budget row's counters change by the difference in one guarded statement
     * (an increase only while the budget covers it), then the order's commitment row; the COMMIT is the batch's
     * last statement, so no budget row lock is held while this thread waits for an answer. False when a guard
     * failed: PostgreSQL aborted the transaction at that statement (nothing after it ran, the COMMIT neither) and
     * the caller rolls back.
     */
    private boolean apply(Connection c, String order, String revision, String digest, Map<Key, Held> before, Map<Key, Held> after,
            Optional<String> decision, Optional<AuditRecord> entry, Optional<EventOutbox.Pending> event, boolean force) throws SQLException {
        List<Map.Entry<Key, Held>> changes = new ArrayList<>();
        for (Map.Entry<Key, Held> e : after.entrySet()) {
            if (!before.getOrDefault(e.getKey(), NONE).equals(e.getValue())) {
                changes.add(e);
            }
        }
        if (changes.isEmpty() && decision.isEmpty() && entry.isEmpty() && event.isEmpty()) {
            return true;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < changes.size(); i++) {
            sql.append(MOVE_BUDGET).append(";\n").append(PUT_COMMITMENT).append(";\n");
        }
        decision.ifPresent(d -> sql.append(FORGET_OTHER_DECISIONS).append(";\n").append(STORE_DECISION).append(";\n"));
        entry.ifPresent(e -> sql.append(AuditTrail.OUTBOX_INSERT).append(";\n"));
        event.ifPresent(e -> sql.append(EventOutbox.INSERT).append(";\n"));
        sql.append("commit");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Map.Entry<Key, Held> e : changes) {
                Key k = e.getKey();
                Held from = before.getOrDefault(k, NONE);
                Held to = e.getValue();
                BigDecimal reserved = to.in(RESERVED).subtract(from.in(RESERVED));
                BigDecimal pending = to.in(PENDING).subtract(from.in(PENDING));
                BigDecimal consumed = to.in(CONSUMED).subtract(from.in(CONSUMED));
                BigDecimal increase = reserved.add(pending).add(consumed);
                ps.setBigDecimal(p++, reserved);
                ps.setBigDecimal(p++, pending);
                ps.setBigDecimal(p++, consumed);
                ps.setString(p++, k.company());
                ps.setString(p++, k.costCentre());
                ps.setString(p++, k.period());
                // a forced move (an order Odoo confirmed) is not guarded: the ledger records what is committed
                ps.setBigDecimal(p++, force ? BigDecimal.ZERO : increase);
                ps.setBigDecimal(p++, increase);
                ps.setString(p++, order);
                ps.setString(p++, k.company());
                ps.setString(p++, k.costCentre());
                ps.setString(p++, k.period());
                ps.setBigDecimal(p++, to.amount());
                ps.setString(p++, to.state());
                ps.setString(p++, revision);
            }
            if (decision.isPresent()) {
                ps.setString(p++, order);
                ps.setString(p++, revision);
                ps.setString(p++, order);
                ps.setString(p++, revision);
                ps.setString(p++, outcomeOf(decision.get()));
                ps.setString(p++, decision.get());
                ps.setString(p++, digest);
            }
            if (entry.isPresent()) {
                p = audit.bindOutbox(ps, p, entry.get());
            }
            if (event.isPresent()) {
                EventOutbox.bind(ps, p, event.get());
            }
            ps.execute();
        } catch (SQLException e) {
            if (BUDGET_MOVED.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /** The final decision stored for an order revision, if one was given before. */
    public Optional<String> decided(String order, String revision) {
        try (Connection c = dataSource.getConnection()) {
            return stored(c, order, revision).filter(s -> !NOT_FINAL_OUTCOMES.contains(s.outcome())).map(Stored::decision);
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read the decision of " + order + ": " + e.getMessage(), e);
        }
    }

    /**
     * The decision stored for the request's revision that {@code stands} (is answered again), if any.
     *
     * @throws RevisionConflictException when the revision was decided before for other content
     */
    public Optional<String> decided(BudgetCheckRequest request, java.util.function.Predicate<String> stands) {
        try (Connection c = dataSource.getConnection()) {
            Optional<Stored> stored = stored(c, request.orderReference(), request.revision());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            stored.get().requireContent(request.orderReference(), request.revision(), BudgetRequestRules.contentDigest(request));
            return stored.filter(s -> stands.test(s.outcome())).map(Stored::decision);
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot read the decision of " + request.orderReference() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #record} did: {@code earlier} is the final decision stored meanwhile for the revision (nothing was
     * recorded); {@code sameAsBefore} says a decision that is not final repeats the one stored for the revision
     * (nothing was recorded either: the caller does not announce it again).
     */
    public record Recorded(Optional<String> earlier, boolean sameAsBefore) {

        public boolean repeated() {
            return earlier.isPresent() || sameAsBefore;
        }
    }

    /**
     * Records a decision made elsewhere (an external provider's check) in one transaction: the decision, its audit
     * entry and its event. When a final decision for the revision was stored meanwhile (a concurrent check of the same
     * revision, the webhook and polling racing), nothing is recorded and that decision is answered: the caller reports
     * it as a repeat instead of writing a second decision back. A decision that is not final ({@code HOLD},
     * {@code QUEUED}) replaces the revision's earlier one unless it has the same outcome (re-checks during an outage
     * are not audited, published and noted in Odoo each time), and is replaced by the final one.
     */
    public Recorded record(BudgetCheckRequest request, String decision, boolean isFinal, java.util.function.Predicate<String> stands,
            Optional<AuditRecord> entry, Optional<EventOutbox.Pending> event) {
        String order = request.orderReference();
        String revision = request.revision();
        String digest = BudgetRequestRules.contentDigest(request);
        try (Connection c = dataSource.getConnection()) {
            Recorded recorded = inTransaction(c, () -> {
                // under the order's lock, as the ledger's own checks: one order's events take ids in commit order
                lockOrder(c, order);
                Optional<Stored> stored = stored(c, order, revision);
                if (stored.isPresent()) {
                    stored.get().requireContent(order, revision, digest);
                }
                if (stored.isPresent() && stands.test(stored.get().outcome())) {
                    return new Recorded(Optional.of(stored.get().decision()), false);
                }
                if (!isFinal && stored.isPresent() && stored.get().outcome().equals(outcomeOf(decision))) {
                    return new Recorded(Optional.empty(), true);
                }
                apply(c, order, revision, digest, Map.of(), Map.of(), Optional.of(decision), entry, event, false);
                return new Recorded(Optional.empty(), false);
            });
            if (!recorded.repeated() && entry.isPresent()) {
                audit.outboxed();
            }
            return recorded;
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot record the decision of " + order + ": " + e.getMessage(), e);
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
            return inTransaction(c, () -> {
                lockOrder(c, order);
                Map<Key, Held> before = holdings(c, order);
                Map<Key, Held> after = new TreeMap<>();
                before.forEach((k, h) -> {
                    if (from.contains(h.state())) {
                        after.put(k, new Held(to, h.amount()));
                    }
                });
                if (to.equals(RELEASED)) {
                    // a cancelled order's decisions no longer hold anything: set back to draft and confirmed again,
                    // even unchanged, it is checked and committed anew
                    try (PreparedStatement forget = c.prepareStatement("delete from budget_decision where order_ref = ?")) {
                        forget.setString(1, order);
                        forget.executeUpdate();
                    }
                }
                String revision = revisionOf(c, order);
                if (!apply(c, order, revision, null, before, after, Optional.empty(), Optional.empty(), Optional.empty(), false)) {
                    throw new IllegalStateException("a budget guard refused a move that does not add to any budget");
                }
                return after.size();
            });
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
        try (PreparedStatement ps = c.prepareStatement(LOCK_ORDER)) {
            ps.setString(1, lockName(order));
            ps.executeQuery().close();
        }
    }

    /** The advisory lock that keeps two changes of one order's commitments from interleaving. */
    private static String lockName(String order) {
        return "budget-order:" + order;
    }

    /** A decision stored for a revision, final or not, with the digest of the content it was decided on (null before V11). */
    private record Stored(String outcome, String decision, String digest) {

        /** Refuses a revision id sent again for other content than it was decided on. */
        void requireContent(String order, String revision, String requested) {
            if (digest != null && !digest.equals(requested)) {
                throw new RevisionConflictException(order, revision, outcome);
            }
        }
    }

    /** The decision stored for the revision, final or not, if any. */
    private static Optional<Stored> stored(Connection c, String order, String revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STORED_DECISION)) {
            ps.setString(1, order);
            ps.setString(2, revision);
            return stored(ps.executeQuery());
        }
    }

    /** The row of {@link #STORED_DECISION}, if any (closes the result set). */
    private static Optional<Stored> stored(ResultSet result) throws SQLException {
        try (ResultSet rs = result) {
            return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
    }

    /**
     * Orders whose latest check could not be decided (held or queued while a platform was down), most recent first, at
     * most {@code limit}: polling re-checks them, since nothing in Odoo changes while they wait.
     */
    public List<String> undecidedOrders(int limit) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select order_ref from budget_decision where outcome in " + NOT_FINAL
                        + " group by order_ref order by max(decided_at) desc limit ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot list the orders waiting for a decision: " + e.getMessage(), e);
        }
    }

    /** The outcome of a stored decision (its JSON, as {@code BudgetChecks} wrote it); UNKNOWN when it has none. */
    private String outcomeOf(String decision) {
        try {
            return json.readTree(decision).path("outcome").asText("UNKNOWN");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "UNKNOWN";
        }
    }

    /** An order's latest stored decision (the decision as its JSON, as {@code BudgetChecks} wrote it). */
    public record DecisionRow(String order, String revision, String outcome, String decision, java.time.Instant decidedAt) {
    }

    /**
     * The latest decision of each order, most recent first, at most {@code limit}; {@code outcomes} narrows them to
     * those outcomes (empty: all). Read-only: what the console lists.
     */
    public List<DecisionRow> latestDecisions(java.util.Collection<String> outcomes, int limit) {
        List<DecisionRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select order_ref, revision, outcome, decision, decided_at from ("
                        + "select distinct on (order_ref) order_ref, revision, outcome, decision, decided_at from budget_decision "
                        + "order by order_ref, decided_at desc) d where cardinality(?) = 0 or outcome = any (?) "
                        + "order by decided_at desc limit ?")) {
            java.sql.Array wanted = c.createArrayOf("varchar", outcomes.toArray());
            ps.setArray(1, wanted);
            ps.setArray(2, wanted);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DecisionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot list the decisions: " + e.getMessage(), e);
        }
    }

    /** Every budget of the ledger with what is committed against it, by company, cost centre and period. */
    public List<BudgetLine> budgets() {
        List<BudgetLine> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select company, cost_centre, period, currency, amount, source, reserved, "
                        + "pending, consumed from budget order by company, cost_centre, period");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String currency = rs.getString(4).trim();
                BigDecimal reserved = rs.getBigDecimal(7);
                BigDecimal pending = rs.getBigDecimal(8);
                BigDecimal consumed = rs.getBigDecimal(9);
                out.add(new BudgetLine(rs.getString(1), rs.getString(2), rs.getString(3), Money.of(rs.getBigDecimal(5), currency),
                        Money.of(reserved.add(pending).add(consumed), currency), rs.getString(6), Money.of(reserved, currency),
                        Money.of(pending, currency), Money.of(consumed, currency)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: cannot list the budgets: " + e.getMessage(), e);
        }
    }
}
