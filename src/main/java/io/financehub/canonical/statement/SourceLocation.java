package io.financehub.canonical.statement;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where in the source file a statement, line or problem comes from, so an operator can open the file
 * at the right place: line/column for text and XML, an element path for XML, a tag for MT940, a
 * field name for CSV.
 */
public record SourceLocation(String fileName, OptionalInt line, OptionalInt column, Optional<String> path) {

    public SourceLocation {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(path, "path");
    }

    public static SourceLocation file(String fileName) {
        return new SourceLocation(fileName, OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    public static SourceLocation line(String fileName, int line) {
        return new SourceLocation(fileName, OptionalInt.of(line), OptionalInt.empty(), Optional.empty());
    }

    public static SourceLocation of(String fileName, int line, int column, String path) {
        return new SourceLocation(fileName, line > 0 ? OptionalInt.of(line) : OptionalInt.empty(),
                column > 0 ? OptionalInt.of(column) : OptionalInt.empty(), Optional.ofNullable(path));
    }

    public SourceLocation withPath(String newPath) {
        return new SourceLocation(fileName, line, column, Optional.ofNullable(newPath));
    }

    /** Plain map (file, line, column, path; absent parts left out) for JSON error documents. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("file", fileName);
        line.ifPresent(l -> out.put("line", l));
        column.ifPresent(c -> out.put("column", c));
        path.ifPresent(p -> out.put("path", p));
        return out;
    }

    /** Human form: {@code camt.xml line 12, column 7 (Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt)}. */
    public String describe() {
        StringBuilder out = new StringBuilder(fileName);
        line.ifPresent(l -> out.append(" line ").append(l));
        column.ifPresent(c -> out.append(", column ").append(c));
        path.ifPresent(p -> out.append(" (").append(p).append(')'));
        return out.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
