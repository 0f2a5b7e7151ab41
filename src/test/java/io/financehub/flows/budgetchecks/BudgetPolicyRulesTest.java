package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(d.nextAction().contains("cost centre IT (500.00 EUR, automatic approval below 500.00 EUR)"), d.nextAction());
        assertEquals(Outcome.ESCALATE, decide(Map.of("SALES", "1000.00")).outcome(), "the company's limit still holds");
    }

    static final BudgetPolicy BLOCKS = new BudgetPolicy(List.of(), Map.of(), Map.of(), List.of("Broken Bank Vendor"), List.of("Gift cards"),
            BigDecimal.ZERO);

    static BudgetCheckRequest order(String supplier, String category) {
        CompanyRef de = new CompanyRef("DE01");
        return new BudgetCheckRequest("PO-1", "r1", de, supplier, Optional.ofNullable(category), "buyer", LocalDate.parse("2026-11-20"),
                List.of(new BudgetCheckRequest.Line(new CostCentreRef(de, "IT"), Money.of("10.00", "EUR"))));
    }

    @Test
    void aBlockedSupplierOrCategoryIsRecognisedWhateverInvisibleOrLookAlikeSpacingItCarries() {
        for (String supplier : List.of("Broken Bank Vendor", "broken bank vendor", "Broken Ba\u200Bnk Vendor", "Broken\u00A0Bank Vendor",
                "Broken\u202FBank\u2007Vendor", " Broken  Bank\tVendor ", "\uFEFFBroken Bank Vendor", "Broken Bank\u2060 Vendor",
                "Bro\u00ADken Bank Vendor", "\uFF22roken Bank Vendor", "Broken Bank Vendor\u200D", "BROKEN\u3000BANK VENDOR")) {
            Optional<BudgetDecision> block = BudgetPolicyRules.blocked(order(supplier, null), BLOCKS);
            assertTrue(block.isPresent() && block.get().codes().equals(List.of("SUPPLIER_BLOCKED")),
                    "blocked: " + supplier.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
        }
        for (String category : List.of("Gift\u00A0cards", "gift\u200B cards", "GIFT CARDS\u200C", "Gift\u2028cards")) {
            Optional<BudgetDecision> block = BudgetPolicyRules.blocked(order("Acme", category), BLOCKS);
            assertTrue(block.isPresent() && block.get().codes().equals(List.of("CATEGORY_BLOCKED")), "blocked category: " + category);
        }
        assertTrue(BudgetPolicyRules.blocked(order("Broken Bank Vendors", "Gift card"), BLOCKS).isEmpty(), "other names pass");
        assertEquals("strasse 1", Names.comparable("STRA\u00DFE\u00A0\u0031"));
    }

    static List<BudgetLedger.Position> positions(String available, String... more) {
        List<BudgetLedger.Position> out = new java.util.ArrayList<>();
        out.add(new BudgetLedger.Position("IT", "2026", Money.of("1150.00", "EUR"), Optional.of(Money.of("5000.00", "EUR")),
                Optional.of(Money.of(available, "EUR"))));
        return out;
    }

    @Test
    void aConfirmedOrderTheHubDidNotApproveIsRecordedWhateverTheBudgetAndSaysWhatItOverspends() {
        CompanyRef de = new CompanyRef("DE01");
        BudgetCheckRequest r = new BudgetCheckRequest("P00042", "odoo-1", de, "Acme", Optional.empty(), "buyer", LocalDate.parse("2026-11-20"),
                List.of(new BudgetCheckRequest.Line(new CostCentreRef(de, "IT"), Money.of("1150.00", "EUR"))));
        BudgetLedger.Verdict<BudgetDecision> within = BudgetPolicyRules.recorded(r, Optional.empty(), positions("4000.00"));
        assertEquals(Outcome.RECORDED, within.decision().outcome());
        assertEquals(List.of("CONFIRMED_IN_ODOO"), within.decision().codes());
        assertTrue(within.reserve() && within.force(), "a confirmed order is committed, beyond the budget if it must");
        assertFalse(BudgetPolicyRules.alert(within.decision()));
        assertTrue(within.decision().nextAction().contains("1,150.00 EUR recorded as a commitment"), within.decision().nextAction());

        BudgetLedger.Verdict<BudgetDecision> over = BudgetPolicyRules.recorded(r, Optional.empty(), positions("300.00"));
        assertEquals(List.of("CONFIRMED_IN_ODOO", "BUDGET_EXCEEDED"), over.decision().codes());
        assertTrue(BudgetPolicyRules.alert(over.decision()));
        assertEquals(0, over.decision().reserved().amount().compareTo(new BigDecimal("1150.00")), "recorded in full");
        assertTrue(over.decision().nextAction().contains("overspent by 850.00 EUR"), over.decision().nextAction());

        Optional<BudgetDecision> block = BudgetPolicyRules.blocked(order("Broken Bank Vendor", null), BLOCKS);
        BudgetLedger.Verdict<BudgetDecision> blocked = BudgetPolicyRules.recorded(r, block, List.of(new BudgetLedger.Position("IT", "2026-11",
                Money.of("1150.00", "EUR"), Optional.empty(), Optional.empty())));
        assertEquals(List.of("CONFIRMED_IN_ODOO", "SUPPLIER_BLOCKED", "NO_BUDGET"), blocked.decision().codes());
        assertEquals(0, blocked.decision().reserved().amount().signum(), "no budget row holds what has no budget");
    }
}
