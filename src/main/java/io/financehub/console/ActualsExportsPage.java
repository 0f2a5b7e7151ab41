package io.financehub.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.flows.actualsexport.ActualsExportFlow;
import io.financehub.flows.actualsexport.ActualsExportRequest;
import io.financehub.flows.actualsexport.ActualsRejectedException;
import io.financehub.flows.actualsexport.ExportLedgerStore;
import io.financehub.flows.actualsexport.ReconciliationReport;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.masking.Masking;
import io.financehub.governance.masking.SafeText;
import io.financehub.mapping.Mappings;
import io.financehub.governance.runtime.Flow;
import io.financehub.api.FlowEndpoint;
import io.financehub.governance.runtime.HubFlows;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** Actuals exports to planning/BI and each one's reconciliation: source against exported totals per planning account (role operator). */
@Path("/console/actuals-exports")
@ConsolePage
public class ActualsExportsPage {

    /** An export run with the headline of its reconciliation. */
    public record ExportRow(String id, String company, String period, String mode, String status, String fileName, String correlationId,
            Instant startedAt, Instant finishedAt, String currency, String sourceTotal, String exportedTotal, int lines,
            boolean reconciled, String notes) {
    }

    /** One planning account: source total, exported total, difference. */
    public record Reconciled(String planningAccount, String source, String exported, String difference, boolean differs) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    ExportLedgerStore store;

    @Inject
    ObjectMapper json;

    @Inject
    ErrorPages errors;

    @Inject
    Mappings mappings;

    @Inject
    HubFlows flows;

    @Inject
    ProducerTemplate producer;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response list(@QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        List<ExportRow> rows = store.recent(200).stream().map(r -> row(r, report(r))).toList();
        List<String> companies = mappings.get().companies().stream().map(c -> c.key()).sorted().toList();
        return Pages.html(Views.actualsExports(pages.page(request, identity, Section.ACTUALS_EXPORTS, "Actuals exports", flash), rows,
                companies, java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString(), flows.isEnabled(Flow.ACTUALS_EXPORT)).render());
    }

    /** Exports a company's month now, through the same route as {@code POST /api/v1/actuals-exports}. */
    @POST
    @FlowEndpoint(Flow.ACTUALS_EXPORT)
    @ConsoleAccess(Roles.OPERATOR)
    public Response run(@FormParam("company") String company, @FormParam("period") String period, @FormParam("mode") String mode,
            @FormParam("finalExport") String finalExport, @Context ContainerRequestContext request) {
        String list = Section.ACTUALS_EXPORTS.path();
        ActualsExportRequest wanted = new ActualsExportRequest(company, period, mode, finalExport != null);
        try {
            wanted.yearMonth();
            wanted.exportMode();
            if (company == null || mappings.get().company(company).isEmpty()) {
                throw new IllegalArgumentException("company " + SafeText.quote(company) + " is not declared in companies.yaml");
            }
        } catch (IllegalArgumentException e) {
            return pages.redirect(identity, false, "Not exported: " + e.getMessage(), list);
        }
        String correlationId = CorrelationIdFilter.of(request);
        Exchange result = producer.send(ActualsExportFlow.ENDPOINT_RUN, ex -> {
            ex.getMessage().setBody(wanted);
            ex.getMessage().setHeaders(java.util.Map.of(HubHeaders.CORRELATION_ID, correlationId, HubHeaders.ACTOR,
                    identity.getPrincipal().getName()));
        });
        Exception failure = result.getException();
        if (failure == null) {
            ReconciliationReport report = result.getMessage().getBody(ReconciliationReport.class);
            return pages.redirect(identity, true, "Exported " + report.company() + " " + report.period() + " (" + report.mode() + "): "
                    + report.exportedLineCount() + " line(s), " + report.status() + ".", list + "/" + report.exportId());
        }
        Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        String detail = cause instanceof ActualsRejectedException rejected && !rejected.problems().isEmpty()
                ? rejected.getMessage() + " " + String.join("; ", rejected.problems()) : String.valueOf(cause.getMessage());
        return pages.redirect(identity, false, "Not exported, nothing was published: " + Masking.maskIbans(detail)
                + " (correlation id " + correlationId + ").", list);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response export(@PathParam("id") UUID id, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Optional<ExportLedgerStore.ExportRun> run = store.find(id);
        if (run.isEmpty()) {
            return errors.answer(404, "No such export", "There is no actuals export " + id + ".", identity.getPrincipal().getName());
        }
        ReconciliationReport report = report(run.get());
        List<Reconciled> lines = new ArrayList<>();
        if (report != null) {
            Map<String, String> source = orEmpty(report.sourceTotalsByPlanningAccount());
            Map<String, String> exported = orEmpty(report.exportedTotalsByPlanningAccount());
            Map<String, String> differences = orEmpty(report.differences());
            TreeSet<String> accounts = new TreeSet<>(source.keySet());
            accounts.addAll(exported.keySet());
            accounts.addAll(differences.keySet());
            for (String account : accounts) {
                String difference = differences.get(account);
                lines.add(new Reconciled(account, source.get(account), exported.get(account), difference,
                        difference != null && new BigDecimal(difference).signum() != 0));
            }
        }
        ExportRow row = row(run.get(), report);
        return Pages.html(Views.actualsExport(pages.page(request, identity, Section.ACTUALS_EXPORTS,
                "Actuals export " + row.company() + " " + row.period(), flash), row, report, lines).render());
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static ExportRow row(ExportLedgerStore.ExportRun r, ReconciliationReport report) {
        boolean reconciled = report != null && report.differences() != null
                && report.differences().values().stream().allMatch(d -> new BigDecimal(d).signum() == 0);
        return new ExportRow(r.id().toString(), r.company(), r.period(), r.mode(), r.status(), r.fileName(), r.correlationId(),
                r.startedAt(), r.finishedAt(), report == null ? null : report.currency(), report == null ? null : report.sourceTotal(),
                report == null ? null : report.exportedTotal(), report == null ? 0 : report.exportedLineCount(), reconciled,
                report == null || report.notes() == null ? "" : String.join("; ", report.notes()));
    }

    private ReconciliationReport report(ExportLedgerStore.ExportRun run) {
        if (run.report() == null || run.report().isBlank() || run.report().trim().equals("{}")) {
            return null;
        }
        try {
            return json.readValue(run.report(), ReconciliationReport.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
