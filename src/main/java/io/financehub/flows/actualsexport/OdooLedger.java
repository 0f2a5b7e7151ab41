package io.financehub.flows.actualsexport;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.canonical.Money;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the actuals export reads from Odoo: the company and its currency and lock dates, account and analytic
 * account codes, posted journal items of a period in keyset pages, and the state of earlier exported moves.
 * Reads that do not depend on each other overlap ({@link #later}), and the next page of journal items is read while
 * the current one is processed, so an export waits for Odoo about as long as a plain paged read of its items.
 */
@ApplicationScoped
public class OdooLedger {

    static final List<String> LINE_FIELDS = List.of("id", "move_id", "account_id", "date", "balance",
            "amount_currency", "currency_id", "company_id", "analytic_distribution", "parent_state");
    private static final int ID_CHUNK = 1000;

    private final OdooClient odoo;
    private final int pageSize;
    /**
     * Threads of the reads that overlap (an export has at most three in flight: the two code tables, one page ahead):
     * Camel's default pool profile (bounded, the caller runs a read the pool cannot take), shut down with the context.
     */
    private final ExecutorService reads;

    public OdooLedger(OdooClient odoo, CamelContext camel,
            @ConfigProperty(name = "hub.actuals-export.page-size", defaultValue = "2000") int pageSize) {
        if (pageSize < 1 || pageSize > OdooClient.MAX_PAGE_SIZE) {
            throw new IllegalStateException("hub.actuals-export.page-size must be between 1 and " + OdooClient.MAX_PAGE_SIZE
                    + ", was " + pageSize + "; fix it in the configuration");
        }
        this.odoo = odoo;
        this.pageSize = pageSize;
        this.reads = camel.getExecutorServiceManager().newDefaultThreadPool(this, "actuals-export-odoo-reads");
    }

    /**
     * An Odoo company as the export needs it. {@code lockDate} is the last day up to which Odoo refuses new or changed
     * entries in every journal (empty when nothing is locked); {@code locks} names the lock-date fields and their values
     * as read, and {@code closingFields} those that lock every journal, for the report.
     */
    public record OdooCompany(long id, String name, String currency, Optional<LocalDate> lockDate, String locks,
            String closingFields) {

        /** Locked when the period's last day is on or before the lock date. */
        public boolean locks(YearMonth period) {
            return lockDate.map(d -> !period.atEndOfMonth().isAfter(d)).orElse(false);
        }
    }

    /** One journal item, typed. {@code analytic} maps the distribution's keys (ids, comma-joined) to percent. */
    public record Item(long id, long moveId, long accountId, LocalDate date, BigDecimal balance,
            BigDecimal amountCurrency, String currency, Map<String, BigDecimal> analytic) {
    }

    /**
     * The lock-date fields of a company in one Odoo version: those read, and those that lock every journal (the
     * others lock only some: sales or purchase journals, entries with taxes). Odoo 16 and 17 close a period with
     * {@code period_lock_date} ("Journal Entries Lock Date": no one but an accounting adviser may post up to it) and a
     * year with {@code fiscalyear_lock_date} ("All Users Lock Date"); 18 removed {@code period_lock_date}: it locks every
     * journal with {@code fiscalyear_lock_date} ("Global Lock Date", lifted only by a lock exception an adviser grants)
     * and {@code hard_lock_date} (irreversible, no exception), and some journals with {@code sale_lock_date},
     * {@code purchase_lock_date} and {@code tax_lock_date}. A period is final when a lock of every journal covers
     * it, the same rule Odoo applies to a user without exceptions ({@code _get_user_fiscal_lock_date}).
     */
    record LockFields(List<String> read, List<String> everyJournal) {

        static LockFields of(int odooVersion) {
            return odooVersion <= 17
                    ? new LockFields(List.of("period_lock_date", "fiscalyear_lock_date"), List.of("period_lock_date", "fiscalyear_lock_date"))
                    : new LockFields(List.of("fiscalyear_lock_date", "hard_lock_date", "sale_lock_date", "purchase_lock_date", "tax_lock_date"),
                            List.of("fiscalyear_lock_date", "hard_lock_date"));
        }
    }

    public OdooCompany company(String odooCompanyName) {
        LockFields lockFields = LockFields.of(odoo.serverVersion().major());
        List<String> fields = new ArrayList<>(List.of("id", "name", "currency_id"));
        fields.addAll(lockFields.read());
        List<OdooRecord> found = odoo.searchRead("res.company", Domain.eq("name", odooCompanyName), fields, SearchOptions.limit(2));
        if (found.size() != 1) {
            throw new IllegalStateException("Odoo has " + (found.isEmpty() ? "no" : "more than one") + " company named '"
                    + odooCompanyName + "'; fix odoo-company in mappings/companies.yaml or the company's name in Odoo");
        }
        OdooRecord c = found.get(0);
        String currency = c.many2One("currency_id").map(m -> m.name()).orElseThrow(() -> new IllegalStateException(
                "Odoo company '" + odooCompanyName + "' has no currency"));
        Optional<LocalDate> lock = Optional.empty();
        for (String field : lockFields.everyJournal()) {
            Optional<LocalDate> date = c.date(field);
            if (date.isPresent() && (lock.isEmpty() || date.get().isAfter(lock.get()))) {
                lock = date;
            }
        }
        List<String> read = new ArrayList<>();
        for (String field : lockFields.read()) {
            read.add(field + " " + c.date(field).map(Object::toString).orElse("not set"));
        }
        return new OdooCompany(c.id(), c.string("name").orElse(odooCompanyName), currency, lock, String.join(", ", read),
                String.join(" or ", lockFields.everyJournal()));
    }

    /** Starts a read now and answers it later ({@link #await}), so the caller can do other work, or other reads, meanwhile. */
    public <T> CompletableFuture<T> later(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, reads);
    }

    /** A read started with {@link #later}: its answer, or the very exception it failed with (retries classify it). */
    public static <T> T await(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The company's account and analytic code tables, on their way ({@link #codes}); each answered when first needed. */
    public record Codes(CompletableFuture<Map<Long, String>> accounts, CompletableFuture<Map<Long, String>> analytics) {

        public Map<Long, String> accountCodes() {
            return await(accounts);
        }

        public Map<Long, String> analyticCodes() {
            return await(analytics);
        }
    }

    /** Starts reading both code tables now, so they arrive while the export does other work. */
    public Codes codes(OdooCompany company) {
        return new Codes(later(() -> accountCodes(company)), later(() -> analyticCodes(company)));
    }

    /** Account id → code of the company's chart (accounts of other companies are not visible in its context). */
    public Map<Long, String> accountCodes(OdooCompany company) {
        Map<Long, String> codes = new HashMap<>();
        odoo.stream("account.account", Domain.all(), List.of("id", "code"), OdooClient.MAX_PAGE_SIZE, context(company))
                .forEach(r -> codes.put(r.id(), r.string("code").orElse("#" + r.id())));
        return codes;
    }

    /** Analytic account id → code (name when it has no code), archived ones included: old postings use them. */
    public Map<Long, String> analyticCodes(OdooCompany company) {
        Map<Long, String> codes = new HashMap<>();
        odoo.stream("account.analytic.account", Domain.all(), List.of("id", "code", "name"), OdooClient.MAX_PAGE_SIZE,
                context(company).withActiveTest(false))
                .forEach(r -> codes.put(r.id(), r.string("code").or(() -> r.string("name")).orElse("#" + r.id())));
        return codes;
    }

    /**
     * Streams the company's posted journal items of the period page by page (keyset on id), restricted to
     * {@code id > afterId} or to the given moves; only one page is in memory at a time.
     */
    public void postedItems(OdooCompany company, YearMonth period, long afterId, Collection<Long> alsoMoves,
            Consumer<List<Item>> pageConsumer) {
        Domain base = Domain.and(Domain.eq("company_id", company.id()), Domain.eq("parent_state", "posted"),
                Domain.term("date", ">=", period.atDay(1)), Domain.term("date", "<=", period.atEndOfMonth()));
        Domain scope = Domain.term("id", ">", afterId);
        if (!alsoMoves.isEmpty()) {
            scope = Domain.or(scope, Domain.in("move_id", alsoMoves));
        }
        int decimals = Money.minorUnits(Money.currency(company.currency()));
        Domain domain = Domain.and(base, scope);
        // keyset pages as OdooClient.pages reads them, one page ahead: the next is on its way while this one is processed
        CompletableFuture<List<OdooRecord>> next = later(() -> page(domain, 0, company));
        while (next != null) {
            List<OdooRecord> page = await(next);
            next = page.size() < pageSize ? null : later(() -> page(domain, page.get(page.size() - 1).id(), company));
            if (page.isEmpty()) {
                break;
            }
            List<Item> items = new ArrayList<>(page.size());
            for (OdooRecord r : page) {
                items.add(item(r, company, decimals));
            }
            pageConsumer.accept(items);
        }
    }

    private List<OdooRecord> page(Domain domain, long afterId, OdooCompany company) {
        return odoo.searchRead("account.move.line", Domain.and(domain, Domain.term("id", ">", afterId)), LINE_FIELDS,
                SearchOptions.limit(pageSize).withOrder("id"), context(company));
    }

    /** Of the given moves, those whose state is now {@code state} (or not, with {@code negate}). */
    public Set<Long> movesInState(OdooCompany company, Collection<Long> moveIds, String state, boolean negate) {
        Set<Long> out = new TreeSet<>();
        List<Long> all = new ArrayList<>(moveIds);
        for (int i = 0; i < all.size(); i += ID_CHUNK) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + ID_CHUNK));
            Domain stateTerm = Domain.term("state", negate ? "!=" : "=", state);
            out.addAll(odoo.search("account.move", Domain.and(Domain.in("id", chunk), stateTerm), SearchOptions.none(),
                    context(company)));
            // moves deleted in Odoo (only possible for drafts) are gone: they count as not posted
            if (negate) {
                List<Long> existing = odoo.search("account.move", Domain.in("id", chunk), SearchOptions.none(), context(company));
                for (Long id : chunk) {
                    if (!existing.contains(id)) {
                        out.add(id);
                    }
                }
            }
        }
        return out;
    }

    private static Item item(OdooRecord r, OdooCompany company, int decimals) {
        long moveId = r.many2One("move_id").map(m -> m.id()).orElseThrow(() -> new IllegalStateException(
                "journal item " + r.id() + " has no journal entry (move_id)"));
        long accountId = r.many2One("account_id").map(m -> m.id()).orElseThrow(() -> new IllegalStateException(
                "journal item " + r.id() + " of entry " + moveId + " has no account"));
        BigDecimal balance = r.money("balance", decimals).orElse(BigDecimal.ZERO.setScale(decimals));
        String currency = r.many2One("currency_id").map(m -> m.name()).orElse(company.currency());
        int originalDecimals = Money.minorUnits(Money.currency(currency));
        BigDecimal amountCurrency = r.money("amount_currency", originalDecimals)
                .orElse(BigDecimal.ZERO.setScale(originalDecimals));
        Map<String, BigDecimal> analytic = new LinkedHashMap<>();
        JsonNode dist = r.raw("analytic_distribution");
        if (dist.isObject()) {
            dist.fields().forEachRemaining(e -> analytic.put(e.getKey(), new BigDecimal(e.getValue().asText())));
        }
        LocalDate date = r.date("date").orElseThrow(() -> new IllegalStateException("journal item " + r.id() + " has no date"));
        return new Item(r.id(), moveId, accountId, date, balance, amountCurrency, currency, analytic);
    }

    private static OdooContext context(OdooCompany company) {
        return OdooContext.empty().withAllowedCompanyIds(company.id());
    }
}
