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
    /** A claim never confirmed and older than this is taken over by {@link #add}; null: never. */
    private final java.time.Duration staleAfter;

    public JdbcIdempotentRepository(DataSource dataSource, String repository) {
        this(dataSource, repository, null);
    }

    /**
     * @param staleAfter {@link #add} takes over a claim that was never confirmed and is older than this (its owner
     *                   died while working on it); null never takes one over
     */
    public JdbcIdempotentRepository(DataSource dataSource, String repository, java.time.Duration staleAfter) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.staleAfter = staleAfter;
    }

    public String name() {
        return repository;
    }

    @Override
    public boolean add(String key) {
        if (update("insert into idempotency_key (repository, key) values (?, ?) on conflict do nothing", key) == 1) {
            return true;
        }
        return staleAfter != null && !reclaimStale(java.util.List.of(key), java.time.Instant.now().minus(staleAfter)).isEmpty();
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

    /**
     * State of a key: claimed (processing started) and possibly confirmed (processing completed), and the work that
     * claimed it, where the claimer named one ({@link #claimAll(java.util.Collection, String)}).
     */
    public record KeyState(java.time.Instant claimedAt, boolean confirmed, java.util.Optional<String> owner) {
        public KeyState(java.time.Instant claimedAt, boolean confirmed) {
            this(claimedAt, confirmed, java.util.Optional.empty());
        }
    }

    /** The states of many keys in one round trip; keys never seen are absent from the map. */
    public java.util.Map<String, KeyState> states(java.util.Collection<String> keys) {
        java.util.Map<String, KeyState> states = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return states;
        }
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "select key, created_at, confirmed_at is not null, owner from idempotency_key where repository = ? and key = any (?)")) {
            ps.setString(1, repository);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), new KeyState(rs.getTimestamp(2).toInstant(), rs.getBoolean(3),
                            java.util.Optional.ofNullable(rs.getString(4))));
                }
            }
            return states;
        } catch (SQLException e) {
            throw failure("look up", e);
        }
    }

    /** Claims every key not yet present, atomically per key; returns the keys this call claimed. */
    public java.util.Set<String> claimAll(java.util.Collection<String> keys) {
        return claimAll(keys, null);
    }

    /** Like {@link #claimAll(java.util.Collection)}, recording {@code owner} (the work the keys are claimed for). */
    public java.util.Set<String> claimAll(java.util.Collection<String> keys, String owner) {
        java.util.Set<String> claimed = new java.util.HashSet<>();
        if (keys.isEmpty()) {
            return claimed;
        }
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "insert into idempotency_key (repository, key, owner) select ?, k, ? from unnest(?::text[]) as k "
                        + "on conflict do nothing returning key")) {
            ps.setString(1, repository);
            ps.setString(2, owner);
            ps.setArray(3, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw failure("claim", e);
        }
    }

    /**
     * Takes over claims that were never confirmed and are older than {@code staleBefore} (their owner
     * crashed or gave up); returns the keys taken over.
     */
    public java.util.Set<String> reclaimStale(java.util.Collection<String> keys, java.time.Instant staleBefore) {
        java.util.Set<String> reclaimed = new java.util.HashSet<>();
        if (keys.isEmpty()) {
            return reclaimed;
        }
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "update idempotency_key set created_at = now() where repository = ? and key = any (?) "
                        + "and confirmed_at is null and created_at < ? returning key")) {
            ps.setString(1, repository);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            ps.setTimestamp(3, java.sql.Timestamp.from(staleBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reclaimed.add(rs.getString(1));
                }
            }
            return reclaimed;
        } catch (SQLException e) {
            throw failure("reclaim", e);
        }
    }

    /** Confirms many keys: the work they guard is done for good. */
    public int confirmAll(java.util.Collection<String> keys) {
        return bulk("update idempotency_key set confirmed_at = now() where repository = ? and key = any (?) and confirmed_at is null", keys);
    }

    /** Confirms the unconfirmed keys claimed for {@code owner}; returns how many. */
    public int confirmOwned(String owner) {
        return byOwner("update idempotency_key set confirmed_at = now() where repository = ? and owner = ? and confirmed_at is null", owner);
    }

    /** Releases the unconfirmed keys claimed for {@code owner} (that work is known not done); returns how many. */
    public int releaseOwned(String owner) {
        return byOwner("delete from idempotency_key where repository = ? and owner = ? and confirmed_at is null", owner);
    }

    private int byOwner(String sql, String owner) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, repository);
            ps.setString(2, owner);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    /** Releases unconfirmed claims (processing failed), so a retry or replay can claim them again. */
    public int releaseAll(java.util.Collection<String> keys) {
        return bulk("delete from idempotency_key where repository = ? and key = any (?) and confirmed_at is null", keys);
    }

    private int bulk(String sql, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, repository);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update", e);
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
