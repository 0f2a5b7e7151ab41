package io.financehub.sandbox.odoo;

/**
 * The first syntax error Python's {@code json.loads} reports for a text, with its message and position
 * ({@code "Expecting value: line 1 column 13 (char 12)"}): Odoo 19's JSON-2 answers a malformed body with it.
 * A scanner of the JSON grammar that stops where Python's decoder stops; null when the text parses.
 */
final class PyJson {

    private final String s;
    private int pos;

    private PyJson(String s) {
        this.s = s;
    }

    /** Python's error message for {@code text}, or null when it is valid JSON. */
    static String error(String text) {
        PyJson scanner = new PyJson(text);
        try {
            scanner.ws();
            scanner.value();
            scanner.ws();
            if (scanner.pos < text.length()) {
                throw scanner.fail("Extra data", scanner.pos);
            }
            return null;
        } catch (Failure f) {
            return f.getMessage();
        }
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private Failure fail(String what, int at) {
        int line = 1;
        int lastNewline = -1;
        for (int i = 0; i < at && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lastNewline = i;
            }
        }
        return new Failure(what + ": line " + line + " column " + (at - lastNewline) + " (char " + at + ")");
    }

    private void ws() {
        while (pos < s.length() && " \t\n\r".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private void value() {
        if (pos >= s.length()) {
            throw fail("Expecting value", pos);
        }
        char c = s.charAt(pos);
        if (c == '{') {
            object();
        } else if (c == '[') {
            array();
        } else if (c == '"') {
            string();
        } else if (!literal()) {
            throw fail("Expecting value", pos);
        }
    }

    private boolean literal() {
        for (String word : new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
            if (s.startsWith(word, pos)) {
                pos += word.length();
                return true;
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?")
                .matcher(s).region(pos, s.length());
        if (m.lookingAt()) {
            pos = m.end();
            return true;
        }
        return false;
    }

    private void string() {
        int start = pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c < 0x20) {
                throw fail("Invalid control character at", pos);
            }
            pos += c == '\\' ? 2 : 1;
        }
        throw fail("Unterminated string starting at", start);
    }

    private void object() {
        pos++;
        ws();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return;
        }
        while (true) {
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw fail("Expecting property name enclosed in double quotes", pos);
            }
            string();
            ws();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                throw fail("Expecting ':' delimiter", pos);
            }
            pos++;
            ws();
            value();
            if (closed('}')) {
                return;
            }
        }
    }

    private void array() {
        pos++;
        ws();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return;
        }
        while (true) {
            value();
            if (closed(']')) {
                return;
            }
        }
    }

    /** After a member: true at the closing bracket (consumed), else past the comma that must follow. */
    private boolean closed(char close) {
        ws();
        if (pos < s.length() && s.charAt(pos) == close) {
            pos++;
            return true;
        }
        if (pos >= s.length() || s.charAt(pos) != ',') {
            throw fail("Expecting ',' delimiter", pos);
        }
        pos++;
        ws();
        return false;
    }
}
