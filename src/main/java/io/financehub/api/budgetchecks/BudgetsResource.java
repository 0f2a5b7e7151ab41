package io.financehub.api.budgetchecks;

import io.financehub.canonical.Periods;
import io.financehub.api.Problem;
import io.financehub.api.Roles;
import io.financehub.canonical.Money;
import io.financehub.governance.masking.SafeText;
import io.financehub.mapping.Mappings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.financehub.flows.budgetchecks.BudgetLedger;

/** Budgets from a planning platform into the built-in ledger (they take precedence over approval-policy.yaml). */
@Path("/api/v1/budgets")
@io.financehub.api.FlowEndpoint(io.financehub.governance.runtime.Flow.BUDGET_CHECKS)
@Tag(name = "budget-checks")
public class BudgetsResource {

    /** One budget: company key, cost centre (as in cost-centres.csv), period (2026 or 2026-11), amount and currency. */
    public record BudgetInput(String company, String costCentre, String period, BigDecimal amount, String currency) {
    }

    public record Loaded(int budgets) {
    }

    @Inject
    BudgetLedger ledger;

    @Inject
    Mappings mappings;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(summary = "Set budgets of the built-in ledger (all or none: every entry is validated first)")
    public Loaded put(List<BudgetInput> budgets) {
        if (budgets == null || budgets.isEmpty()) {
            throw new IllegalArgumentException("No budgets: send a JSON list of {company, costCentre, period, amount, currency}");
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            BudgetInput b = budgets.get(i);
            String where = "[" + i + "]";
            if (b == null) {
                errors.add(where + " is null");
                continue;
            }
            if (b.company() == null || mappings.get().company(b.company()).isEmpty()) {
                errors.add(where + ".company " + SafeText.quote(b.company()) + " is not declared in companies.yaml");
            } else if (b.costCentre() == null || mappings.get().costCentres().stream()
                    .noneMatch(c -> c.company().equals(b.company()) && c.costCentre().equals(b.costCentre()))) {
                errors.add(where + ".costCentre " + SafeText.quote(b.costCentre()) + " of " + b.company() + " is not in cost-centres.csv");
            }
            if (b.period() == null || !b.period().matches("\\d{4}(-(0[1-9]|1[0-2]))?")) {
                errors.add(where + ".period must be a year (2026) or a month (2026-11), not " + SafeText.quote(b.period()));
            } else {
                Periods.yearProblem(Integer.parseInt(b.period().substring(0, 4))).ifPresent(p -> errors.add(where + ".period: " + p));
            }
            Currency currency = null;
            try {
                currency = Money.currency(b.currency());
            } catch (IllegalArgumentException e) {
                errors.add(where + ".currency: " + SafeText.clean(e.getMessage()));
            }
            if (b.amount() == null || b.amount().signum() < 0) {
                errors.add(where + ".amount must be given and not negative");
            } else if (currency != null) {
                Money.amountProblem(b.amount(), currency).ifPresent(p -> errors.add(where + ".amount: " + p));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("No budget was set: " + String.join("; ", errors));
        }
        ledger.putAll(budgets.stream().map(b -> new BudgetLedger.Setting(b.company(), b.costCentre(), b.period(),
                Money.of(b.amount(), b.currency()))).toList(), "api");
        return new Loaded(budgets.size());
    }
}
