package io.financehub.formats.pain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic identifiers for pain.001 files: the same Odoo payment or batch always gets the same id, so a
 * re-rendered file after a crash is byte-identical and a bank's duplicate check sees a retry for what it is.
 *
 * <p>Scheme (every id at most 35 characters, only {@code A-Z 0-9 -}, so it is valid in the SEPA set and never
 * contains the '/' EPC forbids at the start, end or doubled):
 * <ul>
 *   <li>EndToEndId {@code FH-<tag>-P<odoo payment id>[R<attempt>]-<check>}, e.g. {@code FH-ACME-P4711-K3QD}:
 *       the Odoo payment id is readable by a person on the bank portal and {@link #parseEndToEndId} gets it back;
 *       {@code R<n>} marks the n-th send (2+) of the same payment; {@code <check>} is 4 base-32 characters of
 *       SHA-256 over tag, id and attempt, so a reference the hub did not make is not mistaken for one of ours.</li>
 *   <li>UETR ({@link #uetr}): a version-4-shaped UUID derived from the end-to-end id.</li>
 *   <li>MsgId {@code FH-<tag>-M<batch number>-<check>}; PmtInfId {@code FH-<tag>-B<batch number>-<block>}.</li>
 *   <li>{@code <tag>} comes from the Odoo database name ({@link #databaseTag}), at most 8 characters, so two
 *       hubs or databases feeding one bank account do not collide.</li>
 * </ul>
 */
public final class PaymentIds {

    public static final int MAX_LENGTH = 35;
    private static final int TAG_LENGTH = 8;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final Pattern TAG = Pattern.compile("[A-Z0-9]{1,8}");
    private static final Pattern END_TO_END = Pattern.compile("FH-([A-Z0-9]{1,8})-P([0-9]{1,10})(?:R([0-9]{1,4}))?-([A-Z2-7]{4})");

    private static final Pattern PAYMENT_INFORMATION = Pattern.compile("FH-([A-Z0-9]{1,8})-B([0-9]{1,15})-([0-9]{1,3})");

    private PaymentIds() {
    }

    /** A payment-information block as named by a PmtInfId the hub generated. */
    public record ParsedPaymentInformationId(String databaseTag, long batchNumber, int block) {
    }

    /** The batch and block behind a PmtInfId this hub generated ({@link #paymentInformationId}); empty for any other id. */
    public static Optional<ParsedPaymentInformationId> parsePaymentInformationId(String paymentInformationId) {
        if (paymentInformationId == null) {
            return Optional.empty();
        }
        Matcher m = PAYMENT_INFORMATION.matcher(paymentInformationId.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long batchNumber = Long.parseLong(m.group(2));
        int block = Integer.parseInt(m.group(3));
        if (batchNumber < 1 || batchNumber > MAX_BATCH_NUMBER || block < 1
                || !paymentInformationId(m.group(1), batchNumber, block).equals(paymentInformationId.trim())) {
            return Optional.empty();
        }
        return Optional.of(new ParsedPaymentInformationId(m.group(1), batchNumber, block));
    }

    /** An Odoo payment as named by an end-to-end id the hub generated. */
    public record ParsedEndToEndId(String databaseTag, long odooPaymentId, int attempt) {
    }

    /**
     * A short, stable tag for an Odoo database: upper-case letters and digits of its name; names longer than 8
     * keep their first 4 characters plus 4 hash characters, so "finance_prod_2024" and "finance_test" stay apart.
     */
    public static String databaseTag(String databaseName) {
        if (databaseName == null || databaseName.isBlank()) {
            throw new IllegalArgumentException("Odoo database name is missing; it is needed to tag payment ids");
        }
        String clean = databaseName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        if (clean.isEmpty()) {
            clean = "DB";
        }
        if (clean.length() <= TAG_LENGTH && clean.equals(databaseName.toUpperCase(Locale.ROOT))) {
            return clean;
        }
        return (clean.length() > 4 ? clean.substring(0, 4) : clean) + hash32(databaseName, 4);
    }

    public static String endToEndId(String databaseTag, long odooPaymentId) {
        return endToEndId(databaseTag, odooPaymentId, 1);
    }

    /** The end-to-end id for the given send attempt (1 for the first) of an Odoo payment. */
    public static String endToEndId(String databaseTag, long odooPaymentId, int attempt) {
        requireTag(databaseTag);
        if (odooPaymentId <= 0) {
            throw new IllegalArgumentException("Odoo payment id must be positive, got " + odooPaymentId);
        }
        if (attempt < 1 || attempt > 9999) {
            throw new IllegalArgumentException("Send attempt must be between 1 and 9999, got " + attempt);
        }
        String body = "FH-" + databaseTag + "-P" + odooPaymentId + (attempt > 1 ? "R" + attempt : "");
        return checked(body, databaseTag + "|P|" + odooPaymentId + "|" + attempt);
    }

    /** The Odoo payment behind an end-to-end id this hub generated; empty for any other reference. */
    public static Optional<ParsedEndToEndId> parseEndToEndId(String endToEndId) {
        if (endToEndId == null) {
            return Optional.empty();
        }
        Matcher m = END_TO_END.matcher(endToEndId.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String tag = m.group(1);
        long id = Long.parseLong(m.group(2));
        int attempt = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (id <= 0 || attempt < 1 || !endToEndId(tag, id, attempt).equals(endToEndId.trim())) {
            return Optional.empty();
        }
        return Optional.of(new ParsedEndToEndId(tag, id, attempt));
    }

    /**
     * A deterministic UETR (unique end-to-end transaction reference, a version-4-shaped UUID) for a payment's send
     * attempt: SHA-256 of tag, id and attempt with the version and variant bits set, so a re-rendered file keeps
     * the same UETR while distinct payments never share one.
     */
    public static UUID uetr(String databaseTag, long odooPaymentId, int attempt) {
        String e2e = endToEndId(databaseTag, odooPaymentId, attempt);
        byte[] d = sha256("UETR|" + e2e);
        d[6] = (byte) ((d[6] & 0x0F) | 0x40);
        d[8] = (byte) ((d[8] & 0x3F) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (d[i] & 0xFF);
            lsb = (lsb << 8) | (d[i + 8] & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    /** The message id of the file for a batch (the hub's batch number, unique per database). */
    public static String messageId(String databaseTag, long batchNumber) {
        requireTag(databaseTag);
        requirePositive(batchNumber, "Batch number");
        return checked("FH-" + databaseTag + "-M" + batchNumber, databaseTag + "|M|" + batchNumber);
    }

    /** The id of the {@code block}-th (1-based) payment-information block of a batch's file. */
    public static String paymentInformationId(String databaseTag, long batchNumber, int block) {
        requireTag(databaseTag);
        requirePositive(batchNumber, "Batch number");
        if (block < 1 || block > 999) {
            throw new IllegalArgumentException("Payment-information block must be between 1 and 999, got " + block);
        }
        return within35("FH-" + databaseTag + "-B" + batchNumber + "-" + block);
    }

    private static String checked(String body, String hashInput) {
        return within35(body + "-" + hash32(hashInput, 4));
    }

    private static String within35(String id) {
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Generated id " + id + " is longer than " + MAX_LENGTH + " characters");
        }
        return id;
    }

    private static void requireTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("Database tag must be 1 to 8 upper-case letters or digits (see "
                    + "PaymentIds.databaseTag), got '" + tag + "'");
        }
    }

    /** Largest batch number: 15 digits keep MsgId and PmtInfId within 35 characters with an 8-character tag. */
    public static final long MAX_BATCH_NUMBER = 999_999_999_999_999L;

    private static void requirePositive(long value, String what) {
        if (value <= 0 || value > MAX_BATCH_NUMBER) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_BATCH_NUMBER + ", got " + value);
        }
    }

    private static byte[] sha256(String input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String hash32(String input, int chars) {
        byte[] digest = sha256(input);
        StringBuilder out = new StringBuilder(chars);
        int bits = 0;
        int buffer = 0;
        int i = 0;
        while (out.length() < chars) {
            buffer = (buffer << 8) | (digest[i++] & 0xFF);
            bits += 8;
            while (bits >= 5 && out.length() < chars) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }
}
