package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                + "(revision odoo-abc, reserved 7,200.00 EUR)", new BudgetNotes().text(d));
    }

    static io.financehub.canonical.budget.BudgetCheckRequest request(String revision, String date, String... costCentreCompanyAmount) {
        var de = new io.financehub.canonical.CompanyRef("DE01");
        java.util.List<io.financehub.canonical.budget.BudgetCheckRequest.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < costCentreCompanyAmount.length; i += 3) {
            lines.add(new io.financehub.canonical.budget.BudgetCheckRequest.Line(new io.financehub.canonical.CostCentreRef(
                    new io.financehub.canonical.CompanyRef(costCentreCompanyAmount[i + 1]), costCentreCompanyAmount[i]),
                    io.financehub.canonical.Money.of(costCentreCompanyAmount[i + 2], "EUR")));
        }
        return new io.financehub.canonical.budget.BudgetCheckRequest("PO-1", revision, de, "Acme", java.util.Optional.empty(), "buyer",
                java.time.LocalDate.parse(date), lines);
    }

    static String refused(io.financehub.canonical.budget.BudgetCheckRequest r) {
        return assertThrows(IllegalArgumentException.class, () -> BudgetRequestRules.validate(r)).getMessage();
    }

    @Test
    void theLedgerTakesPositiveAmountsInTheCurrencysDecimalsOnCostCentresOfTheOrdersCompanyAndNamesEveryField() {
        BudgetRequestRules.validate(request("r1", "2026-11-20", "IT", "DE01", "800.00", "SALES", "DE01", "0.01"));
        String negative = refused(request("r1", "2026-11-20", "IT", "DE01", "-800.00"));
        assertTrue(negative.contains("lines[0].amount.amount: -800.00 is not a commitment"), negative);
        String netting = refused(request("r1", "2026-11-20", "IT", "DE01", "5000.00", "IT", "DE01", "-4999.00", "SALES", "DE01", "0"));
        assertTrue(netting.contains("lines[1].amount.amount: -4999.00") && netting.contains("lines[2].amount.amount: 0 "), netting);
        assertFalse(netting.contains("lines[0]"), netting);
        String otherCompany = refused(request("r1", "2026-11-20", "IT", "US01", "100.00"));
        assertTrue(otherCompany.contains("lines[0].costCentre.company.key: cost centre IT of company 'US01' cannot be charged by an order "
                + "of company 'DE01'"), otherCompany);
        String decimals = refused(request("r1", "2026-11-20", "IT", "DE01", "12.34567", "SALES", "DE01", "1." + "0".repeat(398) + "1"));
        assertTrue(decimals.contains("lines[0].amount.amount: the amount has 5 decimals; EUR has 2"), decimals);
        assertTrue(decimals.contains("lines[1].amount.amount: the amount has 399 decimals; EUR has 2"), decimals);
        assertTrue(decimals.length() < 600, "a long amount is not repeated whole: " + decimals.length());
        BudgetRequestRules.validate(request("r1", "2026-11-20", "IT", "DE01", "12.5000"));
        String huge = refused(request("r1", "2026-11-20", "IT", "DE01", "1E+20"));
        assertTrue(huge.contains("lines[0].amount.amount: the amount has 21 digits before the decimal point"), huge);
        String total = refused(request("r1", "2026-11-20", "IT", "DE01", "999999999999999.00", "SALES", "DE01", "1.00"));
        assertTrue(total.contains("lines: the order's total is beyond what the ledger holds"), total);
        String longNegative = refused(request("r1", "2026-11-20", "IT", "DE01", "-1" + "0".repeat(100)));
        assertTrue(longNegative.contains("… (102 characters) is not a commitment"), longNegative);
        String blank = refused(request(" ", "2026-11-20", "IT", "DE01", "1.00"));
        assertTrue(blank.contains("revision: must not be blank") && blank.startsWith("The budget check of order 'PO-1' was refused, nothing was "
                + "reserved"), blank);
    }

    @Test
    void aRevisionsContentDigestCoversWhatTheDecisionDependsOn() {
        String digest = BudgetRequestRules.contentDigest(request("r1", "2026-11-20", "IT", "DE01", "300.00"));
        assertEquals(digest, BudgetRequestRules.contentDigest(request("r1", "2026-11-02", "IT", "DE01", "100.00", "IT", "DE01", "200")),
                "the same commitment: another day of the month, the same amount per cost centre in other lines");
        assertFalse(digest.equals(BudgetRequestRules.contentDigest(request("r1", "2026-11-20", "IT", "DE01", "50000.00"))), "other amount");
        assertFalse(digest.equals(BudgetRequestRules.contentDigest(request("r1", "2026-12-20", "IT", "DE01", "300.00"))), "other month");
        assertFalse(digest.equals(BudgetRequestRules.contentDigest(request("r1", "2026-11-20", "SALES", "DE01", "300.00"))), "other cost centre");
    }

    @Test
    void moneyReadsWithTheCurrencysDecimalsAndThousandsSeparators() {
        assertEquals("2,500.00 USD", MoneyText.of(io.financehub.canonical.Money.of("2500.0000", "USD")));
        assertEquals("-1,234,567.89 EUR", MoneyText.of(io.financehub.canonical.Money.of("-1234567.8900", "EUR")));
        assertEquals("1,200 JPY", MoneyText.of(io.financehub.canonical.Money.of("1200.00", "JPY")));
        assertEquals("0.125 BHD", MoneyText.of(io.financehub.canonical.Money.of("0.1250", "BHD")));
    }
}
