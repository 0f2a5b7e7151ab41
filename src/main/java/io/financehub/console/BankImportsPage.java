package io.financehub.console;

import io.financehub.api.Roles;
import io.financehub.flows.bankstatements.ImportReport;
import io.financehub.flows.bankstatements.StatementImports;
import io.financehub.governance.masking.Masking;
import io.financehub.governance.masking.SafeText;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Bank statement imports with their reports, and the files quarantined with their reasons (role operator, as the API). */
@Path("/console/bank-imports")
@ConsolePage
public class BankImportsPage {

    static final Set<String> STATUSES = Set.of("RECEIVED", "IMPORTED", "QUARANTINED", "FAILED");
    private static final int SHOWN = 100;

    /** One import in the list. */
    public record ImportRow(String id, String fileName, String channel, String format, String status, java.time.Instant receivedAt,
            int linesCreated, int duplicatesSkipped, int statements, int warnings, boolean nothingPosted, String reason,
            String location, String action, String exceptionId) {

        static ImportRow of(ImportReport r) {
            return new ImportRow(r.importId(), r.fileName(), r.channel(), r.format(), r.status(), r.receivedAt(), r.linesCreated(),
                    r.duplicatesSkipped(), r.statements() == null ? 0 : r.statements().size(), r.warnings().size(), r.nothingPosted(),
                    Masking.maskIbans(r.reason()), r.location(), r.action(), r.exceptionId());
        }

        public boolean problem() {
            return "QUARANTINED".equals(status) || "FAILED".equals(status);
        }
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    StatementImports imports;

    @Inject
    ErrorPages errors;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response list(@QueryParam("status") String status, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Optional<String> wanted = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(s -> s.toUpperCase(Locale.ROOT));
        if (wanted.isPresent() && !STATUSES.contains(wanted.get())) {
            return errors.answer(400, "Unknown status", "Status " + SafeText.quote(status) + " is not one of "
                    + STATUSES.stream().sorted().toList() + ".", identity.getPrincipal().getName());
        }
        List<ImportRow> problems = java.util.stream.Stream.concat(imports.recent(Optional.of("QUARANTINED"), SHOWN).stream(),
                imports.recent(Optional.of("FAILED"), SHOWN).stream()).map(ImportRow::of)
                .sorted(java.util.Comparator.comparing(ImportRow::receivedAt).reversed()).toList();
        List<ImportRow> rows = imports.recent(wanted, SHOWN).stream().map(ImportRow::of).toList();
        return Pages.html(Views.bankImports(pages.page(request, identity, Section.BANK_IMPORTS, "Bank statement imports", flash),
                problems, rows, wanted.orElse("")).render());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response report(@PathParam("id") UUID id, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Optional<ImportReport> report = imports.find(id);
        if (report.isEmpty()) {
            return errors.answer(404, "No such import", "There is no import " + id + ". The list of imports links to each report.",
                    identity.getPrincipal().getName());
        }
        ImportReport r = report.get();
        ImportReport masked = new ImportReport(r.importId(), r.fileName(), r.channel(), r.status(), r.format(), r.correlationId(),
                r.receivedAt(), r.finishedAt(), r.linesCreated(), r.duplicatesSkipped(), r.nothingPosted(), Masking.maskIbans(r.reason()),
                r.location(), r.action(), r.exceptionId(), r.statements(), r.errors(), r.warnings());
        return Pages.html(Views.bankImport(pages.page(request, identity, Section.BANK_IMPORTS, "Import " + r.fileName(), flash), masked,
                "QUARANTINED".equals(r.status()) || "FAILED".equals(r.status())).render());
    }
}
