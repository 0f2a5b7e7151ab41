package io.financehub.governance.saga;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable saga log: one row per saga (unique per business key, so the same batch can never start two
 * sagas), its state and the steps completed so far, written before each step's effect is relied upon. After
 * a crash, start-up recovery reads the unfinished sagas and resumes or compensates them.
 */
@ApplicationScoped
public class SagaLog {

    /** A saga as stored. {@code steps} is the JSON array of completed steps, {@code data} the saga's JSON data. */
    public record Saga(String sagaId, String type, String businessKey, String state, String steps, String data) {
    }

    private final AgroalDataSource dataSource;

    public SagaLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts a saga for a business key; empty when one already exists for that key (it is not started twice). */
    public Optional<Saga> start(String sagaId, String type, String businessKey, String state, String data) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into saga_log (saga_id, saga_type, business_key, state, data) values (?, ?, ?, ?, ?) "
                        + "on conflict (business_key) do nothing")) {
            ps.setString(1, sagaId);
            ps.setString(2, type);
            ps.setString(3, businessKey);
            ps.setString(4, state);
            ps.setString(5, data);
            return ps.executeUpdate() == 1 ? Optional.of(new Saga(sagaId, type, businessKey, state, "[]", data)) : Optional.empty();
        } catch (SQLException e) {
            throw failure("start", e);
        }
    }

    /** Moves a saga from {@code expectedState} to {@code state}, recording the step; false if it was not in that state. */
    public boolean transition(String sagaId, String expectedState, String state, String stepJson, String data) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update saga_log set state = ?, steps = (steps::jsonb || ?::jsonb)::text, data = coalesce(?, data), "
                        + "updated_at = now() where saga_id = ? and state = ?")) {
            ps.setString(1, state);
            ps.setString(2, "[" + stepJson + "]");
            ps.setString(3, data);
            ps.setString(4, sagaId);
            ps.setString(5, expectedState);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("record a step of", e);
        }
    }

    public Optional<Saga> find(String sagaId) {
        List<Saga> found = query("select saga_id, saga_type, business_key, state, steps, data from saga_log where saga_id = ?", sagaId);
        return found.stream().findFirst();
    }

    /** Sagas of a type not in one of the final states: what start-up recovery must look at. */
    public List<Saga> unfinished(String type, List<String> finalStates) {
        List<Saga> all = query("select saga_id, saga_type, business_key, state, steps, data from saga_log where saga_type = ? "
                + "order by created_at", type);
        return all.stream().filter(s -> !finalStates.contains(s.state())).toList();
    }

    /** How many sagas of a type are in none of the final states, and how long ago the oldest of them last moved. */
    public record Unfinished(long count, java.time.Duration oldest) {
    }

    public Unfinished unfinishedSummary(String type, List<String> finalStates) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*), coalesce(extract(epoch from now() - min(updated_at)), 0) from saga_log "
                        + "where saga_type = ? and not (state = any (?))")) {
            ps.setString(1, type);
            ps.setArray(2, c.createArrayOf("text", finalStates.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Unfinished(rs.getLong(1), java.time.Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)));
            }
        } catch (SQLException e) {
            throw failure("count the unfinished", e);
        }
    }

    private List<Saga> query(String sql, String param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            List<Saga> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Saga(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Saga log: cannot " + what + " a saga: " + e.getMessage(), e);
    }
}
