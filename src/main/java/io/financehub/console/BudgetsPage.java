package io.financehub.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.api.Roles;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.flows.budgetchecks.BudgetLedger;
import io.financehub.governance.masking.SafeText;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Budget decisions, the orders held or queued while the budget platform could not answer, and the ledger's budgets (role operator). */
@Path("/console/budgets")
@ConsolePage
public class BudgetsPage {

    /** An order's latest decision. */
    public record DecisionRow(String order, String revision, String outcome, String codes, String levelNeeded, String nextAction,
            Money reserved, Instant decidedAt) {
    }

    /** A budget: its amount, what is committed against it in each state, and what is left. */
    public record BudgetRow(String company, String costCentre, String period, Money amount, Money reserved, Money pending,
            Money consumed, Money available, String source, boolean exhausted) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    BudgetLedger ledger;

    @Inject
    ObjectMapper json;

    @Inject
    ErrorPages errors;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response budgets(@QueryParam("outcome") String outcome, @QueryParam("flash") String flash,
            @Context ContainerRequestContext request) {
        List<String> outcomes = Arrays.stream(BudgetDecision.Outcome.values()).map(Enum::name).toList();
        String wanted = outcome == null ? "" : outcome.trim().toUpperCase(Locale.ROOT);
        if (!wanted.isEmpty() && !outcomes.contains(wanted)) {
            return errors.answer(400, "Unknown outcome", "Outcome " + SafeText.quote(outcome) + " is not one of "
                    + outcomes + ".", identity.getPrincipal().getName());
        }
        List<DecisionRow> waiting = ledger.latestDecisions(List.of("HOLD", "QUEUED"), 200).stream().map(this::row).toList();
        List<DecisionRow> decisions = ledger.latestDecisions(wanted.isEmpty() ? List.of() : List.of(wanted), 200).stream()
                .map(this::row).toList();
        List<BudgetRow> budgets = ledger.budgets().stream().map(b -> {
            Money available = b.amount().minus(b.committed());
            return new BudgetRow(b.company(), b.costCentre(), b.period(), b.amount(), b.reserved(), b.pending(), b.consumed(), available,
                    b.source(), available.amount().signum() <= 0);
        }).toList();
        return Pages.html(Views.budgets(pages.page(request, identity, Section.BUDGETS, "Budget decisions", flash), waiting, decisions,
                budgets, outcomes, wanted).render());
    }

    private DecisionRow row(BudgetLedger.DecisionRow stored) {
        try {
            BudgetDecision d = json.readValue(stored.decision(), BudgetDecision.class);
            return new DecisionRow(stored.order(), stored.revision(), d.outcome().name(), String.join(", ", d.codes()),
                    d.levelNeeded().orElse(null), d.nextAction(), d.reserved(), stored.decidedAt());
        } catch (JsonProcessingException | RuntimeException e) {
            return new DecisionRow(stored.order(), stored.revision(), stored.outcome(), "", null,
                    "(the stored decision cannot be read: " + e.getClass().getSimpleName() + ")", null,
                    stored.decidedAt());
        }
    }
}
