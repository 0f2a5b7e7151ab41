package io.financehub.flows.payments;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.canonical.payment.AccountIdentification;
import io.financehub.canonical.payment.ChargeBearer;
import io.financehub.canonical.payment.Party;
import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentInstruction;
import io.financehub.canonical.payment.PostalAddress;
import io.financehub.canonical.payment.Remittance;
import io.financehub.canonical.payment.ServiceLevel;
import io.financehub.formats.pain.Pain001Version;
import io.financehub.formats.pain.PaymentIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stored batch (its snapshot) into the canonical {@link PaymentBatch} the pain.001 writer renders: one
 * payment-information block, SEPA service level and SLEV charges on SEPA profiles, structured creditor addresses
 * where Odoo has town and country, UETRs for .001.09. Depends only on its input, so a re-render is identical.
 */
final class BatchRendering {

    private BatchRendering() {
    }

    static PaymentBatch toCanonical(PaymentBatchView v, BatchSnapshot s, String databaseTag, boolean sepa) {
        boolean v09 = Pain001Version.V09.messageName().equals(v.painVersion());
        List<PaymentInstruction> instructions = new ArrayList<>(s.lines().size());
        for (BatchSnapshot.Line l : s.lines()) {
            Party creditor = l.town() != null && l.country() != null
                    ? Party.of(l.creditorName(), PostalAddress.structured(l.street(), null, l.postCode(), l.town(), l.country()))
                    : Party.named(l.creditorName());
            PaymentInstruction.Builder b = PaymentInstruction.builder(l.odooPaymentId(), l.endToEndId(), creditor,
                    l.accountIsIban() ? AccountIdentification.iban(Iban.of(l.creditorAccount())) : AccountIdentification.other(l.creditorAccount()),
                    Money.of(new BigDecimal(l.amount()), v.currency()), v.executionDate())
                    .remittance(Remittance.unstructured(l.remittance()));
            if (l.creditorBic() != null && !l.creditorBic().isBlank()) {
                b.creditorBic(new Bic(l.creditorBic()));
            }
            if (v09) {
                int attempt = PaymentIds.parseEndToEndId(l.endToEndId()).map(PaymentIds.ParsedEndToEndId::attempt).orElse(1);
                b.uetr(PaymentIds.uetr(databaseTag, l.odooPaymentId(), attempt));
            }
            instructions.add(b.build());
        }
        return new PaymentBatch(PaymentIds.paymentInformationId(databaseTag, v.batchNumber(), 1), v.messageId(),
                Party.named(s.debtorName()), account(s.debtorIban()), Optional.empty(), v.executionDate(), Money.currency(v.currency()),
                instructions, OffsetDateTime.ofInstant(Instant.parse(s.creationTime()), ZoneOffset.UTC),
                sepa ? ChargeBearer.SLEV : ChargeBearer.SHAR, sepa ? ServiceLevel.SEPA : ServiceLevel.NONE, true);
    }

    /** The debtor account as the snapshot froze it: an IBAN, or another account number on profiles that allow one. */
    private static AccountIdentification account(String debtorAccount) {
        return Iban.isValid(debtorAccount) ? AccountIdentification.iban(Iban.of(debtorAccount)) : AccountIdentification.other(debtorAccount);
    }
}
