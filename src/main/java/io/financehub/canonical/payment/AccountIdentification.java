package io.financehub.canonical.payment;

import io.financehub.canonical.Iban;
import java.util.Objects;

/**
 * How a creditor account is identified: by IBAN (always for SEPA), or by another account number where the
 * bank profile allows it (non-SEPA transfers to countries without IBAN).
 */
public sealed interface AccountIdentification {

    static AccountIdentification iban(Iban iban) {
        return new ByIban(iban);
    }

    static AccountIdentification other(String accountNumber) {
        return new Other(accountNumber);
    }

    /** The identifier as written to a file; never for logs (use {@link #masked()}). */
    String value();

    String masked();

    record ByIban(Iban iban) implements AccountIdentification {
        public ByIban {
            Objects.requireNonNull(iban, "AccountIdentification.iban is missing");
        }

        @Override
        public String value() {
            return iban.value();
        }

        @Override
        public String masked() {
            return iban.masked();
        }

        @Override
        public String toString() {
            return masked();
        }
    }

    record Other(String accountNumber) implements AccountIdentification {
        public Other {
            Checks.text(accountNumber, "AccountIdentification", "accountNumber", 34);
        }

        @Override
        public String value() {
            return accountNumber;
        }

        @Override
        public String masked() {
            return io.financehub.canonical.AccountMasking.mask(accountNumber);
        }

        @Override
        public String toString() {
            return masked();
        }
    }
}
