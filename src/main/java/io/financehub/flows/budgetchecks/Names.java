package io.financehub.flows.budgetchecks;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;

/**
 * Supplier and category names as the approval policy compares them: two names are the same when they read the same.
 * Unicode compatibility forms are folded (NFKC: a no-break space becomes a space, full-width letters plain ones),
 * invisible format characters (zero-width space and joiners, soft hyphen, byte-order mark) and control characters are
 * removed, runs of white space become one space, the ends are trimmed and case is folded ({@code ß} and {@code SS} alike).
 */
final class Names {

    private Names() {
    }

    static String comparable(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.CONTROL) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        // upper then lower case folds the characters whose lower case alone would differ (ß → SS → ss)
        return Normalizer.normalize(out.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    /** Whether the name reads as one of the listed names. */
    static boolean listed(String name, Collection<String> list) {
        String wanted = comparable(name);
        return list.stream().anyMatch(n -> comparable(n).equals(wanted));
    }
}
