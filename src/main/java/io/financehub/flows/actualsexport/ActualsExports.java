package io.financehub.flows.actualsexport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.Money;
import io.financehub.canonical.actuals.ActualsKey;
import io.financehub.canonical.actuals.ActualsLine;
import io.financehub.canonical.actuals.LargestRemainderSplit;
import io.financehub.events.EventOutbox;
import io.financehub.events.HubEvents;
import io.financehub.flows.actualsexport.ExportLedgerStore.Contribution;
import io.financehub.flows.actualsexport.OdooLedger.Item;
import io.financehub.flows.actualsexport.OdooLedger.OdooCompany;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * The actuals export, called step by step from {@code routes/actuals-export}: {@link #prepare} reads the period
 * from Odoo, maps, splits, aggregates and validates it (nothing is published yet); the route writes the CSV and
 * the reconciliation report atomically; {@link #commit} advances the checkpoint, records the run and the audit
 * entry and hands the events over; {@link #fail} undoes whatever a failed run had written.
 */
@ApplicationScoped
@Named("actualsExports")
@RegisterForReflection
public class ActualsExports {

    private static final Logger LOG = Logger.getLogger(ActualsExports.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final String FINAL = "FINAL";
    static final String PROVISIONAL = "PROVISIONAL";

    @Inject
    Mappings mappings;

    @Inject
    OdooLedger ledger;

    @Inject
    ExportLedgerStore store;

    @Inject
    Checkpoints checkpoints;

    @Inject
    AuditTrail audit;

    @Inject
    HubEvents events;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    ActualsFiles files;

    @Inject
    ObjectMapper json;

    /** Reads, maps and validates; sets the body to the CSV records and the export as a property. */
    public void prepare(Exchange exchange) {
        ActualsExportRequest request = request(exchange);
        MappingSet mapping = mappings.get();
        String companyKey = request.company() == null ? "" : request.company().trim();
        Company company = mapping.company(companyKey).orElseThrow(() -> new IllegalArgumentException("company '"
                + request.company() + "' is not in mappings/companies.yaml; use one of "
                + mapping.companies().stream().map(Company::key).sorted().toList()));
        var period = request.yearMonth();
        ExportMode mode = request.exportMode();
        String correlationId = header(exchange, HubHeaders.CORRELATION_ID).orElse(exchange.getExchangeId());
        String actor = header(exchange, HubHeaders.ACTOR).orElse("system:" + ActualsExportFlow.FLOW);
        exchange.getMessage().setHeader(HubHeaders.CORRELATION_ID, correlationId);
        exchange.getMessage().setHeader(HubHeaders.FLOW, ActualsExportFlow.FLOW);
        exchange.getMessage().setHeader(HubHeaders.SUBJECT, "actuals:" + companyKey + "/" + period);

        OdooCompany odooCompany = ledger.company(company.odooCompany());
        // the codes are read while the rest of the export starts reading: the first page needs them only once it arrives
        CompletableFuture<Map<Long, String>> accountCodes = ledger.later(() -> ledger.accountCodes(odooCompany));
        CompletableFuture<Map<Long, String>> analyticCodes = ledger.later(() -> ledger.analyticCodes(odooCompany));
        String status = request.wantsFinal() && odooCompany.locks(period) ? FINAL : PROVISIONAL;
        List<String> notes = new ArrayList<>();
        if (request.wantsFinal() && !odooCompany.locks(period)) {
            notes.add("final export requested but " + period + " is not locked for every journal in Odoo ("
                    + odooCompany.locks() + "): exported as PROVISIONAL; set " + odooCompany.closingFields() + " to "
                    + period.atEndOfMonth() + " or later in Odoo (Lock Dates) and export again");
        }
        UUID id = UUID.randomUUID();
        String fileName = "actuals-" + companyKey + "-" + period + "-" + mode.id() + "-" + STAMP.format(Instant.now())
                + "-" + id.toString().substring(0, 8) + ".csv";
        exchange.getMessage().setHeader(ActualsExportFlow.HEADER_FILE, fileName);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);

        String checkpointName = ActualsExportFlow.FLOW + "/" + companyKey + "/" + period;
        Optional<String> seen = mode == ExportMode.INCREMENTAL ? checkpoints.get(checkpointName) : Optional.empty();
        long afterId = seen.map(ActualsExports::lastId).orElse(0L);

        store.begin(id, companyKey, period, mode, fileName, correlationId);
        try {
            Aggregation agg = new Aggregation(companyKey, period, odooCompany.currency(), mapping,
                    () -> OdooLedger.await(accountCodes), () -> OdooLedger.await(analyticCodes));
            List<Long> reposted = List.of();
            if (mode == ExportMode.INCREMENTAL) {
                ExportLedgerStore.KnownMoves known = store.knownMoves(companyKey, period);
                Set<Long> notPosted = ledger.movesInState(odooCompany, known.live(), "posted", true);
                List<Contribution> corrections = store.netContributions(companyKey, period, notPosted);
                agg.correct(corrections);
                reposted = new ArrayList<>(ledger.movesInState(odooCompany, known.cancelled(), "posted", false));
            }
            Aggregation a = agg;
            ledger.postedItems(odooCompany, period, afterId, reposted, page -> {
                for (Item item : page) {
                    a.add(item);
                }
                if (mode == ExportMode.INCREMENTAL) {
                    store.stage(id, a.drainContributions());
                }
            });
            if (mode == ExportMode.INCREMENTAL) {
                store.stage(id, agg.drainContributions());
            }
            agg.validate();
            List<ActualsLine> lines = agg.lines();
            boolean publish = !lines.isEmpty() || agg.correctedMoves > 0 || (mode == ExportMode.FULL);
            ReconciliationReport report = agg.report(id.toString(), mode, status, publish ? fileName : null, publish, notes);
            Optional<String> next = mode == ExportMode.INCREMENTAL && publish
                    ? Optional.of(Math.max(afterId, agg.maxId) + ";" + id) : Optional.empty();
            PreparedExport export = new PreparedExport(id, companyKey, period, mode, status, fileName, lines, report,
                    checkpointName, seen, next, correlationId, actor);
            exchange.setProperty(ActualsExportFlow.PROPERTY_EXPORT, export);
            exchange.getMessage().setHeader(ActualsExportFlow.HEADER_HAS_LINES, publish);
            List<ActualsCsvRecord> records = new ArrayList<>(lines.size());
            for (ActualsLine line : lines) {
                records.add(ActualsCsvRecord.of(line, status, id.toString()));
            }
            exchange.getMessage().setBody(records);
            if (!publish) {
                store.published(id, toJson(report));
            }
        } catch (RuntimeException e) {
            store.failed(id, failureJson(e));
            throw e;
        }
    }

    /** The reconciliation report as JSON, the body written as {@code <name>.reconciliation.json}. */
    public String reportJson(Exchange exchange) {
        return toJson(export(exchange).report());
    }

    /** The API answer: the reconciliation report. */
    public ReconciliationReport report(Exchange exchange) {
        return export(exchange).report();
    }

    /**
     * After both files are staged: publishes the run in one transaction (checkpoint compare-and-set, run PUBLISHED,
     * audit entry, one event per aggregated line keyed by company and period into the event outbox), then delivers
     * the files to the outbox. A concurrent run of the same increment loses the compare-and-set: nothing of it is
     * published and its staged files are removed.
     */
    public void commit(Exchange exchange) {
        PreparedExport export = export(exchange);
        String reportJson = toJson(export.report());
        AuditRecord entry = AuditRecord.of(export.actor(), ActualsExportFlow.FLOW, export.correlationId(),
                "actuals:" + export.company() + "/" + export.period(), "actuals.exported", reportJson,
                export.mode().id() + " export " + export.id() + " (" + export.status() + "): " + export.lines().size()
                        + " lines, " + export.report().sourceLineCount() + " journal items, "
                        + export.report().correctedMoves() + " corrected moves, file " + export.fileName());
        if (!store.publish(export.id(), reportJson, export.checkpointName(), export.checkpointSeen(), export.checkpointNext(),
                audit, entry, events(export))) {
            throw new ConcurrentExportException("another actuals export of " + export.company() + " " + export.period()
                    + " ran at the same time and published first; nothing of this run was published, run it again");
        }
        LOG.infof("Actuals export %s of %s %s published: %d lines in %s", export.id(), export.company(), export.period(),
                export.lines().size(), export.fileName());
        files.deliver(export.fileName());
    }

    /** One CloudEvent per aggregated line; its id is stable (export and line), so a consumer can drop a repeat. */
    private List<EventOutbox.Pending> events(PreparedExport export) {
        List<EventOutbox.Pending> out = new ArrayList<>(export.lines().size());
        for (ActualsLine line : export.lines()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("exportId", export.id().toString());
            data.put("mode", export.mode().id());
            data.put("status", export.status());
            data.put("company", line.company());
            data.put("period", line.period().toString());
            data.put("planningAccount", line.planningAccount());
            data.put("costCentre", line.costCentre());
            data.put("currency", line.amount().currencyCode());
            data.put("amount", line.amount().roundedToMinorUnits().amount().toPlainString());
            data.put("originalCurrency", line.originalAmount().currencyCode());
            data.put("originalAmount", line.originalAmount().roundedToMinorUnits().amount().toPlainString());
            byte[] event = events.structured(ActualsExportFlow.FLOW, ActualsExportFlow.EVENT_TYPE,
                    "actuals:" + line.key().asText(), export.correlationId(), export.id() + "/" + line.key().asText(), data);
            out.add(new EventOutbox.Pending(ActualsExportFlow.TOPIC, line.company() + "/" + line.period(),
                    new String(event, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /**
     * A run that failed before or while publishing: its staged contributions are dropped, its files removed
     * from the outbox, and failures other than rejected data become exception items (replayable).
     */
    public void fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PreparedExport export = exchange.getProperty(ActualsExportFlow.PROPERTY_EXPORT, PreparedExport.class);
        String fileName = exchange.getMessage().getHeader(ActualsExportFlow.HEADER_FILE, String.class);
        boolean failed = export == null || store.failed(export.id(), failureJson(cause));
        if (fileName != null && failed) {
            files.discard(fileName);
        }
        if (!(cause instanceof ActualsRejectedException) && !(cause instanceof IllegalArgumentException)
                && !(cause instanceof ConcurrentExportException)) {
            exchange.getMessage().setHeader(HubHeaders.REPLAY_ENDPOINT, ActualsExportFlow.ENDPOINT_RUN);
            Object original = exchange.getProperty("HubActualsRequest");
            if (original != null) {
                exchange.getMessage().setBody(original);
            }
            exceptions.record(new io.financehub.governance.exceptions.ExceptionQueue.FailedMessage(exchange.getFromRouteId(), cause, exchange.getMessage().getBody(),
                    exchange.getMessage().getHeaders(), null, null));
        }
    }

    private ActualsExportRequest request(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        ActualsExportRequest request;
        if (body instanceof ActualsExportRequest r) {
            request = r;
        } else {
            String text = exchange.getMessage().getBody(String.class);
            try {
                request = json.readValue(text, ActualsExportRequest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The actuals export request is not valid JSON {company, period, mode, final}: "
                        + e.getOriginalMessage());
            }
        }
        exchange.setProperty("HubActualsRequest", toJson(request));
        return request;
    }

    private static PreparedExport export(Exchange exchange) {
        PreparedExport export = exchange.getProperty(ActualsExportFlow.PROPERTY_EXPORT, PreparedExport.class);
        if (export == null) {
            throw new IllegalStateException("no prepared actuals export on this exchange; the route must call prepare first");
        }
        return export;
    }

    private static long lastId(String checkpoint) {
        String head = checkpoint.contains(";") ? checkpoint.substring(0, checkpoint.indexOf(';')) : checkpoint;
        try {
            return Long.parseLong(head.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("checkpoint value '" + checkpoint + "' is not '<last journal item id>;<export id>'");
        }
    }

    private static Optional<String> header(Exchange exchange, String name) {
        return Optional.ofNullable(exchange.getMessage().getHeader(name, String.class)).filter(s -> !s.isBlank());
    }

    private String toJson(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private String failureJson(Throwable cause) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("error", cause == null ? "unknown" : cause.getClass().getSimpleName());
        failure.put("message", cause == null ? "" : String.valueOf(cause.getMessage()));
        if (cause instanceof ActualsRejectedException r) {
            failure.put("problems", r.problems());
        }
        return toJson(failure);
    }

    /** Aggregation of one run: exported lines, source totals and the per-move contributions to stage. */
    static final class Aggregation {
        private final String company;
        private final java.time.YearMonth period;
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
        Aggregation(String company, java.time.YearMonth period, String currency, MappingSet mapping,
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
                        Aggregation::sum);
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
                        new Contribution(item.moveId(), key, amounts.get(i), originals.get(i)), Aggregation::sum);
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

        void validate() {
            if (!unmapped.isEmpty()) {
                throw new ActualsRejectedException("unmapped-codes", "Actuals of " + company + " " + period
                        + " not exported: " + unmapped.size() + " unmapped code(s); add them to mappings/ and run again",
                        new ArrayList<>(unmapped));
            }
            BigDecimal balance = debit.subtract(credit);
            if (balance.signum() != 0) {
                throw new ActualsRejectedException("unbalanced", "Actuals of " + company + " " + period + " not exported",
                        List.of("debits " + debit.toPlainString() + " and credits " + credit.toPlainString() + " " + currency
                                + " differ by " + balance.toPlainString() + "; check the period's entries in Odoo"));
            }
            List<String> differences = new ArrayList<>();
            differences(exportedByPlanning()).forEach((account, diff) -> {
                if (diff.signum() != 0) {
                    differences.add(account + ": source and exported totals differ by " + diff.toPlainString());
                }
            });
            if (!differences.isEmpty()) {
                throw new ActualsRejectedException("not-reconciled", "Actuals of " + company + " " + period
                        + " not exported: totals do not reconcile", differences);
            }
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
            return v.setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        }

        private Map<String, String> text(Map<String, BigDecimal> values) {
            Map<String, String> out = new TreeMap<>();
            values.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
    }

}
