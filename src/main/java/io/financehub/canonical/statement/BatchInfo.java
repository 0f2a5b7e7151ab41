package io.financehub.canonical.statement;

import io.financehub.canonical.Money;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Marks a line that belongs to a batch booking: the bank booked one entry of {@code entryAmount}
 * made of {@code transactionCount} transactions. {@code position} is the 1-based index of this line's
 * transaction within the entry, or empty when the line is the kept aggregate entry itself.
 *
 * <p>A kept aggregate also carries what the bank said about the batch it booked: the end-to-end ids of its
 * transactions when they are listed without amounts that would split the entry ({@code endToEndIds}, document
 * order), and the ordering party's message and payment-information ids of the batch ({@code messageId},
 * {@code paymentInformationId}; camt {@code NtryDtls/Btch}), which name the payment file the booking executed.
 */
public record BatchInfo(int transactionCount, OptionalInt position, Money entryAmount, List<String> endToEndIds,
        Optional<String> messageId, Optional<String> paymentInformationId) {

    /** How many end-to-end ids {@link #describe} lists before counting the rest. */
    static final int SHOWN_IDS = 20;

    public BatchInfo {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entryAmount, "entryAmount");
        endToEndIds = List.copyOf(endToEndIds);
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(paymentInformationId, "paymentInformationId");
    }

    public BatchInfo(int transactionCount, OptionalInt position, Money entryAmount) {
        this(transactionCount, position, entryAmount, List.of(), Optional.empty(), Optional.empty());
    }

    public boolean isAggregate() {
        return position.isEmpty();
    }

    /** For people (the Odoo line's narration): which transaction of which booking, and the batch's ids. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (position.isPresent()) {
            out.append("transaction ").append(position.getAsInt()).append(" of ").append(transactionCount).append(" in one entry of ")
                    .append(entryAmount);
        } else {
            out.append(transactionCount).append(transactionCount == 1 ? " transaction" : " transactions").append(" booked as one entry");
        }
        messageId.ifPresent(id -> out.append(", message ").append(id));
        paymentInformationId.ifPresent(id -> out.append(", payment information ").append(id));
        if (!endToEndIds.isEmpty()) {
            out.append(", end-to-end ids ").append(String.join(" ", endToEndIds.subList(0, Math.min(SHOWN_IDS, endToEndIds.size()))));
            if (endToEndIds.size() > SHOWN_IDS) {
                out.append(" and ").append(endToEndIds.size() - SHOWN_IDS).append(" more");
            }
        }
        return out.toString();
    }
}
