package io.financehub.governance.masking;

import io.financehub.canonical.AccountMasking;
import io.financehub.canonical.Iban;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks bank data and secrets in any text a person may read: every checksum-valid IBAN (with or without
 * spaces), long account-number-like digit runs, and the configured secret values. Used by the logging
 * pipeline itself ({@link MaskingLogFilter}), audit summaries and error bodies.
 */
public final class Masking {

    /** IBAN candidates, electronic or in groups of four separated by single spaces. */
    private static final Pattern IBAN_CANDIDATE = Pattern.compile(
            "\\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{1,4}){3,8})\\b");
    /** Account numbers without an IBAN: runs of 9 or more digits (optionally grouped by single spaces or dashes). */
    private static final Pattern ACCOUNT_DIGITS = Pattern.compile("(?<![\\w.,:-])\\d(?:[ -]?\\d){8,33}(?![\\w.,])");
    /** A date with the hour of a time after it ({@code 2026-12-06 14:07:32}, as Odoo writes them): no account number. */
    private static final Pattern DATE_AND_HOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?: \\d{2})?");

    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    public Masking(Collection<String> secrets) {
        List<String> usable = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                usable.add(secret);
            }
        }
        usable.sort((a, b) -> b.length() - a.length()); // longest first, so a secret containing another is masked whole
        this.secrets = List.copyOf(usable);
    }

    public static Masking withoutSecrets() {
        return new Masking(List.of());
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, "****");
            }
        }
        out = maskIbans(out);
        return maskAccountDigits(out);
    }

    /** Masks IBANs only (no secrets): usable without configuration. */
    public static String maskIbans(String text) {
        if (text == null || text.length() < 15) {
            return text;
        }
        Matcher m = IBAN_CANDIDATE.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String candidate = m.group();
            String compact = candidate.replace(" ", "");
            String match = Iban.isValid(compact) ? candidate : longestValidPrefix(candidate);
            if (match == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(AccountMasking.mask(match.replace(" ", "")));
            last = m.start() + match.length();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /** A grouped IBAN followed by more words ("DE89 3704 0044 0532 0130 00 EUR") still matches its prefix. */
    private static String longestValidPrefix(String candidate) {
        if (!candidate.contains(" ")) {
            return null;
        }
        String prefix = candidate;
        while (prefix.contains(" ")) {
            prefix = prefix.substring(0, prefix.lastIndexOf(' '));
            if (Iban.isValid(prefix.replace(" ", ""))) {
                return prefix;
            }
        }
        return null;
    }

    private static String maskAccountDigits(String text) {
        Matcher m = ACCOUNT_DIGITS.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            if (DATE_AND_HOUR.matcher(m.group()).matches() && text.startsWith(":", m.end())) {
                continue;
            }
            out.append(text, last, m.start()).append(AccountMasking.mask(m.group().replaceAll("[ -]", "")));
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }
}
