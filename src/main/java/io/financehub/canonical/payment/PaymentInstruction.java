package io.financehub.canonical.payment;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Money;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One credit transfer to one creditor, traceable to the Odoo payment it settles. Identifiers are ISO Max35Text;
 * {@code endToEndId} travels unchanged to the creditor and comes back in the bank's status report, so it is the
 * key that ties a pain.002 line to this payment.
 */
public record PaymentInstruction(
        long odooPaymentId,
        String endToEndId,
        String instructionId,
        Party creditor,
        AccountIdentification creditorAccount,
        Optional<Bic> creditorBic,
        Money amount,
        Remittance remittance,
        LocalDate requestedExecutionDate,
        Optional<String> purposeCode,
        Optional<String> categoryPurposeCode,
        Optional<UUID> uetr) {

    public PaymentInstruction {
        String r = "PaymentInstruction";
        if (odooPaymentId <= 0) {
            throw new IllegalArgumentException(r + ".odooPaymentId must be a positive Odoo record id, got " + odooPaymentId);
        }
        Checks.text(endToEndId, r, "endToEndId", 35);
        Checks.text(instructionId, r, "instructionId", 35);
        Checks.present(creditor, r, "creditor");
        Checks.present(creditorAccount, r, "creditorAccount");
        Objects.requireNonNull(creditorBic, r + ".creditorBic must be Optional.empty(), not null");
        Checks.present(amount, r, "amount");
        if (amount.amount().signum() <= 0) {
            throw new IllegalArgumentException(r + ".amount of payment " + odooPaymentId + " must be positive, got " + amount);
        }
        if (amount.exceedsMinorUnits()) {
            throw new IllegalArgumentException(r + ".amount of payment " + odooPaymentId + " has more decimals than "
                    + amount.currencyCode() + " allows (" + Money.minorUnits(amount.currency()) + "): " + amount);
        }
        Checks.present(remittance, r, "remittance");
        Checks.present(requestedExecutionDate, r, "requestedExecutionDate");
        Checks.optionalText(purposeCode, r, "purposeCode", 4);
        Checks.optionalText(categoryPurposeCode, r, "categoryPurposeCode", 4);
        Objects.requireNonNull(uetr, r + ".uetr must be Optional.empty(), not null");
        uetr.ifPresent(u -> {
            // ISO 20022 UETR is a random (version 4, IETF variant) UUID; banks' schemas check the pattern
            if (u.version() != 4 || u.variant() != 2) {
                throw new IllegalArgumentException(r + ".uetr of payment " + odooPaymentId
                        + " must be a version-4 UUID (IETF variant), got " + u);
            }
        });
    }

    /** Starts a builder with the fields every payment needs. */
    public static Builder builder(long odooPaymentId, String endToEndId, Party creditor,
                                  AccountIdentification creditorAccount, Money amount, LocalDate requestedExecutionDate) {
        return new Builder(odooPaymentId, endToEndId, creditor, creditorAccount, amount, requestedExecutionDate);
    }

    /** Builder for the optional parts; the instruction id defaults to the end-to-end id. */
    public static final class Builder {
        private final long odooPaymentId;
        private final String endToEndId;
        private final Party creditor;
        private final AccountIdentification creditorAccount;
        private final Money amount;
        private final LocalDate requestedExecutionDate;
        private String instructionId;
        private Optional<Bic> creditorBic = Optional.empty();
        private Remittance remittance = Remittance.NONE;
        private Optional<String> purposeCode = Optional.empty();
        private Optional<String> categoryPurposeCode = Optional.empty();
        private Optional<UUID> uetr = Optional.empty();

        private Builder(long odooPaymentId, String endToEndId, Party creditor, AccountIdentification creditorAccount,
                        Money amount, LocalDate requestedExecutionDate) {
            this.odooPaymentId = odooPaymentId;
            this.endToEndId = endToEndId;
            this.instructionId = endToEndId;
            this.creditor = creditor;
            this.creditorAccount = creditorAccount;
            this.amount = amount;
            this.requestedExecutionDate = requestedExecutionDate;
        }

        public Builder instructionId(String id) {
            this.instructionId = id;
            return this;
        }

        public Builder creditorBic(Bic bic) {
            this.creditorBic = Optional.of(bic);
            return this;
        }

        public Builder remittance(Remittance value) {
            this.remittance = value;
            return this;
        }

        public Builder purposeCode(String code) {
            this.purposeCode = Optional.of(code);
            return this;
        }

        public Builder categoryPurposeCode(String code) {
            this.categoryPurposeCode = Optional.of(code);
            return this;
        }

        public Builder uetr(UUID value) {
            this.uetr = Optional.of(value);
            return this;
        }

        public PaymentInstruction build() {
            return new PaymentInstruction(odooPaymentId, endToEndId, instructionId, creditor, creditorAccount,
                    creditorBic, amount, remittance, requestedExecutionDate, purposeCode, categoryPurposeCode, uetr);
        }
    }
}
