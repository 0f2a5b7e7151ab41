package io.financehub.formats.pain;

/**
 * One schema violation: where (line, column, element path) and what, in the XML parser's words.
 * {@code line}/{@code column} are -1 when the parser could not tell.
 */
public record SchemaProblem(Severity severity, int line, int column, String elementPath, String message) {

    public enum Severity { WARNING, ERROR, FATAL }

    /** "line 12, column 40, /Document/.../Nm: cvc-maxLength-valid: ..." for logs and exception items. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("line ").append(line).append(", column ").append(column);
        if (!elementPath.isEmpty()) {
            s.append(", ").append(elementPath);
        }
        return s.append(": ").append(message).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
