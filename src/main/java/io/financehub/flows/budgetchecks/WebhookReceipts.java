package io.financehub.flows.budgetchecks;

import io.agroal.api.AgroalDataSource;
import io.financehub.flows.budgetchecks.PurchaseOrderWebhooks.Outcome;
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

/** Odoo webhook receipts as stored ({@link PurchaseOrderWebhooks} writes them), for operators and tests. */
@ApplicationScoped
public class WebhookReceipts {

    /** A receipt as stored. */
    public record Stored(long receipt, long orderId, Instant receivedAt, int attempts, Optional<Instant> doneAt, Optional<Outcome> outcome,
            Optional<String> result) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** A receipt as stored. */
    public Optional<Stored> receipt(long id) {
        return stored("id = ?", id).stream().findFirst();
    }

    /** The receipts of an Odoo order still kept (a week after they were done), oldest first. */
    public List<Stored> receiptsOf(long orderId) {
        return stored("odoo_order_id = ?", orderId);
    }

    private List<Stored> stored(String where, long value) {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select id, odoo_order_id, received_at, attempts, done_at, outcome, result "
                        + "from budget_webhook where " + where + " order by id")) {
            ps.setLong(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp done = rs.getTimestamp(5);
                    out.add(new Stored(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getInt(4),
                            Optional.ofNullable(done).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(6)).map(Outcome::valueOf),
                            Optional.ofNullable(rs.getString(7))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Budget-checks webhooks: cannot read receipts (" + where + " " + value + "): " + e.getMessage(), e);
        }
        return out;
    }
}
