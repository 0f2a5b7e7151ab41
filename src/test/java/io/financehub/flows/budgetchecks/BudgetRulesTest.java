package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.mapping.MappingException;
import io.financehub.mapping.MappingLoader;
import io.financehub.mapping.MappingSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budgets list of approval-policy.yaml and the splitting of order lines over cost centres. */
class BudgetRulesTest {

    @TempDir
    Path dir;

    @Test
    void demoBudgetsLoadPerCompanyCostCentreAndPeriod() {
        MappingSet set = MappingLoader.load(Path.of("mappings"));
        var it = set.budgets().stream().filter(b -> b.company().equals("DE01") && b.costCentre().equals("IT")).findFirst().orElseThrow();
        assertEquals("2026", it.period());
        assertEquals(0, new BigDecimal("25000.00").compareTo(it.amount()));
        assertEquals(6, set.budgets().size());
    }

    @Test
    void badBudgetEntriesAreAllReportedWithTheirLines() throws IOException {
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path policy = dir.resolve("approval-policy.yaml");
        String text = Files.readString(policy).replaceFirst("(?s)budgets:.*", "budgets:\n"
                + "  - company: DE01\n    cost-centre: NOWHERE\n    period: \"2026\"\n    currency: EUR\n    amount: 1\n"
                + "  - company: DE01\n    cost-centre: IT\n    period: \"2026-13\"\n    currency: EUR\n    amount: 1\n"
                + "  - company: DE01\n    cost-centre: IT\n    period: \"2027\"\n    currency: EUR\n    amount: -5\n");
        Files.writeString(policy, text);
        long budgetsLine = text.lines().takeWhile(l -> !l.startsWith("budgets:")).count() + 1;
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        String message = e.getMessage();
        assertTrue(message.contains("NOWHERE") && message.contains("cost-centres.csv"), message);
        assertTrue(message.contains("2026-13"), message);
        assertTrue(message.contains("'amount' must not be negative"), message);
        assertTrue(message.contains(":" + (budgetsLine + 1)), "errors name their line: " + message);
    }

    @Test
    void splitOverCostCentresAddsUpToTheLineToTheCent() {
        Map<String, BigDecimal> pct = new LinkedHashMap<>();
        pct.put("SALES", new BigDecimal("33.33"));
        pct.put("OPERATIONS", new BigDecimal("33.33"));
        pct.put("IT", new BigDecimal("33.34"));
        Map<String, BigDecimal> parts = OdooPurchaseOrders.split(new BigDecimal("7200.00"), pct, 2);
        assertEquals(new BigDecimal("2399.76"), parts.get("SALES"));
        assertEquals(new BigDecimal("2399.76"), parts.get("OPERATIONS"));
        assertEquals(new BigDecimal("2400.48"), parts.get("IT"));
        Map<String, BigDecimal> thirds = OdooPurchaseOrders.split(new BigDecimal("100.00"),
                Map.of("A", new BigDecimal("33.33"), "B", new BigDecimal("33.33"), "C", new BigDecimal("33.34")), 2);
        assertEquals(0, thirds.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(new BigDecimal("100.00")));
    }

    @Test
    void chatterMessageNamesDecisionCodesLevelAndNextAction() {
        var d = new BudgetDecision("P00002", "odoo-abc", BudgetDecision.Outcome.ESCALATE, java.util.List.of("AUTHORITY_REQUIRED"),
                java.util.Optional.of("CFO"), "approval by cfo is required", io.financehub.canonical.Money.of("7200.00", "EUR"));
        assertEquals("Budget check: ESCALATE to CFO [AUTHORITY_REQUIRED]. Next action: approval by cfo is required. "
                + "(revision odoo-abc, reserved 7200.00 EUR)", OdooPurchaseOrders.message(d));
    }
}
