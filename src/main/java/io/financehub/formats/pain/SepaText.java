package io.financehub.formats.pain;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Map;

/**
 * Transliterates free text (names, addresses, remittance) to the SEPA character set
 * ({@code a-z A-Z 0-9 / - ? : ( ) . , ' + space}) and fits it to an element's maximum length.
 *
 * <p>Latin letters are handled with the JDK's {@link Normalizer} (decomposition removes the accents: é→e, ü→u)
 * plus a short table for the letters that do not decompose (ß→ss, Æ→AE, ø→o, Ł→L); any other script or
 * symbol goes through ICU's {@code Any-Latin; Latin-ASCII} (Cyrillic and Greek to Latin, typographic quotes and
 * dashes to ASCII), which the JDK has no equivalent for. ASCII punctuation outside the set is mapped by a small
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
            ascii = latinToAscii(text);
            if (ascii == null) {
                // ICU documents Transliterator instances as not safe for concurrent use
                synchronized (TO_ASCII) {
                    ascii = TO_ASCII.transliterate(text);
                }
            }
        }
        if (isClean(ascii)) {
            // already in the set, trimmed, no double spaces: nearly every name, town and reference
            return ascii;
        }
        StringBuilder out = new StringBuilder(ascii.length() + 8);
        boolean pendingSpace = false;
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (isSepaChar(c) && c != ' ') {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                continue;
            }
            char mapped = map(c);
            if (mapped == ' ') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(mapped);
            }
        }
        return out.toString();
    }

    /** In the SEPA set, without leading, trailing or doubled spaces: transliteration would return it unchanged. */
    private static boolean isClean(String text) {
        int last = text.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if (c == ' ' ? i == 0 || i == last || text.charAt(i - 1) == ' ' : !isSepaChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Transliterated and cut to {@code maxLength}, without a dangling space at the cut. */
    public static String fit(String text, int maxLength) {
        String sepa = transliterate(text);
        if (sepa.length() <= maxLength) {
            return sepa;
        }
        return sepa.substring(0, maxLength).stripTrailing();
    }

    /**
     * The fast path for Latin text, which is nearly every supplier name: canonical decomposition drops the
     * accents (é→e, ü→u, ł stays), a short table covers the letters that do not decompose; null when any other
     * character is present, so ICU handles the string. ICU's Any-Latin costs tens of microseconds per string, which
     * is most of the rendering time of a 100,000-payment file.
     */
    private static String latinToAscii(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length() + 4);
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            } else {
                String replacement = LATIN_LETTERS.get(c);
                if (replacement == null) {
                    return null;
                }
                out.append(replacement);
            }
        }
        return out.toString();
    }

    /** Latin letters without a canonical decomposition, spelled as ICU's Latin-ASCII spells them. */
    private static final Map<Character, String> LATIN_LETTERS = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('Æ', "AE"), Map.entry('æ', "ae"), Map.entry('Ø', "O"),
            Map.entry('ø', "o"), Map.entry('Œ', "OE"), Map.entry('œ', "oe"), Map.entry('Ð', "D"),
            Map.entry('ð', "d"), Map.entry('Þ', "TH"), Map.entry('þ', "th"), Map.entry('Ł', "L"),
            Map.entry('ł', "l"), Map.entry('Đ', "D"), Map.entry('đ', "d"), Map.entry('Ħ', "H"),
            Map.entry('ħ', "h"), Map.entry('ı', "i"), Map.entry('Ŀ', "L"), Map.entry('ŀ', "l"),
            Map.entry('Ŋ', "N"), Map.entry('ŋ', "n"), Map.entry('Ŧ', "T"), Map.entry('ŧ', "t"),
            Map.entry('ſ', "s"), Map.entry('Ĳ', "IJ"), Map.entry('ĳ', "ij"), Map.entry('\u00A0', " "));

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII character outside the SEPA set, mapped to its nearest SEPA character (a space when there is none). */
    private static char map(char c) {
        switch (c) {
            case '&':
                return '+';
            case '"':
            case '`':
                return '\'';
            case '[':
            case '{':
            case '<':
                return '(';
            case ']':
            case '}':
            case '>':
                return ')';
            case '_':
            case '~':
                return '-';
            case ';':
                return ',';
            case '!':
                return '.';
            default:
                return ' ';
        }
    }
}
