package io.financehub.flows.budgetchecks;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.stream.Stream;

/** Ledger state the budget-checks tests start from. */
final class BudgetTestData {

    private BudgetTestData() {
    }

    /**
     * Forgets what the ledger holds for Odoo orders (names {@code P0…}), their webhook receipts and the polling checkpoint: the emulator's order
     * names restart with its data on every reset. The budgets' counters are put back in line with the commitment rows
     * left, as the ledger keeps them.
     */
    static void forgetOdooOrders(AgroalDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from budget_decision where order_ref like 'P0%'");
            s.executeUpdate("delete from budget_reservation where order_ref like 'P0%'");
            s.executeUpdate("update budget b set " + String.join(", ", Stream.of("reserved", "pending", "consumed")
                    .map(col -> col + " = coalesce((select sum(r.amount) from budget_reservation r where (r.company, r.cost_centre, "
                            + "r.period) = (b.company, b.cost_centre, b.period) and r.state = '" + col.toUpperCase(Locale.ROOT)
                            + "'), 0)").toList()));
            s.executeUpdate("delete from checkpoint where name = '" + PurchaseOrderPolling.CHECKPOINT + "'");
            // webhook receipts name Odoo order ids, which restart too
            s.executeUpdate("delete from budget_webhook");
            s.executeUpdate("delete from idempotency_key where repository = 'budgetWebhookDeliveries'");
        }
    }
}
