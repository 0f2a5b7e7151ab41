package io.financehub.formats.pain;

import com.ibm.icu.text.Transliterator;

/**
 * Transliterates free text (names, addresses, remittance) to the SEPA character set
 * ({@code a-z A-Z 0-9 / - ? : ( ) . , ' + space}) and fits it to an element's maximum length.
 *
 * <p>Letters of any script go through ICU's {@code Any-Latin; Latin-ASCII} (é→e, ü→u, ß→ss, Æ→AE, ø→o,
 * Cyrillic and Greek to Latin) because the JDK's {@link java.text.Normalizer} only removes combining accents
 * and leaves ß, ø, Æ, Ł or non-Latin scripts untouched. ASCII punctuation outside the set is mapped by a small
 * table ({@code &}→{@code +}, brackets to parentheses, quotes to apostrophe); anything left becomes a space, and
 * runs of spaces collapse. Text that is already in the set is returned unchanged (the common case, and fast).
 */
public final class SepaText {

    /** Maximum lengths of the elements we fill, as the EPC SEPA implementation guidelines restrict them. */
    public static final int NAME = 70;
    public static final int ADDRESS_LINE = 70;
    public static final int STREET_NAME = 70;
    public static final int BUILDING_NUMBER = 16;
    public static final int POST_CODE = 16;
    public static final int TOWN_NAME = 35;
    public static final int COUNTRY_SUB_DIVISION = 35;
    public static final int UNSTRUCTURED_REMITTANCE = 140;
    public static final int REFERENCE = 35;

    private static final Transliterator TO_ASCII = Transliterator.getInstance("Any-Latin; Latin-ASCII");

    private SepaText() {
    }

    /** True when every character is in the SEPA set (the empty string included). */
    public static boolean isSepa(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSepaChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isSepaChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '/' || c == '-' || c == '?' || c == ':' || c == '(' || c == ')' || c == '.' || c == ','
                || c == '\'' || c == '+' || c == ' ';
    }

    /** The text in the SEPA set, trimmed, spaces collapsed; may be empty when nothing was representable. */
    public static String transliterate(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String ascii = text;
        if (!isAscii(text)) {
            // ICU documents Transliterator instances as not safe for concurrent use
            synchronized (TO_ASCII) {
                ascii = TO_ASCII.transliterate(text);
            }
        }
        StringBuilder out = new StringBuilder(ascii.length() + 8);
        boolean pendingSpace = false;
        for (int i = 0; i < ascii.length(); i++) {
            String mapped = map(ascii.charAt(i));
            for (int j = 0; j < mapped.length(); j++) {
                char c = mapped.charAt(j);
                if (c == ' ') {
                    pendingSpace = out.length() > 0;
                } else {
                    if (pendingSpace) {
                        out.append(' ');
                        pendingSpace = false;
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** Transliterated and cut to {@code maxLength}, without a dangling space at the cut. */
    public static String fit(String text, int maxLength) {
        String sepa = transliterate(text);
        if (sepa.length() <= maxLength) {
            return sepa;
        }
        return sepa.substring(0, maxLength).stripTrailing();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String map(char c) {
        if (isSepaChar(c)) {
            return String.valueOf(c);
        }
        switch (c) {
            case '&':
                return "+";
            case '"':
            case '`':
                return "'";
            case '[':
            case '{':
            case '<':
                return "(";
            case ']':
            case '}':
            case '>':
                return ")";
            case '_':
            case '~':
                return "-";
            case ';':
                return ",";
            case '!':
                return ".";
            default:
                return " ";
        }
    }
}
