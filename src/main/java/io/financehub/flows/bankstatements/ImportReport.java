package io.financehub.flows.bankstatements;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * What happened to one received file: the operator's answer to "was my statement imported?". Returned by
 * {@code GET /api/v1/bank-statements/imports/{id}}, written as {@code <name>.report.json} next to the archived
 * file, and as {@code <name>.error.json} next to a quarantined one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ImportReport(String importId, String fileName, String channel, String status, String format,
        String correlationId, Instant receivedAt, Instant finishedAt, int linesCreated, int duplicatesSkipped,
        boolean nothingPosted, String reason, String location, String action, String exceptionId,
        List<StatementResult> statements, List<ImportProblem> errors) {

    /** One statement of the file and its outcome in Odoo. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record StatementResult(String statementId, String account, String company, String journal,
            Long odooStatementId, List<Long> odooStatementIds, int linesInFile, int linesCreated, int duplicatesSkipped,
            String openingBalance, String closingBalance, boolean recoveredAfterAmbiguousWrite) {

        public StatementResult {
            odooStatementIds = odooStatementIds == null ? List.of() : List.copyOf(odooStatementIds);
        }

        /** {@code earlier} and a later attempt of the same import for the same statement, each line counted once. */
        static StatementResult merge(StatementResult earlier, StatementResult later) {
            java.util.LinkedHashSet<Long> ids = new java.util.LinkedHashSet<>(earlier.odooStatementIds());
            ids.addAll(later.odooStatementIds());
            int created = earlier.linesCreated() + later.linesCreated();
            int duplicates = Math.max(earlier.duplicatesSkipped(), later.duplicatesSkipped() - earlier.linesCreated());
            return new StatementResult(later.statementId(), later.account(), later.company(), later.journal(),
                    ids.isEmpty() ? null : ids.iterator().next(), List.copyOf(ids), Math.max(earlier.linesInFile(), later.linesInFile()),
                    created, Math.max(0, duplicates), later.openingBalance(), later.closingBalance(),
                    earlier.recoveredAfterAmbiguousWrite() || later.recoveredAfterAmbiguousWrite());
        }
    }

    /** A reason the file was refused: what, where, what to do. */
    @RegisterForReflection
    public record ImportProblem(String code, String reason, String location, String action) {
    }
}
