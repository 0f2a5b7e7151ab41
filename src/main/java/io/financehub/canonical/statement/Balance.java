package io.financehub.canonical.statement;

import io.financehub.canonical.Money;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A signed balance (credit positive, debit negative) at a date. {@code typeCode} is the bank's code
 * as written: ISO 20022 {@code OPBD/PRCD/CLBD/CLAV/ITBD/...} or MT940 {@code 60F/60M/62F/62M/64/65}; CSV
 * balances are {@code CSV-OPENING/CSV-CLOSING} (from metadata lines) or {@code CSV-DERIVED/CSV-BALANCE}
 * (from the running-balance column).
 */
public record Balance(String typeCode, Money amount, LocalDate date) {

    public Balance {
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(date, "date");
    }
}
