package io.financehub.governance.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel {@link IdempotentRepository} on the governance database: one row per (repository, key) under a
 * primary key, so two hub instances on one database agree on which message went first, and keys survive
 * restarts. {@code add} claims a key atomically ({@code INSERT ... ON CONFLICT DO NOTHING}); {@code remove}
 * releases it again when processing failed, so a retry or replay can claim it.
 *
 * <p>Each operation runs in its own short auto-commit transaction on purpose: a claim must be visible to a
 * competing instance at once, whatever the caller's transaction does.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final DataSource dataSource;
    private final String repository;

    public JdbcIdempotentRepository(DataSource dataSource, String repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    public String name() {
        return repository;
    }

    @Override
    public boolean add(String key) {
        return update("insert into idempotency_key (repository, key) values (?, ?) on conflict do nothing", key) == 1;
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "select 1 from idempotency_key where repository = ? and key = ?")) {
            ps.setString(1, repository);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up", e);
        }
    }

    @Override
    public boolean remove(String key) {
        return update("delete from idempotency_key where repository = ? and key = ?", key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return update("update idempotency_key set confirmed_at = now() where repository = ? and key = ?", key) == 1;
    }

    /** Clears this repository's keys only; other repositories on the same table are untouched. */
    @Override
    public void clear() {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("delete from idempotency_key where repository = ?")) {
            ps.setString(1, repository);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("clear", e);
        }
    }

    private int update(String sql, String key) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, repository);
            ps.setString(2, key);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    private IllegalStateException failure(String what, SQLException e) {
        // keys may carry account references: the message names the repository, never the key
        return new IllegalStateException("Idempotency store (" + repository + ") could not " + what + ": " + e.getMessage(), e);
    }

    @Override
    protected void doStart() {
        // the table is created by Flyway (V2__governance_store.sql)
    }

    @Override
    protected void doStop() {
        // connections are borrowed per call from the shared pool
    }
}
