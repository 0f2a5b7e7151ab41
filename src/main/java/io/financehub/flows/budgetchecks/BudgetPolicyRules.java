package io.financehub.flows.budgetchecks;

import static io.financehub.flows.budgetchecks.BudgetChecksFlow.AUTHORITY_REQUIRED;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.BUDGET_CURRENCY_MISMATCH;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.BUDGET_EXCEEDED;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.CATEGORY_BLOCKED;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.CONFIRMED_IN_ODOO;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.NO_AUTHORITY_LEVEL;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.NO_BUDGET;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.REJECTED_BEFORE;
import static io.financehub.flows.budgetchecks.BudgetChecksFlow.SUPPLIER_BLOCKED;

import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.canonical.budget.BudgetDecision.Outcome;
import io.financehub.flows.budgetchecks.BudgetLedger.Position;
import io.financehub.flows.budgetchecks.BudgetLedger.Verdict;
import io.financehub.mapping.MappingTables.AuthorityLevel;
import io.financehub.mapping.MappingTables.BudgetPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The approval policy of mappings/approval-policy.yaml applied to one order: blocks first (a blocked
 * supplier or category is rejected whatever the budget), then budget availability per cost centre (no
 * budget or not enough → rejected), then delegation of authority (below the company's auto-approve amount, and
 * below a cost centre's own amount for what the order charges there, the hub approves; above it the order is escalated to the lowest level whose limit covers it).
 */
final class BudgetPolicyRules {

    private BudgetPolicyRules() {
    }

    /** The decision that needs no ledger: a block. Empty when the order may go on to the budget check. */
    static Optional<BudgetDecision> blocked(BudgetCheckRequest r, BudgetPolicy policy) {
        Money zero = Money.zero(r.total().currency());
        if (Names.listed(r.supplier(), policy.blockedSuppliers())) {
            return Optional.of(new BudgetDecision(r.orderReference(), r.revision(), Outcome.REJECT, List.of(SUPPLIER_BLOCKED),
                    Optional.empty(), "Supplier '" + r.supplier() + "' is blocked by the approval policy: order from another "
                            + "supplier, or ask procurement to lift the block (approval-policy.yaml, blocked-suppliers)", zero));
        }
        if (r.category().isPresent() && Names.listed(r.category().get(), policy.blockedCategories())) {
            return Optional.of(new BudgetDecision(r.orderReference(), r.revision(), Outcome.REJECT, List.of(CATEGORY_BLOCKED),
                    Optional.empty(), "Category '" + r.category().get() + "' may not be bought through purchase orders "
                            + "(approval-policy.yaml, blocked-categories)", zero));
        }
        return Optional.empty();
    }

    /** The decision once the ledger has locked and read the order's budgets. */
    static Verdict<BudgetDecision> decide(BudgetCheckRequest r, BudgetPolicy policy, List<Position> positions) {
        Money total = r.total();
        Money zero = Money.zero(total.currency());
        List<String> codes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Position p : positions) {
            if (p.missing()) {
                codes.add(NO_BUDGET);
                problems.add("cost centre " + p.costCentre() + " has no budget for " + p.period());
            } else if (p.currencyMismatch()) {
                codes.add(BUDGET_CURRENCY_MISMATCH);
                problems.add("cost centre " + p.costCentre() + " is budgeted in " + p.budget().get().currencyCode()
                        + ", the order is in " + total.currencyCode());
            } else if (p.exceeded()) {
                codes.add(BUDGET_EXCEEDED);
                problems.add("cost centre " + p.costCentre() + " needs " + MoneyText.of(p.requested()) + " but has "
                        + MoneyText.of(p.available().get()) + " available in " + p.period() + p.pendingOthers().filter(m -> m.amount().signum() > 0)
                                .map(m -> " (" + MoneyText.of(m) + " of the budget is earmarked for escalated orders awaiting their approver)").orElse(""));
            }
        }
        if (!codes.isEmpty()) {
            return new Verdict<>(new BudgetDecision(r.orderReference(), r.revision(), Outcome.REJECT, codes.stream().distinct().toList(),
                    Optional.empty(), "Not enough budget: " + String.join("; ", problems)
                            + ". Reduce the order, charge another cost centre or ask controlling for more budget, then re-submit",
                    zero), false);
        }
        BigDecimal autoApprove = policy.autoApproveBelow().get(r.company().key());
        // a cost centre's own limit is stricter: what the order charges there must stay below it too
        List<String> overCostCentreLimit = new ArrayList<>();
        for (Position p : positions) {
            BigDecimal limit = policy.autoApproveBelowByCostCentre().get(r.company().key() + "/" + p.costCentre());
            if (limit != null && p.requested().amount().compareTo(limit) >= 0) {
                overCostCentreLimit.add(p.costCentre() + " (" + MoneyText.of(p.requested()) + ", automatic approval below "
                        + MoneyText.of(limit, p.requested().currency()) + ")");
            }
        }
        if (autoApprove != null && total.amount().compareTo(autoApprove) < 0 && overCostCentreLimit.isEmpty()) {
            return new Verdict<>(new BudgetDecision(r.orderReference(), r.revision(), Outcome.APPROVE, List.of(), Optional.empty(),
                    "Approved within budget; " + MoneyText.of(total) + " reserved", total), true);
        }
        Optional<AuthorityLevel> level = policy.authorityLevels().stream()
                .filter(l -> l.currency().equals(total.currencyCode()) && l.maxAmount().compareTo(total.amount()) >= 0)
                .min(Comparator.comparing(AuthorityLevel::maxAmount));
        if (level.isEmpty()) {
            return new Verdict<>(new BudgetDecision(r.orderReference(), r.revision(), Outcome.REJECT, List.of(NO_AUTHORITY_LEVEL),
                    Optional.empty(), "No authority level in " + total.currencyCode() + " covers " + MoneyText.of(total)
                            + ": split the order or add a level to approval-policy.yaml (budget-authority-levels)", zero), false);
        }
        // The amount is earmarked (PENDING), not silently reserved: it counts against the budget so the approver's
        // later approval can never overspend, it is shown apart from approved reservations, becomes a reservation
        // when the order is approved in Odoo and goes back to the budget when the order is cancelled or the earmark
        // lapses (hub.budget-checks.escalation-hold).
        String name = level.get().level();
        return new Verdict<>(new BudgetDecision(r.orderReference(), r.revision(), Outcome.ESCALATE, List.of(AUTHORITY_REQUIRED),
                Optional.of(name), "Budget available and " + MoneyText.of(total) + " earmarked until approved; approval by "
                        + name.toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + name + ", up to "
                        + MoneyText.of(level.get().maxAmount(), level.get().currency()) + ") is required" + (overCostCentreLimit.isEmpty() ? ""
                                : "; above the limit of cost centre " + String.join(", ", overCostCentreLimit)), total), true, true);
    }

    /**
     * A confirmed order the hub had not approved (Odoo confirmed it itself below the company's double-validation amount,
     * a purchase manager confirmed it, or it was confirmed although the check rejected it): it is a commitment whatever
     * the budget says, so the ledger records it ({@code RECORDED}, reserved even beyond the budget). Every reason it
     * would not have been approved is named, with what the budget is overspent by: such a decision is an alert.
     */
    static Verdict<BudgetDecision> recorded(BudgetCheckRequest r, Optional<BudgetDecision> block, List<Position> positions) {
        return recorded(r, block, positions, Optional.empty());
    }

    /** @param rejected the hub's rejection of this very revision, when a person confirmed the order in Odoo all the same */
    static Verdict<BudgetDecision> recorded(BudgetCheckRequest r, Optional<BudgetDecision> block, List<Position> positions,
            Optional<BudgetDecision> rejected) {
        Money total = r.total();
        List<String> codes = new ArrayList<>(List.of(CONFIRMED_IN_ODOO));
        List<String> problems = new ArrayList<>();
        rejected.ifPresent(d -> {
            codes.add(REJECTED_BEFORE);
            problems.add("the budget check had rejected this revision " + d.codes());
        });
        block.ifPresent(b -> {
            codes.addAll(b.codes());
            problems.add(b.codes().contains(SUPPLIER_BLOCKED) ? "the approval policy blocks supplier '" + r.supplier() + "'"
                    : "the approval policy blocks category '" + r.category().orElse("") + "'");
        });
        Money held = Money.zero(total.currency());
        for (Position p : positions) {
            if (p.missing()) {
                codes.add(NO_BUDGET);
                problems.add("cost centre " + p.costCentre() + " has no budget for " + p.period() + " (" + MoneyText.of(p.requested())
                        + " not counted anywhere)");
                continue;
            }
            if (p.currencyMismatch()) {
                codes.add(BUDGET_CURRENCY_MISMATCH);
                problems.add("cost centre " + p.costCentre() + " is budgeted in " + p.budget().get().currencyCode() + ", the order is in "
                        + total.currencyCode() + " (" + MoneyText.of(p.requested()) + " not counted anywhere)");
                continue;
            }
            held = held.plus(p.requested());
            if (p.exceeded()) {
                codes.add(BUDGET_EXCEEDED);
                problems.add("cost centre " + p.costCentre() + " needed " + MoneyText.of(p.requested()) + " with "
                        + MoneyText.of(p.available().get()) + " available in " + p.period() + ": overspent by "
                        + MoneyText.of(p.requested().minus(p.available().get().amount().signum() > 0 ? p.available().get()
                                : Money.zero(p.requested().currency()))));
            }
        }
        String recorded = MoneyText.of(held) + " recorded as a commitment";
        String next = problems.isEmpty()
                ? "Confirmed in Odoo without the hub's approval (below the company's double-validation amount, or by a purchase "
                        + "manager) and within budget: " + recorded + "; nothing to do"
                : "Confirmed in Odoo without the hub's approval although " + String.join("; ", problems) + ". " + recorded
                        + " anyway, since the order is committed in Odoo: ask controlling for more budget or cancel the order in Odoo, "
                        + "then discard the budget-checks exception item";
        return new Verdict<>(new BudgetDecision(r.orderReference(), r.revision(), Outcome.RECORDED, codes.stream().distinct().toList(),
                Optional.empty(), next, held), true, false, true);
    }

    /** Whether a recorded commitment is an alert: anything besides the confirmation itself. */
    static boolean alert(BudgetDecision d) {
        return d.outcome() == Outcome.RECORDED && d.codes().stream().anyMatch(c -> !c.equals(CONFIRMED_IN_ODOO));
    }
}
