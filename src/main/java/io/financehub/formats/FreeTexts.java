package io.financehub.formats;

import io.financehub.canonical.statement.SourceLocation;
import io.financehub.formats.StatementFormatException.Code;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts of one file as they may reach Odoo: control characters removed and each text cut to the limit of
 * its field in the source format (camt {@code Max35Text}/{@code Max140Text}/{@code Max500Text}, MT940 {@code 16x}
 * and {@code 6*65x}, ...). A changed text is kept, shortened, and remembered: {@link #warnings()} says what was
 * changed, how often and where first, for the import report.
 *
 * <p>Identifiers that decide which lines are the same booking (the bank's reference) or which journal a
 * statement belongs to (the account) are never cut: {@link #identifier} refuses them instead, because two cut
 * references could make two bookings one. Not thread-safe: one instance per file read.
 */
public final class FreeTexts {

    /** A text field and the most characters its format allows. */
    public record Field(String name, int maxLength) {
    }

    /** The statement id as Odoo's statement name: ISO 20022 {@code Max35Text}, the longest any format allows. */
    public static final Field STATEMENT_ID = new Field("statement id", 35);

    private record Key(ValidationProblem.Code code, String field) {
    }

    private static final class Tally {
        final SourceLocation first;
        final int limit;
        int count;
        int longest;

        Tally(SourceLocation first, int limit) {
            this.first = first;
            this.limit = limit;
        }
    }

    private final Map<Key, Tally> tallies = new LinkedHashMap<>();

    /**
     * {@code raw} without control characters and cut to the field's length; null for null. Tab, CR, LF and the
     * Unicode line separators become a space (they wrap text, they do not end it).
     */
    public String text(String raw, Field field, SourceLocation where) {
        if (raw == null) {
            return null;
        }
        String clean = withoutControls(raw, field.name(), where);
        if (clean.length() <= field.maxLength()) {
            return clean;
        }
        Tally t = tallies.computeIfAbsent(new Key(ValidationProblem.Code.TEXT_SHORTENED, field.name()),
                k -> new Tally(where, field.maxLength()));
        t.count++;
        t.longest = Math.max(t.longest, clean.length());
        int end = field.maxLength();
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end).strip();
    }

    /**
     * An identifier without control characters, refused when longer than the field allows: cutting it could make
     * two different ones equal. Null for null.
     */
    public String identifier(String raw, Field field, SourceLocation where) {
        if (raw == null) {
            return null;
        }
        String clean = withoutControls(raw, field.name(), where);
        if (clean.length() > field.maxLength()) {
            throw new StatementFormatException(Code.INVALID_CONTENT,
                    "The " + field.name() + " has " + clean.length() + " characters; the format allows at most " + field.maxLength(),
                    where,
                    "Ask the bank for a corrected file; an identifier is never shortened, since two shortened ones could be taken for the same");
        }
        return clean;
    }

    /** Removes control characters from text the reader has already limited (XML element text); null for null. */
    public String clean(String raw, String fieldName, SourceLocation where) {
        return raw == null ? null : withoutControls(raw, fieldName, where);
    }

    /** One warning per field and kind of change: how many texts, the longest, and where the first one is. */
    public List<ValidationProblem> warnings() {
        List<ValidationProblem> out = new ArrayList<>();
        for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            String field = e.getKey().field();
            String times = t.count == 1 ? "once" : t.count + " times";
            String message = e.getKey().code() == ValidationProblem.Code.TEXT_SHORTENED
                    ? "The " + field + " was longer than the " + t.limit + " characters the format allows and was cut to "
                    + t.limit + " (" + times + ", the longest had " + t.longest + "); first here"
                    : "The " + field + " held control characters, which were removed (" + times + "); first here";
            out.add(new ValidationProblem(e.getKey().code(), message, t.first));
        }
        return List.copyOf(out);
    }

    private String withoutControls(String raw, String fieldName, SourceLocation where) {
        int first = firstControl(raw);
        if (first < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, first);
        boolean removed = false;
        for (int i = first; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else if (Character.getType(c) == Character.CONTROL) {
                removed = true;
            } else {
                out.append(c);
            }
        }
        if (removed) {
            tallies.computeIfAbsent(new Key(ValidationProblem.Code.CONTROL_CHARACTERS_REMOVED, fieldName), k -> new Tally(where, 0)).count++;
        }
        return out.toString().strip();
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }
}
