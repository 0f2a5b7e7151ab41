package io.financehub.formats.dispatch;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.SourceLocation;
import io.financehub.formats.StatementFormatException.Code;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvLayout;
import io.financehub.formats.csv.CsvStatementReader;
import io.financehub.formats.mt940.Mt940StatementReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementFormatException;

/**
 * One entry point from bytes to canonical statements: detects the format ({@link StatementFormatDetector})
 * and hands the content to the right reader. camt is streamed ({@link #open}); MT940 and CSV files are
 * small and read whole. A route that already routed on {@link DetectedFormat#HEADER} can call
 * {@link #open(DetectedFormat, String, InputStream)} directly.
 */
public final class StatementReaders {

    private final Map<String, CsvLayout> layouts = new LinkedHashMap<>();
    private final StatementFormatDetector detector;
    private final CsvStatementReader csvReader;
    private final Charset fallbackCharset;
    private final CamtStatementReader.Options camtOptions;

    /**
     * @param fallbackCharset charset for MT940/CSV text that is not UTF-8 and whose layout declares none
     *                        (Windows-1252 is the usual choice: a superset of ISO-8859-1's printable range)
     */
    public StatementReaders(List<CsvLayout> csvLayouts, CsvStatementReader csvReader, Charset fallbackCharset,
                            CamtStatementReader.Options camtOptions) {
        for (CsvLayout l : csvLayouts) {
            if (layouts.put(l.id(), l) != null) {
                throw new IllegalArgumentException("Two CSV layouts have the id '" + l.id() + "'");
            }
        }
        this.detector = new StatementFormatDetector(csvLayouts);
        this.csvReader = Objects.requireNonNull(csvReader, "csvReader");
        this.fallbackCharset = Objects.requireNonNull(fallbackCharset, "fallbackCharset");
        this.camtOptions = Objects.requireNonNull(camtOptions, "camtOptions");
    }

    public StatementFormatDetector detector() {
        return detector;
    }

    /** Detects and reads every statement of a file held in memory. */
    public List<BankStatement> readAll(String fileName, byte[] content) {
        DetectedFormat format = detector.detect(fileName, content);
        try (StatementCursor cursor = open(format, fileName, new ByteArrayInputStream(content))) {
            return cursor.readAll();
        }
    }

    /** Opens a cursor for an already detected format; the cursor owns (and closes) {@code in}. */
    public StatementCursor open(DetectedFormat format, String fileName, InputStream in) {
        if (format.format().isCamt()) {
            return openCamt(in, fileName);
        }
        switch (format.format()) {
            case MT940:
                return openMt940(in, fileName);
            case CSV:
                return openCsv(format.csvLayoutId().orElse(""), in, fileName);
            default:
                close(in);
                throw new StatementFormatException(Code.UNSUPPORTED_FORMAT,
                        "The file is an " + format.format().headerValue().toUpperCase(java.util.Locale.ROOT)
                                + " interim transaction report, not a statement; it has no closing balance to post against",
                        SourceLocation.file(fileName), "Import the end-of-day MT940 or camt.053 statement instead");
        }
    }

    /** A camt.053/054 file, streamed; the cursor owns {@code in}. */
    public StatementCursor openCamt(InputStream in, String fileName) {
        return CamtStatementReader.open(in, fileName, camtOptions);
    }

    /** An MT940 file (small: read whole); {@code in} is closed. */
    public StatementCursor openMt940(InputStream in, String fileName) {
        return Mt940StatementReader.open(readAll(in, fileName), fileName, Optional.empty(), fallbackCharset);
    }

    /** A bank CSV file in the layout {@code layoutId} of mappings/csv-layouts (small: read whole); {@code in} is closed. */
    public StatementCursor openCsv(String layoutId, InputStream in, String fileName) {
        CsvLayout layout = layouts.get(layoutId);
        if (layout == null) {
            close(in);
            throw new StatementFormatException(Code.INVALID_LAYOUT, "No CSV layout '" + layoutId + "' is configured",
                    SourceLocation.file(fileName), "Add the layout under mappings/csv-layouts");
        }
        return csvReader.open(readAll(in, fileName), fileName, layout, fallbackCharset);
    }

    private static byte[] readAll(InputStream in, String fileName) {
        try (InputStream stream = in) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + fileName, e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
