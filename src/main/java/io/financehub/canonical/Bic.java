package io.financehub.canonical;

import java.util.Locale;
import java.util.Optional;

/** A validated Business Identifier Code (ISO 9362): 8 or 11 characters, bank, country, location, branch. */
public record Bic(String value) {

    public Bic {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid BIC '" + value + "': " + problem);
        }
        value = value.trim().toUpperCase(Locale.ROOT);
    }

    public static Optional<Bic> tryParse(String text) {
        return problem(text) == null ? Optional.of(new Bic(text)) : Optional.empty();
    }

    public static String problem(String text) {
        if (text == null || text.isBlank()) {
            return "it is empty";
        }
        String bic = text.trim().toUpperCase(Locale.ROOT);
        if (!bic.matches("[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            return "it must be 4 letters (bank), 2 letters (country), 2 letters or digits (location) and an optional 3-character branch";
        }
        return null;
    }

    public String countryCode() {
        return value.substring(4, 6);
    }

    /** The 11-character form (branch XXX added to an 8-character BIC). */
    public String bic11() {
        return value.length() == 8 ? value + "XXX" : value;
    }
}
