package io.financehub.flows.bankstatements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.financehub.events.HubEvents;
import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import io.financehub.flows.bankstatements.ImportReport.StatementResult;
import io.financehub.formats.dispatch.DetectedFormat;
import io.financehub.formats.StatementFormatException;
import io.financehub.governance.HubHeaders;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.language.simple.Simple;

/**
 * The life of one received file: begins the import (id, correlation id, report row), collects each posted
 * statement (audit entry, event), and ends it as imported, or quarantined/failed with the reasons, the
 * exception item and — always stated — whether anything was posted.
 */
@ApplicationScoped
@Named("statementImports")
@RegisterForReflection
public class StatementImports {

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

    @Inject
    CamelContext camel;

    private final Masking masking = Masking.withoutSecrets();

    /**
     * An upload accepted by the API and written to the upload folder: its import exists from now on (RECEIVED), with
     * the caller's correlation id and name, whatever happens to the process before the file is read.
     */
    public void received(UUID importId, String fileName, String correlationId, String actor, String digest) {
        QuarkusTransaction.requiringNew().run(() -> {
            StatementImportRecord r = new StatementImportRecord();
            r.id = importId;
            r.fileName = fileName;
            r.channel = "upload";
            r.status = "RECEIVED";
            r.correlationId = correlationId;
            r.actor = actor;
            r.fileDigest = digest;
            r.receivedAt = Instant.now();
            r.report = "{}";
            r.persist();
        });
    }

    /**
     * The import a received file belongs to: a replay's, an upload's (its file name starts with its import id), or,
     * for an inbox file, one derived from the file's name, size and time, so a file read again after a process died
     * while importing it continues that import (its parts already in Odoo count as created, not as duplicates).
     */
    static UUID importIdOf(String given, String channel, String fileName, Long size, Long modified) {
        if (given != null) {
            return UUID.fromString(given);
        }
        if ("upload".equals(channel) && fileName != null && fileName.length() > 36) {
            try {
                return UUID.fromString(fileName.substring(0, 36));
            } catch (IllegalArgumentException notAnUploadName) {
                // falls through: named like an inbox file
            }
        }
        return UUID.nameUUIDFromBytes(("bank-statements/" + channel + "/" + fileName + "/" + size + "/" + modified)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * What was received (exchange property {@code HubOriginalFile}): the file stays where it is (inbox, upload folder)
     * or in the bytes it came as (replay); the import reads it as a stream, as often as it needs, and never holds a
     * large file whole.
     */
    public StatementSource source(@Body Object body) {
        return StatementSource.of(body, () -> camel.getTypeConverter().convertTo(byte[].class, body));
    }

    /**
     * Begins the import of the received file: its id (a replay's, an upload's or one derived from the file), the
     * governance headers it carries from here on (import id, channel, file name, correlation id, subject, actor) and its
     * record (RECEIVED). A replay of the import continues its report: statements posted by earlier attempts stay listed.
     */
    public ImportProgress begin(@ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @Headers Map<String, Object> headers) {
        required(source);
        String fileName = Optional.ofNullable(header(headers, Exchange.FILE_NAME_ONLY, String.class))
                .or(() -> Optional.ofNullable(header(headers, Exchange.FILE_NAME, String.class))).orElse("statement");
        String channel = Optional.ofNullable(header(headers, BankStatementsFlow.HEADER_CHANNEL, String.class)).orElse("inbox");
        UUID importId = importIdOf(header(headers, BankStatementsFlow.HEADER_IMPORT_ID, String.class), channel, fileName,
                header(headers, Exchange.FILE_LENGTH, Long.class), header(headers, Exchange.FILE_LAST_MODIFIED, Long.class));
        Optional<StatementImportRecord> known = QuarkusTransaction.joiningExisting()
                .call(() -> StatementImportRecord.<StatementImportRecord>findByIdOptional(importId));
        headers.put(BankStatementsFlow.HEADER_IMPORT_ID, importId.toString());
        headers.put(BankStatementsFlow.HEADER_CHANNEL, channel);
        headers.put(Exchange.FILE_NAME_ONLY, fileName);
        if (headers.get(HubHeaders.CORRELATION_ID) == null) {
            headers.put(HubHeaders.CORRELATION_ID, known.map(r -> r.correlationId).orElse(importId.toString()));
        }
        headers.put(HubHeaders.SUBJECT, "import:" + importId);
        if (headers.get(HubHeaders.ACTOR) == null) {
            headers.put(HubHeaders.ACTOR, known.map(r -> r.actor).filter(a -> a != null && !a.isBlank())
                    .orElse("system:" + BankStatementsFlow.FLOW));
        }
        ImportProgress progress = new ImportProgress(importId, fileName, channel, Instant.now(), source.digest(),
                header(headers, HubHeaders.CORRELATION_ID, String.class), header(headers, HubHeaders.ACTOR, String.class));
        find(importId).ifPresent(earlier -> Optional.ofNullable(earlier.statements()).orElse(List.of()).forEach(progress::add));
        QuarkusTransaction.requiringNew().run(() -> {
            StatementImportRecord existing = StatementImportRecord.findById(importId);
            StatementImportRecord r = existing != null ? existing : new StatementImportRecord();
            r.id = importId;
            r.fileName = fileName;
            r.channel = channel;
            r.status = "RECEIVED";
            r.correlationId = progress.correlationId();
            r.actor = progress.actor();
            r.fileDigest = progress.digest();
            r.finishedAt = null;
            if (existing == null) {
                r.receivedAt = progress.receivedAt();
                r.report = "{}";
                r.persist();
            }
        });
        return progress;
    }

    private <T> T header(Map<String, Object> headers, String name, Class<T> type) {
        Object value = headers.get(name);
        return value == null ? null : camel.getTypeConverter().convertTo(type, value);
    }

    /** The original file again (archive and quarantine write exactly what was received). */
    public Object original(@ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source) {
        return required(source).body();
    }

    private static StatementSource required(StatementSource source) {
        if (source == null) {
            throw new IllegalStateException("statementImports.source did not run for this exchange (property "
                    + BankStatementsFlow.PROPERTY_ORIGINAL + ")");
        }
        return source;
    }

    /** One statement was posted (or found already posted): count and audit it. */
    public void recordPosted(ImportProgress p, StatementResult result) {
        StatementResult earlier = p.add(result);
        int newLines = result.linesCreated() - (earlier == null ? 0 : earlier.linesCreated());
        if (earlier != null && newLines <= 0) {
            return;
        }
        meters.counter("hub.bank_statements.lines", "outcome", "created").increment(Math.max(0, newLines));
        if (earlier == null) {
            meters.counter("hub.bank_statements.lines", "outcome", "duplicate").increment(result.duplicatesSkipped());
        }
        audit.append(AuditRecord.of(p.actor(), BankStatementsFlow.FLOW, p.correlationId(), subject(result),
                result.linesCreated() > 0 ? "bank-statement.posted" : "bank-statement.duplicate",
                p.digest() + "/" + result.statementId(), result.linesCreated() + " line(s) in Odoo"
                        + (result.odooStatementIds().isEmpty() ? "" : " as Odoo statement(s) " + result.odooStatementIds()) + ", "
                        + result.duplicatesSkipped() + " duplicate(s) skipped; account " + result.account() + ", journal "
                        + result.journal() + " of " + result.company() + ", file " + p.fileName()));
    }

    private static String subject(StatementResult result) {
        return "bank-statement:" + result.company() + "/" + result.journal() + "/" + result.statementId();
    }

    /**
     * Every statement of the file is in Odoo: the import is IMPORTED (report stored, audited, counted); returns that
     * outcome.
     */
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
     * The file's CloudEvents, one per statement (key + CloudEvent JSON), keyed by company and journal so one bank
     * account's events stay ordered. The id is derived from the import and the Odoo statement, so a replay
     * re-publishes the same event ids and consumers can de-duplicate.
     */
    public List<Map<String, Object>> events(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress) {
        ImportProgress p = ImportProgress.required(progress);
        List<Map<String, Object>> out = new ArrayList<>();
        for (StatementResult result : p.statements()) {
            byte[] event = events.structured(BankStatementsFlow.FLOW, "finance.bank-statement.imported", subject(result),
                    p.correlationId(), p.importId() + "/" + result.statementId() + "/" + result.odooStatementId(),
                    Map.of("importId", p.importId().toString(), "file", p.fileName(), "statement", result));
            out.add(Map.of("key", result.company() + "/" + result.journal(),
                    "event", new String(event, java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The import report (JSON) of an import that ended, written next to the archived or quarantined file. */
    public String report(@ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress) {
        return ImportProgress.required(progress).report();
    }

    /**
     * The file cannot be (fully) imported. Bad content (format, validation) is QUARANTINED; anything else
     * (Odoo refused, retries exhausted) is FAILED. Either way an exception item keeps the file for replay.
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
        java.nio.file.Path kept = quarantine(source, p);
        String exceptionId = exceptions.record(new ExceptionQueue.FailedMessage(routeId, cause, null, headers, kept, p.digest()))
                .itemId().map(Object::toString).orElse(null);
        ImportReport report = ended(p, format, status, problems, exceptionId, problems.isEmpty() ? null : problems.get(0));
        store(p, report);
        audit.append(new AuditRecord(p.actor(), BankStatementsFlow.FLOW, report.correlationId(), "import:" + p.importId(),
                "bank-statement.file-" + status.toLowerCase(java.util.Locale.ROOT), p.digest(),
                "file " + p.fileName() + ": " + (problems.isEmpty() ? "failed" : problems.get(0).reason())
                        + (report.nothingPosted() ? "; nothing was posted" : "; " + report.linesCreated() + " line(s) were posted before the failure")));
        meters.counter("hub.bank_statements.files", "outcome", status.toLowerCase(java.util.Locale.ROOT)).increment();
        return status;
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hub.work-dir")
    String workDir;

    /** Copies what was received to {@code bank-statements/quarantine/<name>} (temporary name, then rename). */
    private java.nio.file.Path quarantine(StatementSource source, ImportProgress p) {
        String name = p.fileName();
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(workDir, "bank-statements", "quarantine"));
            java.nio.file.Path target = dir.resolve(java.nio.file.Path.of(name).getFileName().toString());
            java.nio.file.Path tmp = dir.resolve(".writing-" + target.getFileName());
            try (java.io.InputStream in = required(source).open()) {
                java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("The refused file " + name + " cannot be kept in bank-statements/quarantine", e);
        }
    }

    public Optional<ImportReport> find(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> StatementImportRecord.<StatementImportRecord>findByIdOptional(id))
                .map(this::stored);
    }

    /** The newest imports' reports, newest first, at most {@code limit}; {@code status} narrows them (e.g. QUARANTINED). */
    public List<ImportReport> recent(Optional<String> status, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> status.isPresent()
                ? StatementImportRecord.<StatementImportRecord>find("status = ?1 order by receivedAt desc", status.get()).page(0, limit).list()
                : StatementImportRecord.<StatementImportRecord>find("order by receivedAt desc").page(0, limit).list())
                .stream().map(this::stored).toList();
    }

    /** The stored report; while the import runs, what the record says so far. */
    private ImportReport stored(StatementImportRecord r) {
        ImportReport stored;
        try {
            stored = json.readValue(r.report, ImportReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report of import " + r.id + " is unreadable", e);
        }
        return stored.importId() != null ? stored : new ImportReport(r.id.toString(), r.fileName, r.channel, r.status, r.format,
                r.correlationId, r.receivedAt, null, 0, 0, true, null, null, null, null, List.of(), List.of(), List.of());
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
