package io.financehub.flows.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.governance.masking.Masking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The payment batches in the governance store. State changes are conditional updates ({@code where state = ?}),
 * so two approvers clicking at once, or a replay racing a recovery, move a batch once; the partial unique index
 * on open batch payments keeps one Odoo payment out of two open batches.
 */
@ApplicationScoped
public class PaymentBatchStore {

    /** A stored batch: the view plus what the saga needs (snapshot, debtor IBAN kept out of the view). */
    public record StoredBatch(PaymentBatchView view, BatchSnapshot snapshot) {
        public UUID id() {
            return UUID.fromString(view.id());
        }
    }

    /** A new batch, as a run prepares it. */
    public record NewBatch(UUID runId, String company, String journal, String bankProfile, String painVersion,
            String currency, LocalDate executionDate, BigDecimal controlSum, boolean needsApproval, String preparedBy,
            String correlationId, BatchSnapshot snapshot, Instant createdAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    public long nextBatchNumber() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select nextval('payment_batch_number_seq')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("number", e);
        }
    }

    /**
     * Stores a batch with its payments in one transaction. Empty when one of the payments is already in an open
     * batch (another run took it first): nothing is stored then.
     */
    public Optional<UUID> insert(UUID id, long batchNumber, String messageId, String state, NewBatch b) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("insert into payment_batch (id, batch_number, run_id, company, journal_code, "
                        + "bank_profile, pain_version, currency, execution_date, control_sum, payment_count, message_id, state, "
                        + "needs_approval, prepared_by, correlation_id, created_at, updated_at, snapshot) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setObject(1, id);
                    ps.setLong(2, batchNumber);
                    ps.setObject(3, b.runId());
                    ps.setString(4, b.company());
                    ps.setString(5, b.journal());
                    ps.setString(6, b.bankProfile());
                    ps.setString(7, b.painVersion());
                    ps.setString(8, b.currency());
                    ps.setObject(9, b.executionDate());
                    ps.setBigDecimal(10, b.controlSum());
                    ps.setInt(11, b.snapshot().lines().size());
                    ps.setString(12, messageId);
                    ps.setString(13, state);
                    ps.setBoolean(14, b.needsApproval());
                    ps.setString(15, b.preparedBy());
                    ps.setString(16, b.correlationId());
                    ps.setTimestamp(17, Timestamp.from(b.createdAt()));
                    ps.setTimestamp(18, Timestamp.from(b.createdAt()));
                    ps.setString(19, json.writeValueAsString(b.snapshot()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into payment_batch_payment (batch_id, odoo_payment_id, end_to_end_id, amount) "
                        + "values (?,?,?,?) on conflict do nothing")) {
                    for (BatchSnapshot.Line line : b.snapshot().lines()) {
                        ps.setObject(1, id);
                        ps.setLong(2, line.odooPaymentId());
                        ps.setString(3, line.endToEndId());
                        ps.setBigDecimal(4, new BigDecimal(line.amount()));
                        if (ps.executeUpdate() != 1) {
                            c.rollback();
                            return Optional.empty();
                        }
                    }
                }
                c.commit();
                return Optional.of(id);
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    return Optional.empty();
                }
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Payment batches: cannot store a batch: " + e.getMessage(), e);
        }
    }

    /** Odoo payments that are in an open batch (awaiting approval, released or sent) and so not in the pool. */
    public Set<Long> paymentsInOpenBatches(Collection<Long> paymentIds) {
        if (paymentIds.isEmpty()) {
            return Set.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select odoo_payment_id from payment_batch_payment where active and odoo_payment_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", paymentIds.toArray()));
            Set<Long> out = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** How many times a payment was put in a batch before (its next end-to-end id carries the attempt number). */
    public int previousAttempts(long odooPaymentId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from payment_batch_payment where odoo_payment_id = ?")) {
            ps.setLong(1, odooPaymentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** Moves a batch from one state to another; false when it was not in {@code from} (someone else moved it). */
    public boolean transition(UUID id, String from, String to, String decidedBy, String reason) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update payment_batch set state = ?, decided_by = coalesce(?, decided_by), decision_reason = coalesce(?, decision_reason), "
                        + "updated_at = now() where id = ? and state = ?")) {
            ps.setString(1, to);
            ps.setString(2, decidedBy);
            ps.setString(3, reason);
            ps.setObject(4, id);
            ps.setString(5, from);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    /** The batch's payments return to the pool (rejected, or compensated before its file was delivered). */
    public void releasePayments(UUID id) {
        update("update payment_batch_payment set active = false where batch_id = ?", id);
    }

    public void fileWritten(UUID id, String fileName, String digest) {
        update("update payment_batch set file_name = ?, file_digest = ?, updated_at = now() where id = ?", fileName, digest, id);
    }

    /** Marks the batch as changed now (a saga step): recovery passes leave recently changed batches alone. */
    public void touch(UUID id) {
        update("update payment_batch set updated_at = now() where id = ?", id);
    }

    /** When the batch last changed (its state, file or saga step); empty when it does not exist. */
    public Optional<Instant> updatedAt(UUID id) {
        return scalar("select updated_at from payment_batch where id = ?", id).map(v -> ((Timestamp) v).toInstant());
    }

    /** SHA-256 of the file delivered for the batch, as recorded at delivery. */
    public Optional<String> fileDigest(UUID id) {
        return scalar("select file_digest from payment_batch where id = ?", id).map(Object::toString);
    }

    private Optional<Object> scalar(String sql, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** The exception item the batch's saga failure became. */
    public void exceptionRaised(UUID id, String exceptionId) {
        update("update payment_batch set exception_id = ?, updated_at = now() where id = ?", exceptionId, id);
    }

    /**
     * The bank status last applied to a payment (pain.002, camt.054); {@code backToPool} when Odoo has the payment to
     * send again (16/17 give a rejected payment back unsent): its batch no longer holds it, so the next run batches it.
     */
    public void bankStatus(String endToEndId, String status, boolean backToPool) {
        update("update payment_batch_payment set bank_status = ?, active = active and not ? where end_to_end_id = ?", status,
                backToPool, endToEndId);
    }

    public Optional<StoredBatch> find(UUID id) {
        return query("select * from payment_batch where id = ?", id).stream().findFirst();
    }

    public Optional<StoredBatch> byMessageId(String messageId) {
        return query("select * from payment_batch where message_id = ?", messageId).stream().findFirst();
    }

    /** The batch that carried an end-to-end id, if this hub sent it. */
    public Optional<StoredBatch> byEndToEndId(String endToEndId) {
        return query("select b.* from payment_batch b join payment_batch_payment p on p.batch_id = b.id where p.end_to_end_id = ?",
                endToEndId).stream().findFirst();
    }

    public List<PaymentBatchView> list(Optional<String> state, int limit) {
        List<StoredBatch> found = state.isPresent()
                ? query("select * from payment_batch where state = ? order by batch_number desc limit " + limit, state.get())
                : query("select * from payment_batch where ? is null order by batch_number desc limit " + limit, (Object) null);
        return found.stream().map(StoredBatch::view).toList();
    }

    /** Runs an update whose parameters are all given (none null). */
    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    private List<StoredBatch> query(String sql, Object param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param == null) {
                ps.setNull(1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(1, param);
            }
            List<StoredBatch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(c, rs));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Payment batches: cannot read batches: " + e.getMessage(), e);
        }
    }

    private StoredBatch read(Connection c, ResultSet rs) throws SQLException, JsonProcessingException {
        UUID id = rs.getObject("id", UUID.class);
        List<PaymentBatchView.Payment> payments = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select odoo_payment_id, end_to_end_id, amount, active, bank_status "
                + "from payment_batch_payment where batch_id = ? order by odoo_payment_id")) {
            ps.setObject(1, id);
            try (ResultSet p = ps.executeQuery()) {
                while (p.next()) {
                    payments.add(new PaymentBatchView.Payment(p.getLong(1), p.getString(2), p.getBigDecimal(3).stripTrailingZeros(), p.getBoolean(4), p.getString(5)));
                }
            }
        }
        PaymentBatchView view = new PaymentBatchView(id.toString(), rs.getLong("batch_number"), rs.getString("run_id"),
                rs.getString("company"), rs.getString("journal_code"), rs.getString("bank_profile"), rs.getString("pain_version"),
                rs.getString("currency"), rs.getObject("execution_date", LocalDate.class),
                rs.getBigDecimal("control_sum").setScale(
                        io.financehub.canonical.Money.minorUnits(io.financehub.canonical.Money.currency(rs.getString("currency"))),
                        java.math.RoundingMode.UNNECESSARY), rs.getInt("payment_count"),
                rs.getString("message_id"), rs.getString("state"), rs.getBoolean("needs_approval"), rs.getString("prepared_by"),
                rs.getString("decided_by"), rs.getString("decision_reason"), rs.getString("file_name"), rs.getString("exception_id"),
                rs.getString("correlation_id"), rs.getTimestamp("created_at").toInstant(), payments);
        return new StoredBatch(view, json.readValue(rs.getString("snapshot"), BatchSnapshot.class));
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Payment batches: cannot " + what + " a batch: " + Masking.maskIbans(e.getMessage()), e);
    }
}
