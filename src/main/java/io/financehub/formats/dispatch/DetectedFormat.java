package io.financehub.formats.dispatch;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.Optional;
import io.financehub.formats.StatementFormat;

/**
 * What {@link StatementFormatDetector} found: the format, its version when the format has one
 * ({@code 001.08} for camt), the CSV layout id for CSV, and for text formats the charset the content
 * decodes with. {@link #headerValue()} and {@link #HEADER} are for Camel's {@code choice}.
 */
public record DetectedFormat(StatementFormat format, Optional<String> version, Optional<String> csvLayoutId,
                             Optional<Charset> charset) {

    /** Exchange header a route sets with {@link #headerValue()} before its content-based router. */
    public static final String HEADER = "FinanceHubStatementFormat";

    public DetectedFormat {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(csvLayoutId, "csvLayoutId");
        Objects.requireNonNull(charset, "charset");
    }

    public String headerValue() {
        return format.headerValue();
    }

    /** {@code camt.053.001.08}, {@code mt940}, {@code csv:ing-de}. */
    public String describe() {
        if (format.isCamt()) {
            return format.headerValue() + version.map(v -> "." + v).orElse("");
        }
        return format.headerValue() + csvLayoutId.map(id -> ":" + id).orElse("");
    }

    @Override
    public String toString() {
        return describe();
    }
}
