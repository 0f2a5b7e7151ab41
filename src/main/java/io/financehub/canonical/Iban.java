package io.financehub.canonical;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A validated International Bank Account Number (ISO 13616): country, length for the countries we know,
 * and the mod-97 check digits. {@link #toString()} is masked so an IBAN cannot leak into a log line by
 * accident; the full value is only available through {@link #value()}.
 */
public final class Iban {

    /** Registered IBAN lengths per country (SWIFT IBAN registry); countries not listed get the generic check. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AT", 20), Map.entry("BE", 16),
            Map.entry("BG", 22), Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GI", 23),
            Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("LI", 21), Map.entry("LT", 20),
            Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MT", 31),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24),
            Map.entry("SM", 27), Map.entry("VA", 22));

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private final String value;

    private Iban(String value) {
        this.value = value;
    }

    /** Parses an IBAN written with or without spaces; throws with the reason when it is not valid. */
    public static Iban of(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid IBAN " + AccountMasking.mask(text) + ": " + problem);
        }
        return new Iban(normalise(text));
    }

    public static Optional<Iban> tryParse(String text) {
        return problem(text) == null ? Optional.of(new Iban(normalise(text))) : Optional.empty();
    }

    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    /** Why a text is not a valid IBAN, or null when it is one. */
    public static String problem(String text) {
        if (text == null || text.isBlank()) {
            return "it is empty";
        }
        String iban = normalise(text);
        if (!iban.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
            return "it must be 2 letters, 2 check digits and 11 to 30 letters or digits";
        }
        Integer expected = LENGTHS.get(iban.substring(0, 2));
        if (expected != null && iban.length() != expected) {
            return "a " + iban.substring(0, 2) + " IBAN has " + expected + " characters, this one has " + iban.length();
        }
        if (mod97(iban) != 1) {
            return "the check digits do not match (mod-97)";
        }
        return null;
    }

    static String normalise(String text) {
        return text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static int mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.digit(c, 36));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue();
    }

    /** The full, electronic form (no spaces). Only for files and APIs that need it, never for logs. */
    public String value() {
        return value;
    }

    public String countryCode() {
        return value.substring(0, 2);
    }

    public String masked() {
        return AccountMasking.mask(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Iban other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
