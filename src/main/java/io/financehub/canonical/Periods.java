package io.financehub.canonical;

import java.util.Optional;

/** The years a period of a request (a budget, an export) may name: finance data of this century and the last. */
public final class Periods {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2999;

    private Periods() {
    }

    /** Why {@code year} cannot be a period's year, or empty. */
    public static Optional<String> yearProblem(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return Optional.of("the year " + String.format("%04d", year) + " is outside " + FIRST_YEAR + "–" + LAST_YEAR);
        }
        return Optional.empty();
    }
}
