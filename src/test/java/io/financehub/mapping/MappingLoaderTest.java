package io.financehub.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingLoaderTest {

    @TempDir
    Path dir;

    private void copyDemo() throws IOException {
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void demoMappingsLoadAndResolve() {
        MappingSet set = MappingLoader.load(Path.of("mappings"));
        assertEquals("BNK1", set.bankAccount("DE89 3704 0044 0532 0130 00").orElseThrow().journalCode());
        assertEquals("DE01", set.bankAccount("de89370400440532013000").orElseThrow().company());
        assertEquals("PL-OPEX-SOFTWARE", set.planningAccount("DE01", "620000").orElseThrow());
        assertEquals("IT", set.costCentre("US01", "CC-300").orElseThrow());
        assertEquals(0, new BigDecimal("10000").compareTo(set.fourEyesThreshold("DE01", "EUR").orElseThrow()));
        assertEquals("pain.001.001.09", set.bankProfile("us-ach").orElseThrow().painVersion());
        assertEquals("pain.001.001.03", set.bankProfile("sepa-legacy-03").orElseThrow().painVersion());
        assertTrue(set.version().matches("sha256:[0-9a-f]{64}"), set.version());
    }

    @Test
    void aMissingDirectoryFallsBackToThePackagedDemoCopy() {
        MappingSet set = MappingLoader.load(dir.resolve("absent"));
        assertTrue(set.source().startsWith("classpath:"));
        assertEquals(MappingLoader.load(Path.of("mappings")).version(), set.version());
    }

    @Test
    void threeErrorsAreAllListedWithFileAndLine() throws IOException {
        copyDemo();
        Files.writeString(dir.resolve("bank-accounts.yaml"), """
                bank-accounts:
                  - account: DE89 3704 0044 0532 0130 00
                    company: DE01
                    journal: BNK1
                    currency: EUR
                  - account: DE89 3704 0044 0532 0130 01
                    company: DE01
                    journal: BNK2
                    currency: EUR
                  - account: "000123456789"
                    company: XX99
                    journal: BNK1
                    currency: EURO
                """);
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        List<String> errors = e.errors().stream().map(MappingError::toString).toList();
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("bank-accounts.yaml:6: account looks like an IBAN but is not valid"), errors.get(0));
        assertTrue(errors.get(1).startsWith("bank-accounts.yaml:10: company 'XX99' is not declared"), errors.get(1));
        assertTrue(errors.get(2).startsWith("bank-accounts.yaml:10: 'EURO' is not an ISO 4217 currency code"), errors.get(2));
        assertTrue(e.getMessage().contains("3 error(s)"), e.getMessage());
    }

    @Test
    void automaticApprovalLimitsPerCostCentreAreReadAndAnUndeclaredCostCentreIsNamed() throws IOException {
        copyDemo();
        String policy = Files.readString(dir.resolve("approval-policy.yaml"));
        String withCostCentre = policy.replace("budget-auto-approve-below:\n", """
                budget-auto-approve-below:
                  - company: DE01
                    cost-centre: IT
                    amount: 500.00
                """);
        Files.writeString(dir.resolve("approval-policy.yaml"), withCostCentre);
        var budgetPolicy = MappingLoader.load(dir).budgetPolicy();
        assertEquals(0, new BigDecimal("500.00").compareTo(budgetPolicy.autoApproveBelowByCostCentre().get("DE01/IT")));
        assertEquals(0, new BigDecimal("1000.00").compareTo(budgetPolicy.autoApproveBelow().get("DE01")), "the company's limit stays");

        Files.writeString(dir.resolve("approval-policy.yaml"), withCostCentre.replace("cost-centre: IT", "cost-centre: CANTEEN"));
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        assertTrue(e.getMessage().contains("cost-centre 'CANTEEN' of company DE01 is not declared"), e.getMessage());
    }

    @Test
    void blockedSuppliersAndCategoriesComeFromTheApprovalPolicyAndBadEntriesNameTheirLine() throws IOException {
        MappingSet demo = MappingLoader.load(Path.of("mappings"));
        assertEquals(List.of("Gift cards", "Crypto assets"), demo.budgetPolicy().blockedCategories());
        assertEquals(List.of("Broken Bank Vendor"), demo.budgetPolicy().blockedSuppliers());
        copyDemo();
        String policy = Files.readString(dir.resolve("approval-policy.yaml"));
        String blocks = policy.substring(policy.indexOf("blocked-suppliers:"), policy.indexOf("# When the finance platform"));
        Files.writeString(dir.resolve("approval-policy.yaml"), policy.replace(blocks, """
                blocked-suppliers:
                  - Broken Bank Vendor
                blocked-categories:
                  - Gift cards
                  - category: Crypto
                  - gift CARDS
                """));
        int first = (int) policy.substring(0, policy.indexOf("blocked-suppliers:")).lines().count() + 1;
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        List<String> errors = e.errors().stream().map(MappingError::toString).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("approval-policy.yaml:" + (first + 4) + ": each entry of 'blocked-categories' must be a "
                + "purchase category (a text)"), errors.toString());
        assertTrue(errors.get(1).startsWith("approval-policy.yaml:" + (first + 5) + ": 'gift CARDS' is listed twice in 'blocked-categories'"),
                errors.toString());
    }

    @Test
    void csvErrorsNameTheirLineAndUnknownFilesAreRefused() throws IOException {
        copyDemo();
        Files.writeString(dir.resolve("chart-of-accounts.csv"), "company,odoo_account,planning_account\nDE01,400000,\nDE01,400000\n");
        Files.writeString(dir.resolve("bank-acounts.yaml"), "bank-accounts: []\n");
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        List<String> errors = e.errors().stream().map(MappingError::toString).toList();
        assertTrue(errors.contains("bank-acounts.yaml: unknown mapping file; expected one of " + MappingLoader.FILES), errors.toString());
        assertTrue(errors.contains("chart-of-accounts.csv:2: 'planning_account' is empty"), errors.toString());
        assertTrue(errors.contains("chart-of-accounts.csv:3: has 2 cells, the header has 3"), errors.toString());
    }

    @Test
    void aCsvLayoutWithoutBalancesMustSaySoAndItsErrorsNameTheLayoutsLine() throws IOException {
        copyDemo();
        Files.writeString(dir.resolve("csv-layouts.yaml"), """
                layouts:
                  - id: with-balance-column
                    account: {fixed: "000123456789"}
                    currency: {fixed: USD}
                    columns: {booking-date: Date, amount: Amount, balance: Balance}
                    date-formats: ["MM/dd/yyyy"]
                  - id: no-balances
                    account: {fixed: "000123456789"}
                    currency: {fixed: USD}
                    columns: {booking-date: Date, amount: Amount}
                    date-formats: ["MM/dd/yyyy"]
                  - id: no-balances-declared
                    account: {fixed: "000123456789"}
                    currency: {fixed: USD}
                    columns: {booking-date: Date, amount: Amount}
                    date-formats: ["MM/dd/yyyy"]
                    balances: none
                """);
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        List<String> errors = e.errors().stream().map(MappingError::toString).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("csv-layouts.yaml:7: layout 'no-balances': balances: the layout has no balance column"),
                errors.get(0));
        assertTrue(errors.get(0).contains("declare balances: none"), errors.get(0));
    }

    @Test
    void theVersionChangesWithTheContent() throws IOException {
        copyDemo();
        String before = MappingLoader.load(dir).version();
        Files.writeString(dir.resolve("cost-centres.csv"), "\nDE01,CC-400,FINANCE\n", java.nio.file.StandardOpenOption.APPEND);
        assertNotEquals(before, MappingLoader.load(dir).version());
    }

    @Test
    void aCompanyOrBankAccountDeclaredTwiceIsListedNotACrash() throws IOException {
        copyDemo();
        Files.writeString(dir.resolve("companies.yaml"), Files.readString(dir.resolve("companies.yaml")).replace("key: US01", "key: DE01"));
        Files.writeString(dir.resolve("bank-accounts.yaml"), Files.readString(dir.resolve("bank-accounts.yaml"))
                .replace("DE02 1203 0000 0000 2020 51", "DE89 3704 0044 0532 0130 00"));
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        assertTrue(e.errors().stream().anyMatch(x -> x.file().equals("companies.yaml") && x.line() == 7
                && x.reason().equals("company key 'DE01' is declared twice")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(x -> x.file().equals("bank-accounts.yaml") && x.line() == 10
                && x.reason().equals("account is mapped twice")), e.getMessage());
    }

    @Test
    void anInvalidCsvLayoutIsAStartUpErrorWithItsLine() throws IOException {
        copyDemo();
        Files.writeString(dir.resolve("csv-layouts.yaml"), Files.readString(dir.resolve("csv-layouts.yaml"))
                .replaceFirst("delimiter: \",\"", "delimiter: \"#\"").replaceFirst("date-formats:", "date-formatz:"));
        MappingException e = assertThrows(MappingException.class, () -> MappingLoader.load(dir));
        assertEquals(3, e.errors().size(), e.getMessage()); // the misspelt key, and date-formats then missing
        assertTrue(e.errors().stream().allMatch(x -> x.file().equals("csv-layouts.yaml") && x.line() == 8), e.getMessage());
        assertTrue(e.getMessage().contains("layout 'chase-usd-demo': delimiter: '#' is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("layout 'chase-usd-demo': date-formatz: unknown key"), e.getMessage());
    }
}
