package io.financehub.flows.bankstatements;

import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.BankAccount;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.odoo.Domain;
import io.financehub.odoo.Many2One;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Odoo bank journal of a bank account: through the mappings (company + journal code) or, for
 * accounts not in the mappings, through the bank journals' {@code res.partner.bank} by sanitised account
 * number, as Odoo's own importers do. Also knows the Odoo currency ids and whether the target Odoo has
 * {@code unique_import_id}. Read-only lookups, cached per hub run (journals are master data).
 */
@ApplicationScoped
public class OdooBankJournals {

    private static final List<String> JOURNAL_FIELDS = List.of("id", "code", "name", "currency_id", "company_id", "bank_account_id", "type");

    @Inject
    OdooClient odoo;

    private final Map<String, Optional<BankJournal>> journals = new ConcurrentHashMap<>();
    private final Map<String, Long> currencies = new ConcurrentHashMap<>();
    private final Map<String, Long> companies = new ConcurrentHashMap<>();
    private volatile Boolean uniqueImportId;

    /** The journal for an account, or empty when neither the mappings nor Odoo know the account. */
    public Optional<BankJournal> forAccount(String sanitizedAccount, MappingSet mappings) {
        return journals.computeIfAbsent(sanitizedAccount, acc -> mappings.bankAccount(acc)
                .flatMap(mapped -> byMapping(mapped, mappings))
                .or(() -> byPartnerBank(acc, mappings)));
    }

    private Optional<BankJournal> byMapping(BankAccount mapped, MappingSet mappings) {
        Company company = mappings.company(mapped.company()).orElseThrow();
        long companyId = companyId(company.odooCompany());
        OdooContext context = OdooContext.empty().withAllowedCompanyIds(companyId);
        List<OdooRecord> found = odoo.searchRead("account.journal",
                Domain.and(Domain.eq("type", "bank"), Domain.eq("code", mapped.journalCode()), Domain.eq("company_id", companyId)),
                JOURNAL_FIELDS, SearchOptions.limit(2), context);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toJournal(found.get(0), company.key(), context));
    }

    private Optional<BankJournal> byPartnerBank(String sanitizedAccount, MappingSet mappings) {
        List<OdooRecord> banks = odoo.searchRead("res.partner.bank", Domain.eq("sanitized_acc_number", sanitizedAccount),
                List.of("id"), SearchOptions.none(), OdooContext.empty().withActiveTest(false));
        if (banks.isEmpty()) {
            return Optional.empty();
        }
        List<OdooRecord> found = odoo.searchRead("account.journal",
                Domain.and(Domain.eq("type", "bank"), Domain.in("bank_account_id", banks.stream().map(OdooRecord::id).toList())),
                JOURNAL_FIELDS, SearchOptions.limit(1));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        OdooRecord journal = found.get(0);
        Many2One company = journal.many2One("company_id").orElseThrow();
        String companyKey = mappings.companies().stream().filter(c -> c.odooCompany().equals(company.name()))
                .map(Company::key).findFirst().orElse(company.name());
        return Optional.of(toJournal(journal, companyKey, OdooContext.empty().withAllowedCompanyIds(company.id())));
    }

    private BankJournal toJournal(OdooRecord journal, String companyKey, OdooContext context) {
        Many2One company = journal.many2One("company_id").orElseThrow();
        String currency = journal.many2One("currency_id").map(Many2One::name)
                .orElseGet(() -> odoo.read("res.company", List.of(company.id()), List.of("currency_id"), context).get(0)
                        .many2One("currency_id").map(Many2One::name).orElseThrow());
        return new BankJournal(journal.id(), journal.string("code").orElse(""), journal.string("name").orElse(""),
                company.id(), company.name(), currency, companyKey);
    }

    private long companyId(String odooCompany) {
        return companies.computeIfAbsent(odooCompany, name -> {
            List<Long> ids = odoo.search("res.company", Domain.eq("name", name), SearchOptions.limit(2));
            if (ids.size() != 1) {
                throw new StatementRejectedException(List.of(new ImportReport.ImportProblem("UNKNOWN_COMPANY",
                        "The Odoo company '" + name + "' named in mappings/companies.yaml " + (ids.isEmpty() ? "does not exist" : "is ambiguous"),
                        "mappings/companies.yaml", "Correct odoo-company to the exact name of the company in Odoo")));
            }
            return ids.get(0);
        });
    }

    /** Odoo's id of a currency (also inactive ones), for {@code foreign_currency_id}. */
    public Optional<Long> currencyId(String code) {
        Long cached = currencies.get(code);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<Long> ids = odoo.search("res.currency", Domain.eq("name", code), SearchOptions.limit(1),
                OdooContext.empty().withActiveTest(false));
        ids.stream().findFirst().ifPresent(id -> currencies.put(code, id));
        return ids.stream().findFirst();
    }

    /** Whether statement lines have an import-module {@code unique_import_id} (not in Community's account). */
    public boolean hasUniqueImportId() {
        Boolean known = uniqueImportId;
        if (known == null) {
            known = odoo.fieldsGet("account.bank.statement.line", List.of("type")).has("unique_import_id");
            uniqueImportId = known;
        }
        return known;
    }

    /** Forgets cached master data (tests reseed Odoo; operators may restructure journals). */
    public void clear() {
        journals.clear();
        currencies.clear();
        companies.clear();
        uniqueImportId = null;
    }
}
