package io.financehub.platform.validate;

import io.financehub.mapping.MappingLoader;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.AccountMapping;
import io.financehub.mapping.MappingTables.BankAccount;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.MappingTables.CostCentre;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooException;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the mappings against an Odoo: each mapped company exists by its exact name (once), each bank account's
 * journal is a bank journal of its company, each chart-of-accounts row's account and each cost centre's analytic
 * account exist in the company. It reads Odoo the way the flows do (company by name; journal by type, code and
 * company; accounts and analytic accounts by code in the company's context, archived analytic accounts included)
 * and never writes.
 */
final class OdooMappingCheck {

    private final OdooClient odoo;
    private final String folder;
    private final YamlLines lines;

    OdooMappingCheck(OdooClient odoo, String folder, YamlLines lines) {
        this.odoo = odoo;
        this.folder = folder;
        this.lines = lines;
    }

    List<Finding> check(MappingSet set) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Long> companyIds = new HashMap<>();
        for (Company company : set.companies()) {
            List<OdooRecord> found = odoo.searchRead("res.company", Domain.eq("name", company.odooCompany()), List.of("id", "name"),
                    SearchOptions.limit(2));
            if (found.size() == 1) {
                companyIds.put(company.key(), found.get(0).id());
            } else {
                findings.add(at(MappingLoader.COMPANIES, lines.line(MappingLoader.COMPANIES, "companies", "key", company.key()),
                        "company " + company.key() + ": Odoo has " + (found.isEmpty() ? "no" : "more than one") + " company named '"
                                + company.odooCompany() + "'; set odoo-company to the exact name of the company in Odoo"));
            }
        }
        for (BankAccount account : set.bankAccounts()) {
            Long companyId = companyIds.get(account.company());
            if (companyId == null) {
                continue; // reported with the company
            }
            long journals = odoo.searchCount("account.journal", Domain.and(Domain.eq("type", "bank"), Domain.eq("code", account.journalCode()),
                    Domain.eq("company_id", companyId)), context(companyId));
            if (journals == 0) {
                findings.add(at(MappingLoader.BANK_ACCOUNTS, lines.line(MappingLoader.BANK_ACCOUNTS, "bank-accounts", "journal", account.journalCode()),
                        "journal " + account.journalCode() + " is not a bank journal of " + account.company() + " in Odoo; set journal to the "
                                + "code of the company's bank journal for this account"));
            }
        }
        for (AccountMapping row : set.chartOfAccounts()) {
            Long companyId = companyIds.get(row.company());
            if (companyId != null && odoo.searchCount("account.account", Domain.eq("code", row.odooAccount()), context(companyId)) == 0) {
                findings.add(at(MappingLoader.CHART, row.line(), "Odoo has no account " + row.odooAccount() + " in company " + row.company()
                        + "; correct odoo_account to a code of the company's chart of accounts"));
            }
        }
        for (CostCentre row : set.costCentres()) {
            Long companyId = companyIds.get(row.company());
            if (companyId == null) {
                continue;
            }
            long count = odoo.searchCount("account.analytic.account", Domain.or(Domain.eq("code", row.analyticAccount()),
                    Domain.eq("name", row.analyticAccount())), context(companyId).withActiveTest(false));
            if (count == 0) {
                findings.add(at(MappingLoader.COST_CENTRES, row.line(), "Odoo has no analytic account with the code (or name) "
                        + row.analyticAccount() + " for company " + row.company() + "; correct analytic_account"));
            }
        }
        return findings;
    }

    /** A failure to reach or log in to Odoo, in words (the check cannot say anything about the mappings then). */
    static String unreachable(OdooException e, String url) {
        return "cannot check the mappings against Odoo at " + url + ": " + YamlErrors.describe(e);
    }

    private static OdooContext context(long companyId) {
        return OdooContext.empty().withAllowedCompanyIds(companyId);
    }

    private Finding at(String file, int line, String message) {
        return Finding.at(folder + "/" + file, line, message);
    }

    /** Lines of entries in the YAML tables, for findings about records that do not carry their line. */
    interface YamlLines {
        int line(String file, String listKey, String field, String value);

        static YamlLines none() {
            return (file, listKey, field, value) -> 0;
        }
    }
}
