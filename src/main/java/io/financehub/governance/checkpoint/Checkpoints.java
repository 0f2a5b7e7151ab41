package io.financehub.governance.checkpoint;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Durable checkpoints of incremental flows (for example "actuals-export/DE01" → the last exported journal
 * item), in the governance store so they survive restarts and are shared by hub instances. Advancing is a
 * compare-and-set: a checkpoint moves only from the value the caller read, so two instances can never both
 * export the same increment.
 */
@ApplicationScoped
@Named("checkpoints")
public class Checkpoints {

    private final AgroalDataSource dataSource;

    public Checkpoints(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> get(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select value from checkpoint where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Checkpoint store: cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves a checkpoint from {@code expected} (empty: not set yet) to {@code next}. Returns false, changing
     * nothing, when someone else moved it first.
     */
    public boolean advance(String name, Optional<String> expected, String next) {
        try (Connection c = dataSource.getConnection()) {
            return advance(c, name, expected, next);
        } catch (SQLException e) {
            throw new IllegalStateException("Checkpoint store: cannot advance " + name + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #advance(String, Optional, String)}, inside the caller's transaction on {@code c}. */
    public static boolean advance(Connection c, String name, Optional<String> expected, String next) throws SQLException {
        String sql = expected.isPresent()
                ? "update checkpoint set value = ?, updated_at = now() where name = ? and value = ?"
                : "insert into checkpoint (name, value) values (?, ?) on conflict do nothing";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (expected.isPresent()) {
                ps.setString(1, next);
                ps.setString(2, name);
                ps.setString(3, expected.get());
            } else {
                ps.setString(1, name);
                ps.setString(2, next);
            }
            return ps.executeUpdate() == 1;
        }
    }
}
