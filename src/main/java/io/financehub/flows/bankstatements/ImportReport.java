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
            String openingBalance, String closingBalance, boolean recoveredAfterAmbiguousWrite, List<PartResult> parts) {

        public StatementResult {
            odooStatementIds = odooStatementIds == null ? List.of() : List.copyOf(odooStatementIds);
            parts = parts == null ? List.of() : List.copyOf(parts);
        }
    }

    /**
     * One Odoo statement (part) the import sent for a statement, as Odoo holds it: which booked lines of the statement
     * it carries, its reference (the posting key), and {@code IN_ODOO} with the Odoo statement id, {@code NOT_IN_ODOO}
     * (Odoo does not hold it: a replay posts these lines), or {@code OUTCOME_UNKNOWN} (Odoo may still commit it: look
     * for the reference in Odoo before doing anything).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record PartResult(int part, String lines, int lineCount, String reference, Long odooStatementId, String state) {
    }

    /** A reason the file was refused: what, where, what to do. */
    @RegisterForReflection
    public record ImportProblem(String code, String reason, String location, String action) {
    }
}
