package io.financehub.flows.bankstatements;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Odoo statements (parts) the flow sends, one row per posting key ({@code statement_posting}): written before the
 * create is sent and updated with what is known of its outcome, so a retry, a replay or another instance after a crash
 * settles an earlier post from facts instead of assumptions, and reports say what Odoo holds. Each update is its own
 * auto-commit statement: another instance must see it at once.
 */
@ApplicationScoped
public class StatementPostings {

    /** What is known of a post. */
    public enum State { CLAIMED, SENT, COMMITTED, NOT_COMMITTED, UNKNOWN }

    /**
     * One post: its key, the import and statement it belongs to, which booked lines of the statement it carries
     * (1-based positions in the file), and its outcome.
     */
    public record Posting(String postingKey, UUID importId, String statementId, long journalId, long companyId, int part,
            int firstLine, int lastLine, int lines, State state, Optional<Instant> sentAt, Optional<Long> odooStatementId,
            Instant updatedAt) {

        /** Whether the create may be running in Odoo or committed there without this row knowing it yet. */
        public boolean open() {
            return state == State.SENT || state == State.UNKNOWN || state == State.CLAIMED;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** Records a post about to be made (its lines claimed for it); a row left by an earlier attempt is kept as it is. */
    public void claimed(String postingKey, UUID importId, String statementId, long journalId, long companyId, int part,
            int firstLine, int lastLine, int lines) {
        update("insert into statement_posting (posting_key, import_id, statement_id, journal_id, company_id, part, first_line,"
                + " last_line, lines, state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CLAIMED') on conflict (posting_key) do nothing",
                ps -> {
                    ps.setString(1, postingKey);
                    ps.setObject(2, importId);
                    ps.setString(3, statementId);
                    ps.setLong(4, journalId);
                    ps.setLong(5, companyId);
                    ps.setInt(6, part);
                    ps.setInt(7, firstLine);
                    ps.setInt(8, lastLine);
                    ps.setInt(9, lines);
                });
    }

    /** The create is being handed to Odoo now: from here on it may commit whatever the hub hears back. */
    public void sent(String postingKey, Instant at) {
        update("update statement_posting set state = 'SENT', sent_at = ?, updated_at = now() where posting_key = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, postingKey);
        });
    }

    public void committed(String postingKey, long odooStatementId) {
        update("update statement_posting set state = 'COMMITTED', odoo_statement_id = ?, updated_at = now() where posting_key = ?",
                ps -> {
                    ps.setLong(1, odooStatementId);
                    ps.setString(2, postingKey);
                });
    }

    public void notCommitted(String postingKey) {
        setState(postingKey, State.NOT_COMMITTED);
    }

    public void unknown(String postingKey) {
        setState(postingKey, State.UNKNOWN);
    }

    private void setState(String postingKey, State state) {
        update("update statement_posting set state = ?, updated_at = now() where posting_key = ? and state <> 'COMMITTED'", ps -> {
            ps.setString(1, state.name());
            ps.setString(2, postingKey);
        });
    }

    public Optional<Posting> find(String postingKey) {
        List<Posting> found = query("select * from statement_posting where posting_key = ?", ps -> ps.setString(1, postingKey));
        return found.stream().findFirst();
    }

    /** Every post of an import, in the order they were made (statement, then part). */
    public List<Posting> ofImport(UUID importId) {
        return query("select * from statement_posting where import_id = ? order by statement_id, part, first_line",
                ps -> ps.setObject(1, importId));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The statement posting store could not be updated: " + e.getMessage(), e);
        }
    }

    private List<Posting> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Posting> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp sent = rs.getTimestamp("sent_at");
                    long odooId = rs.getLong("odoo_statement_id");
                    Optional<Long> odooStatementId = rs.wasNull() ? Optional.empty() : Optional.of(odooId);
                    out.add(new Posting(rs.getString("posting_key"), rs.getObject("import_id", UUID.class), rs.getString("statement_id"),
                            rs.getLong("journal_id"), rs.getLong("company_id"), rs.getInt("part"), rs.getInt("first_line"),
                            rs.getInt("last_line"), rs.getInt("lines"), State.valueOf(rs.getString("state")),
                            Optional.ofNullable(sent).map(Timestamp::toInstant), odooStatementId,
                            rs.getTimestamp("updated_at").toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("The statement posting store could not be read: " + e.getMessage(), e);
        }
    }
}
