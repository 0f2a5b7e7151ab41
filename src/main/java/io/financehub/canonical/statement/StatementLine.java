package io.financehub.canonical.statement;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One movement on the account as the bank reported it, in canonical form.
 *
 * <p>{@code amount} is signed in the account currency: credit positive, debit negative, after the
 * reversal rule of the format has been applied (a camt entry with {@code RvslInd=true} keeps its
 * {@code CdtDbtInd}, which already states the direction of the reversal booking; MT940 {@code RC}
 * is a debit and {@code RD} a credit). {@code reversal} keeps the information for the label.
 *
 * <p>Only {@link EntryStatus#BOOKED} lines are meant to be posted (see {@link EntryStatus}).
 * {@code originalAmount} is the instructed or transaction amount in another currency when the bank
 * reports one (for Odoo's {@code foreign_currency_id} + {@code amount_currency}); its sign follows
 * {@code amount}. {@code index} is the 1-based position of the line within its statement.
 */
public record StatementLine(
        int index,
        LocalDate bookingDate,
        LocalDate valueDate,
        Money amount,
        boolean reversal,
        EntryStatus status,
        BankTransactionCode transactionCode,
        Optional<String> bankReference,
        Optional<String> entryReference,
        Optional<String> endToEndId,
        Optional<String> instructionId,
        Optional<String> mandateId,
        Optional<String> counterpartyName,
        Optional<CounterpartyAccount> counterpartyAccount,
        Optional<Bic> counterpartyBic,
        Optional<String> remittanceUnstructured,
        Optional<String> creditorReference,
        Optional<Money> originalAmount,
        Optional<BigDecimal> exchangeRate,
        List<Charge> charges,
        Optional<String> returnReason,
        Optional<String> additionalInfo,
        Optional<BatchInfo> batch,
        SourceLocation location) {

    public StatementLine {
        Objects.requireNonNull(bookingDate, "bookingDate");
        Objects.requireNonNull(valueDate, "valueDate");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transactionCode, "transactionCode");
        Objects.requireNonNull(bankReference, "bankReference");
        Objects.requireNonNull(entryReference, "entryReference");
        Objects.requireNonNull(endToEndId, "endToEndId");
        Objects.requireNonNull(instructionId, "instructionId");
        Objects.requireNonNull(mandateId, "mandateId");
        Objects.requireNonNull(counterpartyName, "counterpartyName");
        Objects.requireNonNull(counterpartyAccount, "counterpartyAccount");
        Objects.requireNonNull(counterpartyBic, "counterpartyBic");
        Objects.requireNonNull(remittanceUnstructured, "remittanceUnstructured");
        Objects.requireNonNull(creditorReference, "creditorReference");
        Objects.requireNonNull(originalAmount, "originalAmount");
        Objects.requireNonNull(exchangeRate, "exchangeRate");
        charges = List.copyOf(charges);
        Objects.requireNonNull(returnReason, "returnReason");
        Objects.requireNonNull(additionalInfo, "additionalInfo");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(location, "location");
    }

    public boolean isCredit() {
        return amount.amount().signum() > 0;
    }

    /** A one-line label for people and for Odoo's {@code payment_ref}: remittance, else additional info, else the code. */
    public String label() {
        return remittanceUnstructured
                .or(() -> creditorReference)
                .or(() -> additionalInfo)
                .or(() -> counterpartyName)
                .or(transactionCode::proprietaryCode)
                .orElse(reversal ? "Reversal" : "Bank transaction");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable assembly for readers that discover a line's parts in document order; strings are trimmed, blanks dropped. */
    public static final class Builder {
        private int index;
        private LocalDate bookingDate;
        private LocalDate valueDate;
        private Money amount;
        private boolean reversal;
        private EntryStatus status = EntryStatus.BOOKED;
        private BankTransactionCode transactionCode = BankTransactionCode.NONE;
        private String bankReference;
        private String entryReference;
        private String endToEndId;
        private String instructionId;
        private String mandateId;
        private String counterpartyName;
        private CounterpartyAccount counterpartyAccount;
        private Bic counterpartyBic;
        private String remittanceUnstructured;
        private String creditorReference;
        private Money originalAmount;
        private BigDecimal exchangeRate;
        private List<Charge> charges = List.of();
        private String returnReason;
        private String additionalInfo;
        private BatchInfo batch;
        private SourceLocation location;

        private static String clean(String s) {
            if (s == null) {
                return null;
            }
            String t = s.strip();
            return t.isEmpty() ? null : t;
        }

        public Builder index(int v) { index = v; return this; }
        public Builder bookingDate(LocalDate v) { bookingDate = v; return this; }
        public Builder valueDate(LocalDate v) { valueDate = v; return this; }
        public Builder amount(Money v) { amount = v; return this; }
        public Builder reversal(boolean v) { reversal = v; return this; }
        public Builder status(EntryStatus v) { status = v; return this; }
        public Builder transactionCode(BankTransactionCode v) { transactionCode = v; return this; }
        public Builder bankReference(String v) { bankReference = clean(v); return this; }
        public Builder entryReference(String v) { entryReference = clean(v); return this; }
        public Builder endToEndId(String v) { endToEndId = clean(v); return this; }
        public Builder instructionId(String v) { instructionId = clean(v); return this; }
        public Builder mandateId(String v) { mandateId = clean(v); return this; }
        public Builder counterpartyName(String v) { counterpartyName = clean(v); return this; }
        public Builder counterpartyAccount(String v) { counterpartyAccount = CounterpartyAccount.of(v).orElse(null); return this; }
        public Builder counterpartyBic(String v) { counterpartyBic = v == null ? null : Bic.tryParse(v).orElse(null); return this; }
        public Builder remittanceUnstructured(String v) { remittanceUnstructured = clean(v); return this; }
        public Builder creditorReference(String v) { creditorReference = clean(v); return this; }
        public Builder originalAmount(Money v) { originalAmount = v; return this; }
        public Builder exchangeRate(BigDecimal v) { exchangeRate = v; return this; }
        public Builder charges(List<Charge> v) { charges = v; return this; }
        public Builder returnReason(String v) { returnReason = clean(v); return this; }
        public Builder additionalInfo(String v) { additionalInfo = clean(v); return this; }
        public Builder batch(BatchInfo v) { batch = v; return this; }
        public Builder location(SourceLocation v) { location = v; return this; }

        public Money amount() { return amount; }
        public LocalDate bookingDate() { return bookingDate; }

        public StatementLine build() {
            LocalDate booking = bookingDate != null ? bookingDate : valueDate;
            LocalDate value = valueDate != null ? valueDate : booking;
            return new StatementLine(index, booking, value, amount, reversal, status, transactionCode,
                    Optional.ofNullable(bankReference), Optional.ofNullable(entryReference),
                    Optional.ofNullable(endToEndId), Optional.ofNullable(instructionId), Optional.ofNullable(mandateId),
                    Optional.ofNullable(counterpartyName), Optional.ofNullable(counterpartyAccount),
                    Optional.ofNullable(counterpartyBic), Optional.ofNullable(remittanceUnstructured),
                    Optional.ofNullable(creditorReference), Optional.ofNullable(originalAmount),
                    Optional.ofNullable(exchangeRate), charges, Optional.ofNullable(returnReason),
                    Optional.ofNullable(additionalInfo), Optional.ofNullable(batch), location);
        }
    }
}
