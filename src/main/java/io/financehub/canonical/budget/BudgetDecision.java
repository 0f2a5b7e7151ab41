package io.financehub.canonical.budget;

import io.financehub.canonical.Money;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The governed answer to a budget check: what happens to the order, the stable exception codes behind it
 * (e.g. {@code BUDGET_EXCEEDED}, {@code BUDGET_PLATFORM_UNAVAILABLE}), the authority level needed when it
 * must be escalated, and the next action in words.
 */
public record BudgetDecision(String orderReference, String revision, Outcome outcome, List<String> codes,
        Optional<String> levelNeeded, String nextAction, Money reserved) {

    /**
     * approve / escalate (names the level) / reject (no budget, blocked) / hold (platform down, high value) / queued (platform
     * down, low risk: re-checked) / recorded (confirmed in Odoo without the hub's approval: a commitment after the fact).
     */
    public enum Outcome { APPROVE, ESCALATE, REJECT, HOLD, QUEUED, RECORDED }

    public BudgetDecision {
        Objects.requireNonNull(outcome, "outcome");
        codes = List.copyOf(codes);
        Objects.requireNonNull(nextAction, "nextAction");
        Objects.requireNonNull(reserved, "reserved");
    }
}
