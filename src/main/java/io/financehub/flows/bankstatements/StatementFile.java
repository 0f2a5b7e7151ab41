package io.financehub.flows.bankstatements;

import io.financehub.formats.dispatch.DetectedFormat;
import io.financehub.formats.StatementCursor;
import java.io.InputStream;
import java.util.Objects;

/**
 * A received file whose format is known: each {@link #open()} reads its statements again from the start, as a
 * stream (camt) — the validation pass and the posting pass each read the file once and hold at most one
 * statement's header and one posting chunk of lines.
 */
public record StatementFile(DetectedFormat format, String fileName, StatementSource source, Reader reader) {

    /** The reader of the file's format, chosen by the route's format choice: a cursor over the content, owning it. */
    @FunctionalInterface
    public interface Reader {
        StatementCursor open(InputStream content);
    }

    public StatementFile {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reader, "reader");
    }

    /** A cursor over the file's statements from the beginning; the caller closes it. */
    public StatementCursor open() {
        return reader.open(source.open());
    }
}
