package io.financehub.canonical.statement;

import java.util.Objects;
import java.util.Optional;

/**
 * How the bank classified a line: the ISO 20022 domain/family/sub-family triple (e.g. PMNT/RCDT/ESCT)
 * and/or a proprietary code with its issuer (camt {@code Prtry}, MT940 {@code :61:} transaction type
 * such as {@code NTRF}, German GVC from {@code :86:} such as {@code 166}).
 */
public record BankTransactionCode(Optional<String> domain, Optional<String> family, Optional<String> subFamily,
                                  Optional<String> proprietaryCode, Optional<String> proprietaryIssuer) {

    public static final BankTransactionCode NONE = new BankTransactionCode(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public BankTransactionCode {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(subFamily, "subFamily");
        Objects.requireNonNull(proprietaryCode, "proprietaryCode");
        Objects.requireNonNull(proprietaryIssuer, "proprietaryIssuer");
    }

    public static BankTransactionCode proprietary(String code, String issuer) {
        return new BankTransactionCode(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(code).filter(s -> !s.isBlank()), Optional.ofNullable(issuer));
    }

    /** {@code PMNT/RCDT/ESCT} when the ISO triple is complete. */
    public Optional<String> isoCode() {
        if (domain.isPresent() && family.isPresent() && subFamily.isPresent()) {
            return Optional.of(domain.get() + "/" + family.get() + "/" + subFamily.get());
        }
        return Optional.empty();
    }
}
