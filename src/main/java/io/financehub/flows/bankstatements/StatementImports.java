package io.financehub.flows.bankstatements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.flows.bankstatements.ImportReport.StatementResult;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * The imports of received files: begins one (id, correlation id, record), counts and audits each statement posted,
 * and answers what became of an import (API, console). How an import ends is {@link ImportOutcomes}.
 */
@ApplicationScoped
@Named("statementImports")
@RegisterForReflection
public class StatementImports {

    @Inject
    AuditTrail audit;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    @Inject
    CamelContext camel;

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

    static StatementSource required(StatementSource source) {
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

    /** The audit and event subject of one statement of a file. */
    static String subject(StatementResult result) {
        return "bank-statement:" + result.company() + "/" + result.journal() + "/" + result.statementId();
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


}
