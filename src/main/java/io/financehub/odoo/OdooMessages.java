package io.financehub.odoo;

import io.financehub.canonical.AccountMasking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps Odoo's texts safe to log: masks anything that looks like an IBAN or a long account number. */
final class OdooMessages {

    // An IBAN (two letters, two digits, 11-30 alphanumerics, maybe grouped by spaces) or a run of 8+ digits.
    private static final Pattern ACCOUNT_LIKE =
            Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]){11,30}\\b|\\b\\d{8,}\\b");

    private OdooMessages() {
    }

    static String mask(String text) {
        if (text == null) {
            return "";
        }
        Matcher matcher = ACCOUNT_LIKE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(AccountMasking.mask(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
