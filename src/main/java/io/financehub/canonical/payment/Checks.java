package io.financehub.canonical.payment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Argument checks shared by the payment records, so every rejection names the record and field. */
final class Checks {

    private Checks() {
    }

    static String text(String value, String record, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(record + "." + field + " is missing");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(record + "." + field + " has " + value.length()
                    + " characters, at most " + maxLength + " are allowed: '" + value + "'");
        }
        return value;
    }

    static Optional<String> optionalText(Optional<String> value, String record, String field, int maxLength) {
        Objects.requireNonNull(value, record + "." + field + " must be Optional.empty(), not null");
        value.ifPresent(v -> text(v, record, field, maxLength));
        return value;
    }

    static <T> T present(T value, String record, String field) {
        return Objects.requireNonNull(value, record + "." + field + " is missing");
    }

    static <T> List<T> list(List<T> value, String record, String field) {
        Objects.requireNonNull(value, record + "." + field + " is missing (use an empty list)");
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new IllegalArgumentException(record + "." + field + "[" + i + "] is null");
            }
        }
        return List.copyOf(value);
    }
}
