package io.financehub.flows.actualsexport;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.actuals.ActualsKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Per journal entry, what an incremental export contributed to which aggregated line: staged while a run reads its
 * pages, counted once the run is PUBLISHED ({@link ExportLedgerStore}), and negated when the entry is no longer posted.
 */
@ApplicationScoped
public class ExportContributions {

    /** A move's contribution to one aggregated line (amount in company currency, original in its currency). */
    public record Contribution(long moveId, ActualsKey key, BigDecimal amount, BigDecimal originalAmount) {
    }

    /** Moves an export has touched in a company and period, split by whether their net contribution is live. */
    public record KnownMoves(List<Long> live, List<Long> cancelled) {
    }

    private final AgroalDataSource dataSource;

    public ExportContributions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, company);
            ps.setString(2, period.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? live : cancelled).add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Actuals export store: " + e.getMessage(), e);
        }
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
}
