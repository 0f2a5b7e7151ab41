package io.financehub.mapping;

import io.financehub.mapping.MappingTables.AccountMapping;
import io.financehub.mapping.MappingTables.BankAccount;
import io.financehub.mapping.MappingTables.BankProfile;
import io.financehub.mapping.MappingTables.Budget;
import io.financehub.mapping.MappingTables.BudgetPolicy;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.MappingTables.CostCentre;
import io.financehub.mapping.MappingTables.CsvLayoutDeclaration;
import io.financehub.mapping.MappingTables.FourEyesRule;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One validated, immutable version of all mapping tables, with lookups the mappers need. */
public final class MappingSet {

    private final String version;
    private final String source;
    private final Map<String, Company> companies;
    private final Map<String, BankAccount> bankAccounts;
    private final List<AccountMapping> accounts;
    private final List<CostCentre> costCentres;
    private final Map<String, BankProfile> bankProfiles;
    private final List<FourEyesRule> fourEyes;
    private final BudgetPolicy budgetPolicy;
    private final List<CsvLayoutDeclaration> csvLayouts;
    private final List<Budget> budgets;

    MappingSet(String version, String source, List<Company> companies, List<BankAccount> bankAccounts,
            List<AccountMapping> accounts, List<CostCentre> costCentres, List<BankProfile> bankProfiles,
            List<FourEyesRule> fourEyes, BudgetPolicy budgetPolicy, List<CsvLayoutDeclaration> csvLayouts,
            List<Budget> budgets) {
        this.version = version;
        this.source = source;
        this.companies = companies.stream().collect(Collectors.toUnmodifiableMap(Company::key, c -> c));
        this.bankAccounts = bankAccounts.stream().collect(Collectors.toUnmodifiableMap(BankAccount::account, b -> b));
        this.accounts = List.copyOf(accounts);
        this.costCentres = List.copyOf(costCentres);
        this.bankProfiles = bankProfiles.stream().collect(Collectors.toUnmodifiableMap(BankProfile::id, p -> p));
        this.fourEyes = List.copyOf(fourEyes);
        this.budgetPolicy = budgetPolicy;
        this.csvLayouts = List.copyOf(csvLayouts);
        this.budgets = List.copyOf(budgets);
    }

    /** {@code sha256:<hex>} of the mapping files' names and bytes. */
    public String version() {
        return version;
    }

    public String source() {
        return source;
    }

    public Optional<Company> company(String key) {
        return Optional.ofNullable(companies.get(key));
    }

    public List<Company> companies() {
        return List.copyOf(companies.values());
    }

    /** Looks an account up by its sanitised form (upper case, no spaces or punctuation), as Odoo does. */
    public Optional<BankAccount> bankAccount(String account) {
        return Optional.ofNullable(bankAccounts.get(sanitize(account)));
    }

    public List<BankAccount> bankAccounts() {
        return List.copyOf(bankAccounts.values());
    }

    public Optional<String> planningAccount(String company, String odooAccount) {
        return accounts.stream().filter(a -> a.company().equals(company) && a.odooAccount().equals(odooAccount))
                .map(AccountMapping::planningAccount).findFirst();
    }

    public Optional<String> costCentre(String company, String analyticAccount) {
        return costCentres.stream().filter(c -> c.company().equals(company) && c.analyticAccount().equals(analyticAccount))
                .map(CostCentre::costCentre).findFirst();
    }

    public List<CostCentre> costCentres() {
        return costCentres;
    }

    /** The rows of chart-of-accounts.csv, each with its line. */
    public List<AccountMapping> chartOfAccounts() {
        return accounts;
    }

    public List<BankProfile> bankProfiles() {
        return List.copyOf(bankProfiles.values());
    }

    public Optional<BankProfile> bankProfile(String id) {
        return Optional.ofNullable(bankProfiles.get(id));
    }

    /** The four-eyes threshold for a company and currency; empty means every batch needs approval. */
    public Optional<BigDecimal> fourEyesThreshold(String company, String currency) {
        return fourEyes.stream().filter(r -> r.company().equals(company) && r.currency().equals(currency))
                .map(FourEyesRule::threshold).findFirst();
    }

    public BudgetPolicy budgetPolicy() {
        return budgetPolicy;
    }

    /** The budgets declared in approval-policy.yaml ({@code budgets:}), loaded into the built-in ledger at start-up. */
    public List<Budget> budgets() {
        return budgets;
    }

    public List<CsvLayoutDeclaration> csvLayouts() {
        return csvLayouts;
    }

    /** Odoo's {@code sanitized_acc_number}: upper case with every non-word character removed. */
    public static String sanitize(String account) {
        return account == null ? "" : account.replaceAll("\\W", "").toUpperCase(Locale.ROOT);
    }
}
