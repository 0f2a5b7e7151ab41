package io.financehub.canonical.statement;

import java.time.LocalDate;
import java.util.Objects;

/** The days a statement covers, both inclusive (camt FrToDt reduced to dates; MT940 from balances). */
public record StatementPeriod(LocalDate from, LocalDate to) {

    public StatementPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
