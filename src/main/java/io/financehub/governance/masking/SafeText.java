package io.financehub.governance.masking;

/**
 * Text taken from a request or a file, made safe to show (in an error detail, a log line, an audit summary) and checked
 * before it is accepted: control characters escaped or found, IBANs masked, lengths bounded. Used by the HTTP layer's
 * problem details and by the flows' own checks of what they receive.
 */
public final class SafeText {

    private SafeText() {
    }

    /** A value as a message may quote it: in quotes, cleaned ({@link #clean}), at most 80 characters. */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        boolean cut = text.length() > 80;
        return "'" + clean(cut ? text.substring(0, 80) : text) + (cut ? "…" : "") + "'";
    }

    /** Text for a message or a log line: control characters escaped (backslash, u, four hex digits), IBANs masked, at most 2,000 characters. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String head = text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        StringBuilder out = new StringBuilder(head.length());
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return Masking.maskIbans(out.toString());
    }

    /** Index of the first control character (C0, DEL, C1) in {@code text}, tab/CR/LF allowed when {@code freeText}; -1 if none. */
    public static int firstControlCharacter(String text, boolean freeText) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }
}
