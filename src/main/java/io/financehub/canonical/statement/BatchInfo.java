package io.financehub.canonical.statement;

import io.financehub.canonical.Money;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Marks a line that belongs to a batch booking: the bank booked one entry of {@code entryAmount}
 * made of {@code transactionCount} transactions. {@code position} is the 1-based index of this line's
 * transaction within the entry, or empty when the line is the kept aggregate entry itself.
 */
public record BatchInfo(int transactionCount, OptionalInt position, Money entryAmount) {

    public BatchInfo {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entryAmount, "entryAmount");
    }

    public boolean isAggregate() {
        return position.isEmpty();
    }
}
