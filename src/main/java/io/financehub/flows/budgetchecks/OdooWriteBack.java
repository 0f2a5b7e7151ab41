package io.financehub.flows.budgetchecks;

import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.odoo.OdooClient;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Writes a budget decision back to its Odoo purchase order: {@code button_approve} for an order waiting for approval
 * that passed, and a chatter note with the decision in every case.
 */
@ApplicationScoped
@Named("odooWriteBack")
@RegisterForReflection
public class OdooWriteBack {

    private static final String MODEL = OdooPurchaseOrders.MODEL;

    @Inject
    OdooClient odoo;

    /**
     * Approves the order in Odoo when it waits for approval (the decision is APPROVE); nothing for a request that is not
     * an Odoo order (no order read).
     */
    public void approve(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) OdooPurchaseOrders.Order order, @Body BudgetDecision d) {
        if (order == null || !"to approve".equals(order.state())) {
            return;
        }
        long id = order.id();
        // sent once while its outcome is unknown: a lost answer is waited out by reading the order's state back
        odoo.writeOnce("purchase order " + id + " approved", () -> {
            odoo.callMethod(MODEL, "button_approve", List.of(List.of(id)), Map.of());
            return Boolean.TRUE;
        }, () -> APPROVED_STATES.contains(state(id)) ? Optional.of(Boolean.TRUE) : Optional.empty());
        // Odoo approves silently or not at all: above the company's double-validation amount only a purchase manager
        // may, and button_approve then leaves the order waiting without an error
        String state = state(id);
        if ("to approve".equals(state)) {
            throw new IllegalStateException("Odoo did not approve purchase order " + d.orderReference() + " although its budget check "
                    + "approved it (the budget stays reserved): Odoo lets only a purchase manager approve orders above the company's "
                    + "double-validation amount. Give the hub's Odoo user the Purchase / Administrator right and replay this item, or "
                    + "approve the order in Odoo by hand and discard it");
        }
    }

    /**
     * Posts the decision, its codes and the next action in the order's chatter (an internal note); nothing for a request
     * that is not an Odoo order.
     */
    public void postMessage(@ExchangeProperty(BudgetChecksFlow.PROPERTY_ODOO_ORDER) OdooPurchaseOrders.Order order, @Body BudgetDecision d) {
        if (order == null) {
            return;
        }
        odoo.messagePostOnce(MODEL, order.id(), message(d), Map.of("message_type", "comment", "subtype_xmlid", "mail.mt_note"),
                io.financehub.odoo.OdooContext.empty());
    }

    /** States of an order Odoo has approved ({@code button_approve} done). */
    private static final java.util.Set<String> APPROVED_STATES = java.util.Set.of("purchase", "done");

    private String state(long id) {
        return odoo.read(MODEL, List.of(id), List.of("state")).stream().findFirst().flatMap(r -> r.string("state")).orElse("");
    }

    static String message(BudgetDecision d) {
        StringBuilder b = new StringBuilder("Budget check: ").append(d.outcome());
        d.levelNeeded().ifPresent(l -> b.append(" to ").append(l));
        if (!d.codes().isEmpty()) {
            b.append(" [").append(String.join(", ", d.codes())).append(']');
        }
        b.append(". Next action: ").append(d.nextAction()).append(". (revision ").append(d.revision()).append(", reserved ")
                .append(MoneyText.of(d.reserved())).append(')');
        return b.toString();
    }
}
