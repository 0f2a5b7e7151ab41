package io.financehub.canonical.payment;

import java.util.Objects;
import java.util.Optional;

/**
 * A debtor or creditor: its name, postal address when known, and optionally an organisation identifier
 * (LEI, or another id with its scheme such as a VAT number).
 */
public record Party(String name, Optional<PostalAddress> address, Optional<String> lei,
                    Optional<String> otherOrganisationId) {

    public Party {
        String r = "Party";
        Checks.text(name, r, "name", 140);
        Objects.requireNonNull(address, "Party.address must be Optional.empty(), not null");
        Checks.optionalText(lei, r, "lei", 20);
        lei.ifPresent(l -> {
            if (!l.matches("[A-Z0-9]{18}[0-9]{2}")) {
                throw new IllegalArgumentException("Party.lei must be 20 characters (ISO 17442), got '" + l + "'");
            }
        });
        Checks.optionalText(otherOrganisationId, r, "otherOrganisationId", 35);
    }

    public static Party named(String name) {
        return new Party(name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Party of(String name, PostalAddress address) {
        return new Party(name, Optional.of(address), Optional.empty(), Optional.empty());
    }

    public Party withLei(String legalEntityIdentifier) {
        return new Party(name, address, Optional.of(legalEntityIdentifier), otherOrganisationId);
    }

    public Party withOtherOrganisationId(String id) {
        return new Party(name, address, lei, Optional.of(id));
    }
}
