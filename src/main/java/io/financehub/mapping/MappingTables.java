package io.financehub.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The records of the mapping tables under {@code mappings/}: what integrators edit, validated at start-up. */
public final class MappingTables {

    private MappingTables() {
    }

    /** A company the hub serves: its hub key, the Odoo company (by exact name) and its currency. */
    public record Company(String key, String odooCompany, String currency, String country) {
    }

    /** A bank account as it appears in bank files, mapped to the company and Odoo bank journal. */
    public record BankAccount(String account, String company, String journalCode, String currency,
            String bankProfile, boolean keepBatchAggregate) {
    }

    /** Odoo account code → planning account, per company. */
    public record AccountMapping(String company, String odooAccount, String planningAccount, int line) {
    }

    /** Odoo analytic account (by code or name) → cost centre, per company. */
    public record CostCentre(String company, String analyticAccount, String costCentre, int line) {
    }

    /** What a bank expects in payment files and which schema validates them. */
    public record BankProfile(String id, String painVersion, boolean requiresBic, boolean sepaOnly,
            Optional<String> schema) {
    }

    /** Four-eyes release for payment batches: batches above the threshold need an approver. */
    public record FourEyesRule(String company, String currency, BigDecimal threshold) {
    }

    /** A level of delegated authority for purchase approvals. */
    public record AuthorityLevel(String level, String currency, BigDecimal maxAmount) {
    }

    /** Budget-check policy: thresholds per company/cost centre, authority, blocks, fallback when the platform is down. */
    /**
     * The budget-check policy. {@code autoApproveBelow} is per company; {@code autoApproveBelowByCostCentre} (keyed
     * {@code company/cost centre}) makes it stricter for a cost centre: what an order charges there must stay below it too.
     */
    public record BudgetPolicy(List<AuthorityLevel> authorityLevels, Map<String, BigDecimal> autoApproveBelow,
            Map<String, BigDecimal> autoApproveBelowByCostCentre, List<String> blockedSuppliers, List<String> blockedCategories,
            BigDecimal lowRiskMax) {
    }

    /**
     * A budget of the built-in ledger: an amount for a company's cost centre over a period ({@code 2026} for a
     * year, {@code 2026-11} for a month), with the line it was declared on.
     */
    public record Budget(String company, String costCentre, String period, String currency, BigDecimal amount, int line) {
    }

    /** A bank CSV layout, kept as declared (the statement formats interpret it) with its line for errors. */
    public record CsvLayoutDeclaration(String id, Map<String, Object> declaration, int line) {
    }
}
