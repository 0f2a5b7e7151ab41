package io.financehub.formats.pain;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.canonical.payment.AccountIdentification;
import io.financehub.canonical.payment.ChargeBearer;
import io.financehub.canonical.payment.Party;
import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentInstruction;
import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.canonical.payment.PostalAddress;
import io.financehub.canonical.payment.Remittance;
import io.financehub.canonical.payment.ServiceLevel;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/** Payment batches used by the pain tests: realistic parties, valid IBANs, deterministic content. */
final class PaymentFixtures {

    static final String TAG = "ACME";
    static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 20, 9, 30, 0, 0, ZoneOffset.ofHours(1));
    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY_2 = LocalDate.of(2026, 11, 24);
    static final Currency EUR = Currency.getInstance("EUR");

    private PaymentFixtures() {
    }

    static Party debtor() {
        return Party.of("ACME Handels GmbH", PostalAddress.structured("Hauptstraße", "12", "10115", "Berlin", "DE"));
    }

    /** Two debtor groups (two accounts, two dates): German, French with accents, ß and & in names. */
    static PaymentMessage twoDebtorMessage() {
        PaymentBatch first = new PaymentBatch(PaymentIds.paymentInformationId(TAG, 41, 1), PaymentIds.messageId(TAG, 41),
                debtor(), Iban.of("DE89370400440532013000"), Optional.of(new Bic("COBADEFFXXX")), DAY_1, EUR,
                List.of(
                        payment(1001, "Müller & Söhne Maschinenbau KG",
                                PostalAddress.structured("Königsallee", "92a", "40212", "Düsseldorf", "DE"),
                                "DE02120300000000202051", null, "1250.00", Remittance.unstructured("Rechnung 2026-114 / Kunde 77")),
                        payment(1002, "Straßenbau Weiß GmbH",
                                PostalAddress.structured("Große Straße", "5", "20095", "Hamburg", "DE"),
                                "DE02500105170137075030", "INGDDEFFXXX", "99.99",
                                Remittance.creditorReference("RF18 5390 0754 7034")),
                        payment(1003, "Société Générale d'Électricité & Cie",
                                PostalAddress.hybrid("Paris", "FR", "12 rue de l'Église", "Bâtiment Ç, 3e étage")
                                        .withPostCode("75001"),
                                "FR1420041010050500013M02606", "BNPAFRPPXXX", "7.5",
                                Remittance.unstructured("Facture n° 2026/042 – électricité"))),
                CREATED, ChargeBearer.SLEV, ServiceLevel.SEPA, true);
        PaymentBatch second = new PaymentBatch(PaymentIds.paymentInformationId(TAG, 41, 2), PaymentIds.messageId(TAG, 41),
                debtor(), Iban.of(germanIban("37050299", 684712)), Optional.empty(), DAY_2, EUR,
                List.of(
                        payment(1004, "Crème Brûlée Pâtisserie SARL",
                                PostalAddress.structured("Avenue des Champs-Élysées", "101", "75008", "Paris", "FR"),
                                "FR7630006000011234567890189", null, "310.20", Remittance.NONE, DAY_2),
                        payment(1005, "Jürgen Groß",
                                PostalAddress.structured("Ölmühlenweg", "3", "80331", "München", "DE"),
                                "DE75512108001245126199", null, "0.01", Remittance.unstructured("Erstattung"), DAY_2)),
                CREATED, ChargeBearer.SLEV, ServiceLevel.SEPA, false);
        return new PaymentMessage(PaymentIds.messageId(TAG, 41), CREATED, debtor(), List.of(first, second));
    }

    static PaymentInstruction payment(long odooId, String name, PostalAddress address, String iban, String bic,
                                      String amount, Remittance remittance) {
        return payment(odooId, name, address, iban, bic, amount, remittance, DAY_1);
    }

    static PaymentInstruction payment(long odooId, String name, PostalAddress address, String iban, String bic,
                                      String amount, Remittance remittance, LocalDate day) {
        PaymentInstruction.Builder b = PaymentInstruction.builder(odooId, PaymentIds.endToEndId(TAG, odooId),
                Party.of(name, address), AccountIdentification.iban(Iban.of(iban)), Money.of(amount, "EUR"), day)
                .remittance(remittance);
        if (bic != null) {
            b.creditorBic(new Bic(bic));
        }
        return b.build();
    }

    /** A German IBAN with correct check digits for a bank code and account number. */
    static String germanIban(String bankCode, long account) {
        String bban = bankCode + String.format("%010d", account);
        String numeric = bban + "131400"; // "DE00" as digits: D=13, E=14
        int check = 98 - new BigInteger(numeric).mod(BigInteger.valueOf(97)).intValue();
        return "DE" + String.format("%02d", check) + bban;
    }

    /** One SEPA batch of {@code count} payments with varied names, structured addresses and remittance. */
    static PaymentBatch largeBatch(int count) {
        String[] names = {"Müller & Söhne KG", "Straßenbau Weiß GmbH", "Société d'Électricité", "Jürgen Groß",
            "Crème Brûlée SARL", "Øresund Æble ApS", "Nordic Supplies AB", "Łódź Trading Sp. z o.o."};
        List<PaymentInstruction> payments = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String name = names[i % names.length] + " " + i;
            PostalAddress address = PostalAddress.structured("Lieferantenstraße", Integer.toString(i % 300 + 1),
                    String.format("%05d", 10000 + i % 89999), "Berlin", "DE");
            payments.add(PaymentInstruction.builder(i, PaymentIds.endToEndId(TAG, i), Party.of(name, address),
                            AccountIdentification.iban(Iban.of(germanIban("37040044", 1_000_000L + i))),
                            Money.of(String.valueOf(i % 5000) + "." + String.format("%02d", i % 100), "EUR")
                                    .plus(Money.of("1.00", "EUR")),
                            DAY_1)
                    .remittance(Remittance.unstructured("Rechnung RE-" + i + " vom 01.11.2026"))
                    .uetr(PaymentIds.uetr(TAG, i, 1))
                    .build());
        }
        return new PaymentBatch(PaymentIds.paymentInformationId(TAG, 7, 1), PaymentIds.messageId(TAG, 7), debtor(),
                Iban.of("DE89370400440532013000"), Optional.of(new Bic("COBADEFFXXX")), DAY_1, EUR, payments, CREATED,
                ChargeBearer.SLEV, ServiceLevel.SEPA, true);
    }
}
