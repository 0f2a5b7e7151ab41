package io.financehub.flows.budgetchecks;

import io.financehub.canonical.budget.BudgetDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;

/** The text of the note a budget decision leaves in its Odoo purchase order's chatter. */
@ApplicationScoped
@Named("budgetNotes")
@RegisterForReflection
public class BudgetNotes {

    /** The decision, its codes, the next action, the revision and what it reserved, in one line. */
    public String text(@Body BudgetDecision d) {
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
