package io.financehub.canonical.payment;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One approval batch: the payments leaving one debtor account on one requested execution date in one currency.
 * It is the unit the four-eyes release approves and becomes one payment-information block (PmtInf) of a pain.001
 * file; on its own it is a whole file ({@link PaymentMessage#of(PaymentBatch)}). The constructor enforces what a
 * bank would otherwise reject late: one currency and date throughout, unique end-to-end ids, and for SEPA EUR,
 * IBAN debtor and creditors, SLEV charges and a single remittance form. Outside SEPA the debtor account may be
 * another account number (a US account, for example), written as {@code Othr/Id}.
 */
public record PaymentBatch(
        String batchId,
        String messageId,
        Party debtor,
        AccountIdentification debtorAccount,
        Optional<Bic> debtorBic,
        LocalDate requestedExecutionDate,
        Currency currency,
        List<PaymentInstruction> instructions,
        OffsetDateTime creationTime,
        ChargeBearer chargeBearer,
        ServiceLevel serviceLevel,
        boolean batchBooking) {

    public PaymentBatch {
        String r = "PaymentBatch";
        Checks.text(batchId, r, "batchId", 35);
        Checks.text(messageId, r, "messageId", 35);
        Checks.present(debtor, r, "debtor");
        Checks.present(debtorAccount, r, "debtorAccount");
        Objects.requireNonNull(debtorBic, r + ".debtorBic must be Optional.empty(), not null");
        Checks.present(requestedExecutionDate, r, "requestedExecutionDate");
        Checks.present(currency, r, "currency");
        instructions = Checks.list(instructions, r, "instructions");
        if (instructions.isEmpty()) {
            throw new IllegalArgumentException(r + " " + batchId + " has no payments; an empty batch is never sent to a bank");
        }
        Checks.present(creationTime, r, "creationTime");
        Checks.present(chargeBearer, r, "chargeBearer");
        Checks.present(serviceLevel, r, "serviceLevel");
        Set<String> endToEndIds = new HashSet<>();
        for (PaymentInstruction p : instructions) {
            String where = r + " " + batchId + ", payment " + p.odooPaymentId() + " (" + p.endToEndId() + "): ";
            if (!p.amount().currency().equals(currency)) {
                throw new IllegalArgumentException(where + "amount is in " + p.amount().currencyCode()
                        + " but the batch is in " + currency.getCurrencyCode());
            }
            if (!p.requestedExecutionDate().equals(requestedExecutionDate)) {
                throw new IllegalArgumentException(where + "requested execution date " + p.requestedExecutionDate()
                        + " differs from the batch date " + requestedExecutionDate + "; split it into its own batch");
            }
            if (!endToEndIds.add(p.endToEndId())) {
                throw new IllegalArgumentException(where + "end-to-end id is used twice in the batch");
            }
            if (serviceLevel == ServiceLevel.SEPA) {
                if (!(p.creditorAccount() instanceof AccountIdentification.ByIban)) {
                    throw new IllegalArgumentException(where + "a SEPA transfer needs the creditor's IBAN, got account "
                            + p.creditorAccount().masked());
                }
                if (p.remittance().unstructured().isPresent() && p.remittance().creditorReference().isPresent()) {
                    throw new IllegalArgumentException(where
                            + "a SEPA transfer carries either free remittance text or a creditor reference, not both");
                }
            }
        }
        if (serviceLevel == ServiceLevel.SEPA) {
            if (!(debtorAccount instanceof AccountIdentification.ByIban)) {
                throw new IllegalArgumentException(r + " " + batchId + ": a SEPA transfer needs the debtor's IBAN, got account "
                        + debtorAccount.masked());
            }
            if (!"EUR".equals(currency.getCurrencyCode())) {
                throw new IllegalArgumentException(r + " " + batchId + ": SEPA transfers are in EUR only, this batch is in "
                        + currency.getCurrencyCode());
            }
            if (chargeBearer != ChargeBearer.SLEV) {
                throw new IllegalArgumentException(r + " " + batchId + ": SEPA transfers use charge bearer SLEV, got "
                        + chargeBearer);
            }
        }
    }

    /** A batch from an IBAN debtor account (every SEPA batch). */
    public PaymentBatch(String batchId, String messageId, Party debtor, Iban debtorIban, Optional<Bic> debtorBic,
            LocalDate requestedExecutionDate, Currency currency, List<PaymentInstruction> instructions, OffsetDateTime creationTime,
            ChargeBearer chargeBearer, ServiceLevel serviceLevel, boolean batchBooking) {
        this(batchId, messageId, debtor, debtorIban == null ? null : AccountIdentification.iban(debtorIban), debtorBic,
                requestedExecutionDate, currency, instructions, creationTime, chargeBearer, serviceLevel, batchBooking);
    }

    public int numberOfTransactions() {
        return instructions.size();
    }

    /** Sum of the instructed amounts, with exactly the currency's minor units (EUR 2 decimals, JPY 0). */
    public Money controlSum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (PaymentInstruction p : instructions) {
            sum = sum.add(p.amount().amount());
        }
        return new Money(sum.setScale(Money.minorUnits(currency)), currency);
    }
}
