package io.financehub.canonical.statement;

import io.financehub.canonical.AccountMasking;
import io.financehub.canonical.Iban;

import java.util.Objects;
import java.util.Optional;

/** The other side's account on a statement line: an IBAN when it is one, otherwise the raw identifier. */
public record CounterpartyAccount(Optional<Iban> iban, Optional<String> otherId) {

    public CounterpartyAccount {
        Objects.requireNonNull(iban, "iban");
        Objects.requireNonNull(otherId, "otherId");
        if (iban.isEmpty() && otherId.isEmpty()) {
            throw new IllegalArgumentException("A counterparty account needs an IBAN or another identifier");
        }
    }

    /** Empty for blank input; an {@link Iban} when the text passes mod-97, the verbatim text otherwise. */
    public static Optional<CounterpartyAccount> of(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<Iban> iban = Iban.tryParse(text);
        return Optional.of(new CounterpartyAccount(iban, iban.isPresent() ? Optional.empty() : Optional.of(text.trim())));
    }

    /** Full identifier; for Odoo's account number field, never for logs. */
    public String identifier() {
        return iban.map(Iban::value).orElseGet(otherId::orElseThrow);
    }

    @Override
    public String toString() {
        return AccountMasking.mask(identifier());
    }
}
