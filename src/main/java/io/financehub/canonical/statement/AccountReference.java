package io.financehub.canonical.statement;

import io.financehub.canonical.AccountMasking;
import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;

import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * The bank account a statement is about: an IBAN or, where the bank uses none (US, MT940 with
 * national account numbers), another identifier; its currency; and the servicing bank when known.
 * {@link #toString()} is masked: the full identifier is only reachable through {@link #identifier()}.
 */
public record AccountReference(Optional<Iban> iban, Optional<String> otherId, Currency currency,
                               Optional<Bic> servicerBic, Optional<String> ownerName) {

    public AccountReference {
        Objects.requireNonNull(iban, "iban");
        Objects.requireNonNull(otherId, "otherId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(servicerBic, "servicerBic");
        Objects.requireNonNull(ownerName, "ownerName");
        if (iban.isEmpty() && otherId.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("An account needs an IBAN or another identifier");
        }
    }

    /**
     * An account from whatever the file carries: a valid IBAN becomes {@link Iban}, anything else
     * (national number, "BLZ/Konto", an IBAN with a wrong checksum) is kept verbatim as the other id
     * so that the mapping step can still look it up.
     */
    public static AccountReference of(String identifier, Currency currency) {
        Optional<Iban> iban = Iban.tryParse(identifier);
        return new AccountReference(iban, iban.isPresent() ? Optional.empty() : Optional.of(identifier.trim()),
                currency, Optional.empty(), Optional.empty());
    }

    public AccountReference withServicer(Optional<Bic> bic) {
        return new AccountReference(iban, otherId, currency, bic, ownerName);
    }

    public AccountReference withOwnerName(Optional<String> name) {
        return new AccountReference(iban, otherId, currency, servicerBic, name);
    }

    /** The full identifier (IBAN electronic form, or the other id). Never log it; use {@link #masked()}. */
    public String identifier() {
        return iban.map(Iban::value).orElseGet(otherId::orElseThrow);
    }

    public String masked() {
        return AccountMasking.mask(identifier()) + " " + currency.getCurrencyCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
