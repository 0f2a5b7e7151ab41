package io.financehub.flows.actualsexport;

import io.financehub.canonical.Money;
import io.financehub.canonical.actuals.ActualsKey;
import io.financehub.canonical.actuals.ActualsLine;
import io.financehub.canonical.actuals.LargestRemainderSplit;
import io.financehub.flows.actualsexport.ExportContributions.Contribution;
import io.financehub.flows.actualsexport.OdooLedger.Item;
import io.financehub.mapping.MappingSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The aggregation of one run, fed item by item as pages arrive: each item's account and analytic accounts mapped
 * through mappings/, its balance split by analytic distribution (largest remainder, to the cent) and added to its
 * line; source totals kept beside for the checks and the report, and per-move contributions until they are staged.
 */
final class ActualsAggregation {
    private final String company;
    private final YearMonth period;
    private final String currency;
    private final int decimals;
    private final MappingSet mapping;
    private final Supplier<Map<Long, String>> accountCodeRead;
    private final Supplier<Map<Long, String>> analyticCodeRead;
    private Map<Long, String> accountCodes;
    private Map<Long, String> analyticCodes;
    private final Map<ActualsKey, BigDecimal[]> totals = new HashMap<>();
    private final Map<String, BigDecimal> sourceByAccount = new TreeMap<>();
    private final Map<String, BigDecimal> sourceByPlanning = new TreeMap<>();
    private final Map<String, Contribution> pending = new HashMap<>();
    private final Set<String> unmapped = new TreeSet<>();
    private BigDecimal debit = BigDecimal.ZERO;
    private BigDecimal credit = BigDecimal.ZERO;
    long count;
    long maxId;
    int correctedMoves;

    /** The account and analytic codes are asked for when the first item needs them (they may still be on their way). */
    ActualsAggregation(String company, YearMonth period, String currency, MappingSet mapping,
            Supplier<Map<Long, String>> accountCodes, Supplier<Map<Long, String>> analyticCodes) {
        this.company = company;
        this.period = period;
        this.currency = currency;
        this.decimals = Money.minorUnits(Money.currency(currency));
        this.mapping = mapping;
        this.accountCodeRead = accountCodes;
        this.analyticCodeRead = analyticCodes;
    }

    void correct(List<Contribution> corrections) {
        Set<Long> moves = new TreeSet<>();
        for (Contribution c : corrections) {
            moves.add(c.moveId());
            BigDecimal amount = c.amount().negate();
            BigDecimal original = c.originalAmount().negate();
            addTotal(c.key(), amount, original);
            sourceByPlanning.merge(c.key().planningAccount(), amount, BigDecimal::add);
            sourceByAccount.merge("correction:" + c.key().planningAccount(), amount, BigDecimal::add);
            pending.merge(c.moveId() + "\u0000" + c.key().asText(), new Contribution(c.moveId(), c.key(), amount, original),
                    ActualsAggregation::sum);
            if (amount.signum() > 0) {
                debit = debit.add(amount);
            } else {
                credit = credit.add(amount.negate());
            }
        }
        correctedMoves = moves.size();
    }

    void add(Item item) {
        if (accountCodes == null) {
            accountCodes = accountCodeRead.get();
            analyticCodes = analyticCodeRead.get();
        }
        count++;
        maxId = Math.max(maxId, item.id());
        String code = accountCodes.get(item.accountId());
        if (code == null) {
            unmapped.add("account id " + item.accountId() + " (journal item " + item.id() + ") is not in the company's chart");
            return;
        }
        sourceByAccount.merge(code, item.balance(), BigDecimal::add);
        if (item.balance().signum() > 0) {
            debit = debit.add(item.balance());
        } else {
            credit = credit.add(item.balance().negate());
        }
        Optional<String> planning = mapping.planningAccount(company, code);
        if (planning.isEmpty()) {
            unmapped.add("account " + code + " (mappings/chart-of-accounts.csv, company " + company + ")");
        }
        List<String> centres = new ArrayList<>();
        List<BigDecimal> percentages = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> share : item.analytic().entrySet()) {
            centres.add(costCentre(share.getKey(), item));
            percentages.add(share.getValue());
        }
        if (planning.isEmpty() || centres.contains(null)) {
            return;
        }
        sourceByPlanning.merge(planning.get(), item.balance(), BigDecimal::add);
        List<BigDecimal> amounts = LargestRemainderSplit.split(item.balance(), percentages, decimals);
        List<BigDecimal> originals = LargestRemainderSplit.split(item.amountCurrency(), percentages,
                Money.minorUnits(Money.currency(item.currency())));
        for (int i = 0; i < amounts.size(); i++) {
            String centre = i < centres.size() ? centres.get(i) : "";
            ActualsKey key = new ActualsKey(company, period, planning.get(), centre, currency, item.currency());
            addTotal(key, amounts.get(i), originals.get(i));
            pending.merge(item.moveId() + "\u0000" + key.asText(),
                    new Contribution(item.moveId(), key, amounts.get(i), originals.get(i)), ActualsAggregation::sum);
        }
    }

    /** The cost centre of one distribution key (analytic ids comma-joined across plans); null when unmapped. */
    private String costCentre(String distributionKey, Item item) {
        List<String> codes = new ArrayList<>();
        List<String> centres = new ArrayList<>();
        for (String raw : distributionKey.split(",")) {
            String code;
            try {
                code = analyticCodes.get(Long.parseLong(raw.trim()));
            } catch (NumberFormatException e) {
                code = null;
            }
            if (code == null) {
                unmapped.add("analytic account id " + raw.trim() + " (journal item " + item.id() + ") does not exist in Odoo");
                return null;
            }
            codes.add(code);
            mapping.costCentre(company, code).ifPresent(centres::add);
        }
        if (centres.size() == 1) {
            return centres.get(0);
        }
        if (centres.isEmpty()) {
            unmapped.add("analytic account " + String.join("+", codes) + " (mappings/cost-centres.csv, company " + company + ")");
        } else {
            unmapped.add("analytic accounts " + String.join("+", codes) + " map to several cost centres " + centres
                    + " (journal item " + item.id() + "); map only one plan's accounts in mappings/cost-centres.csv");
        }
        return null;
    }

    private void addTotal(ActualsKey key, BigDecimal amount, BigDecimal original) {
        BigDecimal[] t = totals.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        t[0] = t[0].add(amount);
        t[1] = t[1].add(original);
    }

    private static Contribution sum(Contribution a, Contribution b) {
        return new Contribution(a.moveId(), a.key(), a.amount().add(b.amount()), a.originalAmount().add(b.originalAmount()));
    }

    List<Contribution> drainContributions() {
        List<Contribution> out = new ArrayList<>(pending.values());
        pending.clear();
        return out;
    }

    /** Every code the items used that mappings/ or Odoo could not resolve, each said once. */
    Set<String> unmapped() {
        return unmapped;
    }

    /** Debits minus credits in company currency (zero for a balanced period). */
    BigDecimal balance() {
        return debit.subtract(credit);
    }

    BigDecimal debit() {
        return debit;
    }

    BigDecimal credit() {
        return credit;
    }

    String company() {
        return company;
    }

    YearMonth period() {
        return period;
    }

    String currency() {
        return currency;
    }

    /** Planning account → source minus exported total, for every planning account either side has. */
    Map<String, BigDecimal> differences() {
        return differences(exportedByPlanning());
    }

    List<ActualsLine> lines() {
        List<ActualsLine> out = new ArrayList<>();
        new TreeMap<>(totals).forEach((key, t) -> {
            if (t[0].signum() != 0 || t[1].signum() != 0) {
                out.add(new ActualsLine(key.company(), key.period(), key.planningAccount(), key.costCentre(),
                        Money.of(t[0], key.currency()), Money.of(t[1], key.originalCurrency())));
            }
        });
        return out;
    }

    private Map<String, BigDecimal> exportedByPlanning() {
        Map<String, BigDecimal> out = new TreeMap<>();
        totals.forEach((key, t) -> out.merge(key.planningAccount(), t[0], BigDecimal::add));
        return out;
    }

    private Map<String, BigDecimal> differences(Map<String, BigDecimal> exported) {
        Map<String, BigDecimal> out = new TreeMap<>();
        Set<String> accounts = new TreeSet<>(exported.keySet());
        accounts.addAll(sourceByPlanning.keySet());
        for (String account : accounts) {
            out.put(account, sourceByPlanning.getOrDefault(account, BigDecimal.ZERO)
                    .subtract(exported.getOrDefault(account, BigDecimal.ZERO)));
        }
        return out;
    }

    ReconciliationReport report(String exportId, ExportMode mode, String status, String fileName, boolean published,
            List<String> notes) {
        Map<String, BigDecimal> exported = exportedByPlanning();
        BigDecimal sourceTotal = sourceByPlanning.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal exportedTotal = exported.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new ReconciliationReport(exportId, company, period.toString(), mode.id(), status, currency, fileName,
                published, count, correctedMoves, lines().size(), plain(debit), plain(credit), plain(sourceTotal),
                plain(exportedTotal), text(sourceByAccount), text(sourceByPlanning), text(exported),
                text(differences(exported)), notes);
    }

    private String plain(BigDecimal v) {
        return v.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private Map<String, String> text(Map<String, BigDecimal> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }
}

