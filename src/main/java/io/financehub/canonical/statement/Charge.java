package io.financehub.canonical.statement;

import io.financehub.canonical.Money;

import java.util.Objects;
import java.util.Optional;

/**
 * A charge the bank reports for a line (camt {@code Chrgs/Rcrd} or {@code Chrgs/Amt}). Informational:
 * whether it is already included in the line amount is said by {@code includedInAmount} when the bank
 * tells (camt v04+ {@code ChrgInclInd}); the canonical line amount is always what was booked. The amount
 * is negative when the bank marks the charge as a debit (camt {@code CdtDbtInd=DBIT}) and as reported
 * otherwise (MT940 {@code /CHGS/} has no direction).
 */
public record Charge(Money amount, Optional<String> typeCode, Optional<Boolean> includedInAmount) {

    public Charge {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(includedInAmount, "includedInAmount");
    }
}
