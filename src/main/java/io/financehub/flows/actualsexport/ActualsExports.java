package io.financehub.flows.actualsexport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.actuals.ActualsLine;
import io.financehub.flows.actualsexport.OdooLedger.OdooCompany;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.language.simple.Simple;

/**
 * An actuals export run from its request to its report (routes/actuals-export): reads the request, starts the run
 * (claims its file and checkpoint), turns the validated aggregation into the export to publish, answers the
 * reconciliation report, and undoes a failed run. Reading, checking and publishing are {@link ActualsLedgerReader},
 * {@link ActualsChecks} and {@link ActualsPublication}.
 */
@ApplicationScoped
@Named("actualsExports")
@RegisterForReflection
public class ActualsExports {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final String FINAL = "FINAL";
    static final String PROVISIONAL = "PROVISIONAL";

    @Inject
    Mappings mappings;

    @Inject
    OdooLedger ledger;

    @Inject
    ExportLedgerStore runs;

    @Inject
    Checkpoints checkpoints;

    @Inject
    ActualsFiles files;

    @Inject
    ObjectMapper json;

    @Inject
    CamelContext camel;

    /**
     * The request, from the API or the schedule as it is, from a replay as its JSON; refused (400) when its company is
     * not in mappings/companies.yaml or its period or mode is not one.
     */
    public ActualsExportRequest request(@Body Object body) {
        ActualsExportRequest request;
        if (body instanceof ActualsExportRequest r) {
            request = r;
        } else {
            String text = camel.getTypeConverter().convertTo(String.class, body);
            try {
                request = json.readValue(text == null ? "" : text, ActualsExportRequest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The actuals export request is not valid JSON {company, period, mode, final}: "
                        + e.getOriginalMessage());
            }
            if (request == null) {
                throw new IllegalArgumentException("The actuals export request is empty: send {\"company\":\"DE01\",\"period\":\"2026-11\"}");
            }
        }
        company(mappings.get(), request);
        request.yearMonth();
        request.exportMode();
        return request;
    }

    /** The caller's correlation id, or the exchange's id when it gave none. */
    public String correlationId(@Header(HubHeaders.CORRELATION_ID) String given, @Simple("${exchangeId}") String exchangeId) {
        return given == null || given.isBlank() ? exchangeId : given;
    }

    /**
     * Starts the run: reads the company (currency, lock dates) from Odoo and starts reading its code tables, decides
     * FINAL or PROVISIONAL, names the file, reads the increment's checkpoint and records the run STAGED.
     */
    public StartedExport begin(@ExchangeProperty(ActualsExportFlow.PROPERTY_REQUEST) ActualsExportRequest request,
            @Header(HubHeaders.CORRELATION_ID) String correlationId, @Header(HubHeaders.ACTOR) String actor) {
        MappingSet mapping = mappings.get();
        Company company = company(mapping, request);
        var period = request.yearMonth();
        ExportMode mode = request.exportMode();
        OdooCompany odooCompany = ledger.company(company.odooCompany());
        // read while the run starts and the increment's corrections are read: the first page needs them only once it arrives
        OdooLedger.Codes codes = ledger.codes(odooCompany);
        String status = request.wantsFinal() && odooCompany.locks(period) ? FINAL : PROVISIONAL;
        List<String> notes = new ArrayList<>();
        if (request.wantsFinal() && !odooCompany.locks(period)) {
            notes.add("final export requested but " + period + " is not locked for every journal in Odoo ("
                    + odooCompany.locks() + "): exported as PROVISIONAL; set " + odooCompany.closingFields() + " to "
                    + period.atEndOfMonth() + " or later in Odoo (Lock Dates) and export again");
        }
        UUID id = UUID.randomUUID();
        String companyKey = request.companyKey();
        String fileName = "actuals-" + companyKey + "-" + period + "-" + mode.id() + "-" + STAMP.format(Instant.now())
                + "-" + id.toString().substring(0, 8) + ".csv";
        String checkpointName = ActualsExportFlow.FLOW + "/" + companyKey + "/" + period;
        Optional<String> seen = mode == ExportMode.INCREMENTAL ? checkpoints.get(checkpointName) : Optional.empty();
        long afterId = seen.map(ActualsExports::lastId).orElse(0L);
        runs.begin(id, companyKey, period, mode, fileName, correlationId);
        return new StartedExport(id, companyKey, period, mode, status, notes, fileName, odooCompany, codes, mapping,
                checkpointName, seen, afterId, correlationId,
                actor == null || actor.isBlank() ? "system:" + ActualsExportFlow.FLOW : actor);
    }

    /**
     * The export of a checked aggregation: its lines, report and next checkpoint. It publishes when it has lines or
     * corrections, and a full export always does; an increment with nothing new is only recorded.
     */
    public PreparedExport prepare(@ExchangeProperty(ActualsExportFlow.PROPERTY_RUN) StartedExport run,
            @ExchangeProperty(ActualsExportFlow.PROPERTY_LEDGER) ActualsAggregation aggregation) {
        List<ActualsLine> lines = aggregation.lines();
        boolean publish = !lines.isEmpty() || aggregation.correctedMoves > 0 || run.mode() == ExportMode.FULL;
        ReconciliationReport report = aggregation.report(run.id().toString(), run.mode(), run.status(),
                publish ? run.fileName() : null, publish, run.notes());
        Optional<String> next = run.incremental() && publish
                ? Optional.of(Math.max(run.afterId(), aggregation.maxId) + ";" + run.id()) : Optional.empty();
        return new PreparedExport(run.id(), run.company(), run.period(), run.mode(), run.status(), run.fileName(), lines,
                report, publish, run.checkpointName(), run.checkpointSeen(), next, run.correlationId(), run.actor());
    }

    /** An increment with nothing new: the run is recorded PUBLISHED with its report; no file, no event, same checkpoint. */
    public void recordUnchanged(@ExchangeProperty(ActualsExportFlow.PROPERTY_EXPORT) PreparedExport export) {
        runs.published(export.id(), toJson(export.report()));
    }

    /** The CSV rows (Bindy), one per aggregated line. */
    public List<ActualsCsvRecord> csvRecords(@ExchangeProperty(ActualsExportFlow.PROPERTY_EXPORT) PreparedExport export) {
        List<ActualsCsvRecord> records = new ArrayList<>(export.lines().size());
        for (ActualsLine line : export.lines()) {
            records.add(ActualsCsvRecord.of(line, export.status(), export.id().toString()));
        }
        return records;
    }

    /** The reconciliation report as JSON, the body written as {@code <name>.reconciliation.json}. */
    public String reportJson(@ExchangeProperty(ActualsExportFlow.PROPERTY_EXPORT) PreparedExport export) {
        return toJson(export.report());
    }

    /** The API answer: the reconciliation report. */
    public ReconciliationReport report(@ExchangeProperty(ActualsExportFlow.PROPERTY_EXPORT) PreparedExport export) {
        return export.report();
    }

    /**
     * A run that failed before or while publishing: recorded FAILED with its staged contributions dropped, and its
     * staged files removed. A run already published or already failed is left as it is.
     */
    public void fail(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
            @ExchangeProperty(ActualsExportFlow.PROPERTY_RUN) StartedExport run) {
        if (run != null && runs.failed(run.id(), cause)) {
            files.discard(run.fileName());
        }
    }

    /** What an exception item keeps to replay the run: the request as JSON (the body when the request was never read). */
    public Object replayPayload(@ExchangeProperty(ActualsExportFlow.PROPERTY_REQUEST) ActualsExportRequest request,
            @Body Object body) {
        return request == null ? body : toJson(request);
    }

    private static Company company(MappingSet mapping, ActualsExportRequest request) {
        return mapping.company(request.companyKey()).orElseThrow(() -> new IllegalArgumentException("company '"
                + request.company() + "' is not in mappings/companies.yaml; use one of "
                + mapping.companies().stream().map(Company::key).sorted().toList()));
    }

    private static long lastId(String checkpoint) {
        String head = checkpoint.contains(";") ? checkpoint.substring(0, checkpoint.indexOf(';')) : checkpoint;
        try {
            return Long.parseLong(head.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("checkpoint value '" + checkpoint + "' is not '<last journal item id>;<export id>'");
        }
    }

    private String toJson(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
