package io.financehub.flows.bankstatements;

import io.financehub.canonical.statement.StatementHeader;
import java.util.Objects;

/**
 * A statement of the file that passed validation, with the Odoo journal it posts to. It holds no lines: the
 * posting pass reads them again from the file, statement by statement, so a file of any size is posted in
 * bounded memory.
 */
public record PreparedStatement(StatementHeader header, BankJournal journal, int bookedLines) {

    public PreparedStatement {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(journal, "journal");
    }
}
