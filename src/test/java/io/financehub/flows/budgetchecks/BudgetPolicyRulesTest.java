package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.canonical.budget.BudgetDecision.Outcome;
import io.financehub.mapping.MappingTables.AuthorityLevel;
import io.financehub.mapping.MappingTables.BudgetPolicy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The approval policy's delegation of authority, with a company's and a cost centre's automatic approval limits. */
class BudgetPolicyRulesTest {

    static final BudgetPolicy POLICY = new BudgetPolicy(List.of(new AuthorityLevel("TEAM_LEAD", "EUR", new BigDecimal("5000.00"))),
            Map.of("DE01", new BigDecimal("1000.00")), Map.of("DE01/IT", new BigDecimal("500.00")), List.of(), List.of(), BigDecimal.ZERO);

    static BudgetDecision decide(Map<String, String> lines) {
        CompanyRef de = new CompanyRef("DE01");
        List<BudgetCheckRequest.Line> requested = lines.entrySet().stream()
                .map(e -> new BudgetCheckRequest.Line(new CostCentreRef(de, e.getKey()), Money.of(e.getValue(), "EUR"))).toList();
        BudgetCheckRequest r = new BudgetCheckRequest("PO-1", "r1", de, "Acme", Optional.empty(), "buyer", LocalDate.parse("2026-11-20"), requested);
        List<BudgetLedger.Position> positions = requested.stream().map(l -> new BudgetLedger.Position(l.costCentre().code(), "2026",
                l.amount(), Optional.of(Money.of("100000.00", "EUR")), Optional.of(Money.of("100000.00", "EUR")))).toList();
        return BudgetPolicyRules.decide(r, POLICY, positions).decision();
    }

    @Test
    void belowTheCompanysLimitAndEveryCostCentresOwnLimitIsApproved() {
        assertEquals(Outcome.APPROVE, decide(Map.of("IT", "499.99", "SALES", "400.00")).outcome());
        assertEquals(Outcome.APPROVE, decide(Map.of("SALES", "999.99")).outcome(), "a cost centre without its own limit has the company's");
    }

    @Test
    void aCostCentresStricterLimitEscalatesWhatTheCompanysWouldApproveAndSaysWhy() {
        BudgetDecision d = decide(Map.of("IT", "500.00", "SALES", "100.00"));
        assertEquals(Outcome.ESCALATE, d.outcome());
        assertEquals(Optional.of("TEAM_LEAD"), d.levelNeeded());
        assertTrue(d.nextAction().contains("cost centre IT (500.00 EUR, automatic approval below 500.00)"), d.nextAction());
        assertEquals(Outcome.ESCALATE, decide(Map.of("SALES", "1000.00")).outcome(), "the company's limit still holds");
    }
}
