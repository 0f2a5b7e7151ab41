package io.financehub.canonical;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.iban4j.CountryCode;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

/**
 * A validated International Bank Account Number (ISO 13616): for a country of the IBAN registry its length, the form
 * of its account part and the check digits (iban4j, which keeps the registry), for another country the mod-97 check
 * digits. {@link #toString()} is masked so an IBAN cannot leak into a log line by
 * accident; the full value is only available through {@link #value()}.
 */
public final class Iban {

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
        String country = iban.substring(0, 2);
        CountryCode registered = CountryCode.getByCode(country);
        if (registered != null && IbanUtil.isSupportedCountry(registered)) {
            // a country of the IBAN registry (iban4j's copy): its length and its account part's form, then the check digits
            int expected = IbanUtil.getIbanLength(registered);
            if (iban.length() != expected) {
                return "a " + country + " IBAN has " + expected + " characters, this one has " + iban.length();
            }
            try {
                IbanUtil.validate(iban);
            } catch (InvalidCheckDigitException e) {
                return "the check digits do not match (mod-97)";
            } catch (IbanFormatException e) {
                return "its account part is not in the form of a " + country + " IBAN (" + e.getFormatViolation().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + ")";
            } catch (UnsupportedCountryException e) {
                return mod97(iban) == 1 ? null : "the check digits do not match (mod-97)";
            }
            return null;
        }
        // a country the registry does not list: the check digits still hold for every IBAN
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
