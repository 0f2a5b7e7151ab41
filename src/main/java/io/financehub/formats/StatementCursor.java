package io.financehub.formats;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pull API over the statements of one file: {@link #nextStatement()} moves to the next statement and
 * returns its header (balances included), then {@link #nextLine()} returns its lines one at a time
 * until empty. Memory stays bounded by one entry for streaming formats (camt), so a 100,000-line file
 * never needs to be held whole. Not thread-safe; close it to release the underlying stream.
 *
 * <p>Every method throws {@link StatementFormatException} for content that cannot be read.
 */
public interface StatementCursor extends AutoCloseable {

    /** Advances to the next statement, skipping unread lines of the current one; empty at end of file. */
    Optional<StatementHeader> nextStatement();

    /** The next line of the current statement; empty when the statement has no more lines. */
    Optional<StatementLine> nextLine();

    /** Convenience: the next whole statement with all its lines in memory. */
    default Optional<BankStatement> next() {
        Optional<StatementHeader> header = nextStatement();
        if (header.isEmpty()) {
            return Optional.empty();
        }
        List<StatementLine> lines = new ArrayList<>();
        for (Optional<StatementLine> line = nextLine(); line.isPresent(); line = nextLine()) {
            lines.add(line.get());
        }
        return Optional.of(new BankStatement(header.get(), lines));
    }

    /** Convenience: every remaining statement of the file. */
    default List<BankStatement> readAll() {
        List<BankStatement> all = new ArrayList<>();
        for (Optional<BankStatement> s = next(); s.isPresent(); s = next()) {
            all.add(s.get());
        }
        return all;
    }

    /**
     * What the reader changed in what it has read so far (texts cut to their field's length, control characters
     * removed): warnings for the import report, never reasons to refuse the file.
     */
    default List<ValidationProblem> warnings() {
        return List.of();
    }

    @Override
    void close();
}
