package io.financehub.flows.bankstatements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.financehub.events.HubEvents;
import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import io.financehub.flows.bankstatements.ImportReport.StatementResult;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.dispatch.DetectedFormat;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.masking.Masking;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.language.simple.Simple;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How an import ends: IMPORTED with its events, or QUARANTINED/FAILED with the reasons, the refused file kept in the
 * quarantine, an exception item and — always stated — whether anything was posted. Either way the report is stored
 * and written next to the file, the file is audited and counted.
 */
@ApplicationScoped
@Named("importOutcomes")
@RegisterForReflection
public class ImportOutcomes {

    @Inject
    AuditTrail audit;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    HubEvents events;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    private final Masking masking = Masking.withoutSecrets();

    /** Every statement of the file is in Odoo: the import is IMPORTED; returns that outcome. */
    public String complete(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_FORMAT) DetectedFormat format) {
        ImportProgress p = ImportProgress.required(progress);
        ImportReport report = ended(p, format, "IMPORTED", List.of(), null, null);
        store(p, report);
        audit.append(new AuditRecord(p.actor(), BankStatementsFlow.FLOW, report.correlationId(), "import:" + p.importId(),
                "bank-statement.file-imported", p.digest(), "file " + p.fileName() + " (" + report.format() + "): "
                        + report.linesCreated() + " line(s) created, " + report.duplicatesSkipped() + " duplicate(s) skipped in "
                        + report.statements().size() + " statement(s)"));
        meters.counter("hub.bank_statements.files", "outcome", "imported").increment();
        return report.status();
    }

    /**
     * The file cannot be (fully) imported. Bad content (format, validation) is QUARANTINED; anything else (Odoo
     * refused, retries exhausted) is FAILED. Either way an exception item keeps the file for replay. Returns the
     * outcome.
     */
    public String reject(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_FORMAT) DetectedFormat format,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause, @Headers Map<String, Object> headers,
            @Simple("${fromRouteId}") String routeId) {
        ImportProgress p = ImportProgress.required(progress);
        List<ImportProblem> problems = problems(cause);
        boolean badContent = cause instanceof StatementFormatException || cause instanceof StatementRejectedException;
        String status = badContent ? "QUARANTINED" : "FAILED";
        // kept once, streaming, in the quarantine: the exception item refers to it (a file of any size)
        Path kept = quarantine(StatementImports.required(source), p);
        String exceptionId = exceptions.record(new ExceptionQueue.FailedMessage(routeId, cause, null, headers, kept, p.digest()))
                .itemId().map(Object::toString).orElse(null);
        ImportReport report = ended(p, format, status, problems, exceptionId, problems.isEmpty() ? null : problems.get(0));
        store(p, report);
        audit.append(new AuditRecord(p.actor(), BankStatementsFlow.FLOW, report.correlationId(), "import:" + p.importId(),
                "bank-statement.file-" + status.toLowerCase(Locale.ROOT), p.digest(),
                "file " + p.fileName() + ": " + (problems.isEmpty() ? "failed" : problems.get(0).reason())
                        + (report.nothingPosted() ? "; nothing was posted" : "; " + report.linesCreated() + " line(s) were posted before the failure")));
        meters.counter("hub.bank_statements.files", "outcome", status.toLowerCase(Locale.ROOT)).increment();
        return status;
    }

    /** The report (JSON) of an import that ended, written next to the archived or quarantined file. */
    public String report(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress) {
        return ImportProgress.required(progress).report();
    }

    /**
     * The file's CloudEvents, one per statement (key + CloudEvent JSON), keyed by company and journal so one bank
     * account's events stay ordered. The id is derived from the import and the Odoo statement, so a replay
     * re-publishes the same event ids and consumers can de-duplicate.
     */
    public List<Map<String, Object>> events(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress) {
        ImportProgress p = ImportProgress.required(progress);
        List<Map<String, Object>> out = new ArrayList<>();
        for (StatementResult result : p.statements()) {
            byte[] event = events.structured(BankStatementsFlow.FLOW, "finance.bank-statement.imported",
                    StatementImports.subject(result), p.correlationId(),
                    p.importId() + "/" + result.statementId() + "/" + result.odooStatementId(),
                    Map.of("importId", p.importId().toString(), "file", p.fileName(), "statement", result));
            out.add(Map.of("key", result.company() + "/" + result.journal(), "event", new String(event, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Copies what was received to {@code bank-statements/quarantine/<name>} (temporary name, then rename). */
    private Path quarantine(StatementSource source, ImportProgress p) {
        String name = p.fileName();
        try {
            Path dir = Files.createDirectories(Path.of(workDir, "bank-statements", "quarantine"));
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Path tmp = dir.resolve(".writing-" + target.getFileName());
            try (InputStream in = source.open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("The refused file " + name + " cannot be kept in bank-statements/quarantine", e);
        }
    }

    private List<ImportProblem> problems(Throwable cause) {
        if (cause instanceof StatementRejectedException rejected) {
            return rejected.problems();
        }
        if (cause instanceof StatementFormatException format) {
            return List.of(new ImportProblem(format.code().name(), masking.mask(format.reason()), format.location().describe(),
                    format.action()));
        }
        String message = cause == null ? "unknown failure" : masking.mask(String.valueOf(cause.getMessage()));
        if (cause instanceof io.financehub.odoo.OdooOutcomeUnknownException) {
            return List.of(new ImportProblem("OUTCOME_UNKNOWN", message, "Odoo posting",
                    "Odoo may still commit the part whose answer was lost (its reference is in the reason and in the parts of"
                            + " the report). Look for that reference among the bank statements in Odoo once the request can no"
                            + " longer be running there, then replay this item: the replay looks again and posts only the lines"
                            + " Odoo does not hold"));
        }
        return List.of(new ImportProblem(cause == null ? "FAILED" : cause.getClass().getSimpleName(), message, "Odoo posting",
                "Fix the cause (see the exception item), then replay it: lines already posted are skipped"));
    }

    /** The report of an import that ends now; {@code format} is null when the file's format was not detected. */
    private ImportReport ended(ImportProgress p, DetectedFormat format, String status, List<ImportProblem> problems,
            String exceptionId, ImportProblem first) {
        List<StatementResult> statements = p.statements();
        int created = statements.stream().mapToInt(StatementResult::linesCreated).sum();
        boolean unknown = statements.stream().flatMap(r -> r.parts().stream()).anyMatch(part -> "OUTCOME_UNKNOWN".equals(part.state()));
        boolean nothingPosted = created == 0 && !unknown;
        return new ImportReport(p.importId().toString(), p.fileName(), p.channel(), status,
                format == null ? null : format.describe(), p.correlationId(), p.receivedAt(), Instant.now(), created,
                statements.stream().mapToInt(StatementResult::duplicatesSkipped).sum(), nothingPosted,
                first == null ? null : first.reason() + (nothingPosted ? ". Nothing was posted to Odoo." : created > 0
                        ? ". Odoo holds " + created + " line(s) of this file: see the parts of each statement." : ""),
                first == null ? null : first.location(), first == null ? null : first.action(), exceptionId, statements, problems,
                p.warnings());
    }

    /** Stores the report of an import that ended; the progress keeps it for the archive or quarantine. */
    private void store(ImportProgress p, ImportReport report) {
        String text = write(report);
        QuarkusTransaction.requiringNew().run(() -> {
            StatementImportRecord r = StatementImportRecord.findById(p.importId());
            r.status = report.status();
            r.format = report.format();
            r.finishedAt = report.finishedAt();
            r.linesCreated = report.linesCreated();
            r.duplicates = report.duplicatesSkipped();
            r.report = text;
        });
        p.ended(text);
    }

    private String write(ImportReport report) {
        try {
            return json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("import report cannot be written", e);
        }
    }
}
