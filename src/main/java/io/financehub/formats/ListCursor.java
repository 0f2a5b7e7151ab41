package io.financehub.formats;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementLine;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A {@link StatementCursor} over statements already in memory (MT940 and CSV files are small). */
public final class ListCursor implements StatementCursor {

    private final Iterator<BankStatement> statements;
    private final List<ValidationProblem> warnings;
    private Iterator<StatementLine> lines = List.<StatementLine>of().iterator();

    public ListCursor(List<BankStatement> statements) {
        this(statements, List.of());
    }

    /** @param warnings what the reader changed while reading the whole file (see {@link StatementCursor#warnings()}) */
    public ListCursor(List<BankStatement> statements, List<ValidationProblem> warnings) {
        this.statements = statements.iterator();
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public List<ValidationProblem> warnings() {
        return warnings;
    }

    @Override
    public Optional<StatementHeader> nextStatement() {
        if (!statements.hasNext()) {
            lines = List.<StatementLine>of().iterator();
            return Optional.empty();
        }
        BankStatement next = statements.next();
        lines = next.lines().iterator();
        return Optional.of(next.header());
    }

    @Override
    public Optional<StatementLine> nextLine() {
        return lines.hasNext() ? Optional.of(lines.next()) : Optional.empty();
    }

    @Override
    public void close() {
        // nothing held open
    }
}
