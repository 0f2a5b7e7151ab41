package io.financehub.canonical.statement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deterministic idempotency key of a statement line: the same booking gets the same key in every
 * file it appears in (a re-dropped file, or an intraday file followed by the end-of-day file), and two
 * genuinely different bookings never share one.
 *
 * <p>Why this shape:
 * <ul>
 *   <li>When the bank gives its own reference for the entry (camt {@code AcctSvcrRef}, MT940 {@code :61:}
 *       reference after {@code //} unless {@code NONREF}), that reference is the bank's identity of the
 *       booking and survives re-exports, so the key is account + reference ({@link Basis#BANK_REFERENCE}).
 *       A line split out of a batch entry that has no reference of its own adds its position in the
 *       batch, which is stable because the bank repeats the entry as a whole.</li>
 *   <li>Otherwise nothing but the content identifies the booking, so the key is a digest of account,
 *       booking date, value date, amount, currency, counterparty and remittance
 *       ({@link Basis#CONTENT_DIGEST}). Two identical bookings on the same day (two coffees of 3.50)
 *       have identical content; the occurrence index among identical lines of the same statement keeps
 *       both, and is stable across files because banks list a day's bookings in booking order.</li>
 *   <li>The occurrence index is applied to reference keys too: a bank that repeats a reference inside one
 *       statement must not make us drop a booking silently.</li>
 *   <li>The key is a SHA-256 digest, not the concatenated text, so it can be stored, logged and sent to
 *       Odoo ({@code unique_import_id}) without exposing account numbers.</li>
 * </ul>
 * The statement id is deliberately not part of the key: banks reuse statement ids, and intraday and
 * end-of-day files carry different ones for the same booking.
 */
public record StatementLineKey(String value, Basis basis) {

    /** What the key was derived from. */
    public enum Basis {
        BANK_REFERENCE,
        CONTENT_DIGEST
    }

    private static final String VERSION = "v1";

    public StatementLineKey {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(basis, "basis");
    }

    @Override
    public String toString() {
        return value;
    }

    /** Hands out keys for the lines of one statement in order; one instance per statement, not thread-safe. */
    public static Generator forStatement(AccountReference account) {
        return new Generator(account);
    }

    /** Counts identical lines within one statement so each gets its own occurrence index. */
    public static final class Generator {
        private final String accountPart;
        private final Map<String, Integer> seen = new HashMap<>();

        private Generator(AccountReference account) {
            this.accountPart = account.identifier().toUpperCase(java.util.Locale.ROOT) + "/" + account.currency().getCurrencyCode();
        }

        public StatementLineKey next(StatementLine line) {
            Optional<String> reference = line.bankReference().filter(Generator::isUsableReference);
            String material;
            Basis basis;
            if (reference.isPresent()) {
                basis = Basis.BANK_REFERENCE;
                StringBuilder sb = new StringBuilder();
                field(sb, "ref");
                field(sb, accountPart);
                field(sb, reference.get());
                line.batch().flatMap(b -> b.position().isPresent() ? Optional.of(b.position().getAsInt()) : Optional.empty())
                        .ifPresent(p -> field(sb, "batch#" + p));
                material = sb.toString();
            } else {
                basis = Basis.CONTENT_DIGEST;
                StringBuilder sb = new StringBuilder();
                field(sb, "content");
                field(sb, accountPart);
                field(sb, line.bookingDate().toString());
                field(sb, line.valueDate().toString());
                field(sb, canonicalAmount(line.amount().amount()));
                field(sb, line.amount().currencyCode());
                field(sb, normalise(line.counterpartyName().orElse("")));
                field(sb, line.counterpartyAccount().map(CounterpartyAccount::identifier).orElse("").toUpperCase(java.util.Locale.ROOT));
                field(sb, normalise(line.remittanceUnstructured().orElse("")));
                field(sb, normalise(line.creditorReference().orElse("")));
                material = sb.toString();
            }
            // only the digest is remembered, so a 100,000-line statement costs a few MB here, not its texts
            String base = sha256(material);
            int occurrence = seen.merge(base, 1, Integer::sum) - 1;
            String digest = occurrence == 0 ? base : sha256(material + "\u001f#" + occurrence);
            return new StatementLineKey(VERSION + "-" + digest, basis);
        }

        private static boolean isUsableReference(String ref) {
            String r = ref.strip();
            return !r.isEmpty() && !r.equalsIgnoreCase("NONREF") && !r.equalsIgnoreCase("NOTPROVIDED");
        }
    }

    private static void field(StringBuilder sb, String value) {
        // length-prefixed so that ("ab","c") and ("a","bc") never produce the same material
        sb.append(value.length()).append(':').append(value).append('\u001f');
    }

    private static String canonicalAmount(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    /** Trimmed, inner whitespace runs collapsed to one space (banks re-wrap texts between exports). */
    private static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
