package io.financehub.flows.actualsexport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.financehub.events.EventOutbox;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.checkpoint.Checkpoints;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The governance store's memory of actuals export runs: each run's life (STAGED, then PUBLISHED or FAILED) with its
 * report. A run's staged contributions ({@link ExportContributions}) count only once the run is PUBLISHED, so a run
 * that fails half-way leaves no trace in later increments.
 */
@ApplicationScoped
public class ExportLedgerStore {

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

    /** {@link #failed(UUID, String)} with the report a failure gets: the error's class, message and listed problems. */
    public boolean failed(UUID id, Throwable cause) {
        return failed(id, failureReport(cause));
    }

    /** The report of a failed run: {@code {error, message, problems}} (problems of rejected data only). */
    static String failureReport(Throwable cause) {
        ObjectNode failure = JsonNodeFactory.instance.objectNode();
        failure.put("error", cause == null ? "unknown" : cause.getClass().getSimpleName());
        failure.put("message", cause == null ? "" : String.valueOf(cause.getMessage()));
        if (cause instanceof ActualsRejectedException r) {
            ArrayNode problems = failure.putArray("problems");
            r.problems().forEach(problems::add);
        }
        return failure.toPrettyString();
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

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
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
