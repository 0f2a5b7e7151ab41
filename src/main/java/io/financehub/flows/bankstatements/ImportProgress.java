package io.financehub.flows.bankstatements;

import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import io.financehub.flows.bankstatements.ImportReport.StatementResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One received file's import while its exchange runs (exchange property {@code HubImport}, set by
 * {@code statementImports.begin}): who and what it is, the statements Odoo holds for it so far, the warnings of the
 * file's check, and its report once it has ended.
 */
@RegisterForReflection
public final class ImportProgress {

    private final UUID importId;
    private final String fileName;
    private final String channel;
    private final Instant receivedAt;
    private final String digest;
    private final String correlationId;
    private final String actor;
    /** By statement id; an earlier attempt's result that created lines is kept over a retry's duplicates. */
    private final LinkedHashMap<String, StatementResult> results = new LinkedHashMap<>();
    /** What the last check of the file found worth saying without refusing it. */
    private volatile List<ImportProblem> warnings = List.of();
    /** The report (JSON) written when the import ended; null while it runs. */
    private volatile String report;

    ImportProgress(UUID importId, String fileName, String channel, Instant receivedAt, String digest, String correlationId,
            String actor) {
        this.importId = Objects.requireNonNull(importId, "importId");
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.correlationId = correlationId;
        this.actor = actor;
    }

    /** The progress a step of the import needs; absent when the route did not begin the import first. */
    static ImportProgress required(ImportProgress progress) {
        if (progress == null) {
            throw new IllegalStateException("statementImports.begin was not called for this exchange");
        }
        return progress;
    }

    public UUID importId() {
        return importId;
    }

    public String fileName() {
        return fileName;
    }

    public String channel() {
        return channel;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** SHA-256 of the received content, hex. */
    public String digest() {
        return digest;
    }

    public String correlationId() {
        return correlationId;
    }

    public String actor() {
        return actor;
    }

    /**
     * Sets what Odoo holds of a statement for this import (every attempt's posts, each line counted once); returns
     * what was recorded before, or null.
     */
    synchronized StatementResult add(StatementResult result) {
        return results.put(result.statementId(), result);
    }

    synchronized List<StatementResult> statements() {
        return List.copyOf(results.values());
    }

    /** Each check of the file replaces the last one's warnings. */
    void warnings(List<ImportProblem> found) {
        warnings = List.copyOf(found);
    }

    List<ImportProblem> warnings() {
        return warnings;
    }

    void ended(String reportJson) {
        report = reportJson;
    }

    /** The report written when the import ended. */
    String report() {
        if (report == null) {
            throw new IllegalStateException("import " + importId + " has not ended: statementImports.complete or reject did not run");
        }
        return report;
    }
}
