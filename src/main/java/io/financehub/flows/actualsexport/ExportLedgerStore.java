package io.financehub.flows.actualsexport;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.actuals.ActualsKey;
import io.financehub.events.EventOutbox;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.checkpoint.Checkpoints;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The governance store's memory of actuals exports: each run, and per journal entry what a published incremental
 * export contributed to which aggregated line. Staged contributions of a run count only once the run is
 * PUBLISHED, so a run that fails half-way leaves no trace in later increments.
 */
@ApplicationScoped
public class ExportLedgerStore {

    /** A move's contribution to one aggregated line (amount in company currency, original in its currency). */
    public record Contribution(long moveId, ActualsKey key, BigDecimal amount, BigDecimal originalAmount) {
    }

    /** Moves an export has touched in a company and period, split by whether their net contribution is live. */
    public record KnownMoves(List<Long> live, List<Long> cancelled) {
    }

    private final AgroalDataSource dataSource;

    public ExportLedgerStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void begin(UUID id, String company, YearMonth period, ExportMode mode, String fileName, String correlationId) {
        update("insert into actuals_export (id, company, period, mode, status, file_name, correlation_id, started_at) "
                + "values (?, ?, ?, ?, 'STAGED', ?, ?, ?)", ps -> {
                    ps.setObject(1, id);
                    ps.setString(2, company);
                    ps.setString(3, period.toString());
                    ps.setString(4, mode.id());
                    ps.setString(5, fileName);
                    ps.setString(6, correlationId);
                    ps.setTimestamp(7, Timestamp.from(Instant.now()));
                });
    }

    /** Stages contributions of a running export (one JDBC batch). */
    public void stage(UUID exportId, Collection<Contribution> contributions) {
        if (contributions.isEmpty()) {
            return;
        }
        String sql = "insert into actuals_export_move (export_id, company, period, move_id, planning_account, cost_centre, "
                + "currency, original_currency, amount, original_amount) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Contribution k : contributions) {
                ps.setObject(1, exportId);
                ps.setString(2, k.key().company());
                ps.setString(3, k.key().period().toString());
                ps.setLong(4, k.moveId());
                ps.setString(5, k.key().planningAccount());
                ps.setString(6, k.key().costCentre());
                ps.setString(7, k.key().currency());
                ps.setString(8, k.key().originalCurrency());
                ps.setBigDecimal(9, k.amount());
                ps.setBigDecimal(10, k.originalAmount());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot stage contributions of export " + exportId
                    + ": " + e.getMessage(), e);
        }
    }

    /** Moves with published contributions in the company and period: live (net non-zero) or already corrected. */
    public KnownMoves knownMoves(String company, YearMonth period) {
        String sql = "select m.move_id, bool_or(net <> 0 or net_original <> 0) from ("
                + " select m.move_id, m.planning_account, m.cost_centre, m.currency, m.original_currency,"
                + "  sum(m.amount) as net, sum(m.original_amount) as net_original"
                + " from actuals_export_move m join actuals_export e on e.id = m.export_id"
                + " where e.status = 'PUBLISHED' and m.company = ? and m.period = ?"
                + " group by m.move_id, m.planning_account, m.cost_centre, m.currency, m.original_currency) m"
                + " group by m.move_id order by m.move_id";
        List<Long> live = new ArrayList<>();
        List<Long> cancelled = new ArrayList<>();
        query(sql, company, period, rs -> (rs.getBoolean(2) ? live : cancelled).add(rs.getLong(1)));
        return new KnownMoves(live, cancelled);
    }

    /** The net published contributions of the given moves, to be negated by a correction. */
    public List<Contribution> netContributions(String company, YearMonth period, Collection<Long> moveIds) {
        List<Contribution> out = new ArrayList<>();
        if (moveIds.isEmpty()) {
            return out;
        }
        String sql = "select m.move_id, m.planning_account, m.cost_centre, m.currency, m.original_currency,"
                + " sum(m.amount), sum(m.original_amount)"
                + " from actuals_export_move m join actuals_export e on e.id = m.export_id"
                + " where e.status = 'PUBLISHED' and m.company = ? and m.period = ? and m.move_id = any (?)"
                + " group by m.move_id, m.planning_account, m.cost_centre, m.currency, m.original_currency"
                + " having sum(m.amount) <> 0 or sum(m.original_amount) <> 0";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, company);
            ps.setString(2, period.toString());
            ps.setArray(3, c.createArrayOf("bigint", moveIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Contribution(rs.getLong(1), new ActualsKey(company, period, rs.getString(2),
                            rs.getString(3), rs.getString(4).trim(), rs.getString(5).trim()), rs.getBigDecimal(6),
                            rs.getBigDecimal(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot read contributions: " + e.getMessage(), e);
        }
        return out;
    }

    public void published(UUID id, String report) {
        finish(id, "PUBLISHED", report);
    }

    /**
     * Publishes a run in one transaction: the checkpoint moves from {@code seen} to {@code next} (compare-and-set,
     * when the run has a next checkpoint), the run becomes PUBLISHED with its report, and its audit entry and events
     * are put in their outboxes. All of it, or nothing: a process killed at any moment leaves the run either STAGED
     * (nothing of it counts) or PUBLISHED with its events due. Returns false, changing nothing, when another run of
     * the same increment moved the checkpoint first.
     */
    public boolean publish(UUID id, String report, String checkpointName, java.util.Optional<String> seen,
            java.util.Optional<String> next, AuditTrail audit, AuditRecord entry, List<EventOutbox.Pending> events) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (next.isPresent() && !Checkpoints.advance(c, checkpointName, seen, next.get())) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("update actuals_export set status = 'PUBLISHED', finished_at = ?, "
                        + "report = ? where id = ? and status = 'STAGED'")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setString(2, report);
                    ps.setObject(3, id);
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("actuals export " + id + " is no longer STAGED (recovered as interrupted?);"
                                + " nothing of it was published, run it again");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(AuditTrail.OUTBOX_INSERT)) {
                    audit.bindOutbox(ps, 1, entry);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(EventOutbox.INSERT)) {
                    for (EventOutbox.Pending event : events) {
                        EventOutbox.bind(ps, 1, event);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot publish export " + id + ": " + e.getMessage(), e);
        }
        audit.outboxed();
        return true;
    }

    /**
     * A failed run: its staged contributions are dropped, the run stays visible as FAILED. A run already published
     * is left as it is (returns false).
     */
    public boolean failed(UUID id, String report) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement fail = c.prepareStatement("update actuals_export set status = 'FAILED', finished_at = ?, report = ? "
                    + "where id = ? and status = 'STAGED'");
                    PreparedStatement drop = c.prepareStatement("delete from actuals_export_move where export_id = ?")) {
                fail.setTimestamp(1, Timestamp.from(Instant.now()));
                fail.setString(2, report);
                fail.setObject(3, id);
                boolean failed = fail.executeUpdate() == 1;
                if (failed) {
                    drop.setObject(1, id);
                    drop.executeUpdate();
                }
                c.commit();
                return failed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot record export " + id + " as failed: " + e.getMessage(), e);
        }
    }

    /** A run as recovery sees it: id, status and file name. */
    public record Run(UUID id, String status, String fileName) {
    }

    /** Runs still STAGED that started before {@code before}: their process ended without publishing or failing them. */
    public List<Run> stagedBefore(Instant before) {
        List<Run> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, status, file_name from actuals_export where status = 'STAGED' and started_at < ? order by started_at")) {
            ps.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot read interrupted runs: " + e.getMessage(), e);
        }
        return out;
    }

    /** The run that writes the file {@code fileName}, if any. */
    public java.util.Optional<Run> byFileName(String fileName) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, status, file_name from actuals_export where file_name = ?")) {
            ps.setString(1, fileName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new Run(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot read the run of " + fileName + ": " + e.getMessage(), e);
        }
    }

    private void finish(UUID id, String status, String report) {
        update("update actuals_export set status = ?, finished_at = ?, report = ? where id = ? and status = 'STAGED'", ps -> {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, report);
            ps.setObject(4, id);
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: " + e.getMessage(), e);
        }
    }

    private void query(String sql, String company, YearMonth period, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, company);
            ps.setString(2, period.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: " + e.getMessage(), e);
        }
    }


    /** One export run as stored: its reconciliation report is the JSON answered by the API (empty while it runs). */
    public record ExportRun(UUID id, String company, String period, String mode, String status, String fileName,
            String correlationId, Instant startedAt, Instant finishedAt, String report) {
    }

    /** The newest export runs, newest first, at most {@code limit} (read-only: what the console lists). */
    public List<ExportRun> recent(int limit) {
        return runs("select id, company, period, mode, status, file_name, correlation_id, started_at, finished_at, report "
                + "from actuals_export order by started_at desc limit ?", ps -> ps.setInt(1, limit));
    }

    public java.util.Optional<ExportRun> find(UUID id) {
        return runs("select id, company, period, mode, status, file_name, correlation_id, started_at, finished_at, report "
                + "from actuals_export where id = ?", ps -> ps.setObject(1, id)).stream().findFirst();
    }

    private List<ExportRun> runs(String sql, Binder binder) {
        List<ExportRun> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(9);
                    out.add(new ExportRun(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3).trim(), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                            finished == null ? null : finished.toInstant(), rs.getString(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: cannot list exports: " + e.getMessage(), e);
        }
    }
}
