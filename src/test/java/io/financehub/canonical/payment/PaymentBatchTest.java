package io.financehub.canonical.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentBatchTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final Iban DEBTOR_IBAN = Iban.of("DE89370400440532013000");
    private static final Iban CREDITOR_IBAN = Iban.of("DE02120300000000202051");

    private static PaymentInstruction.Builder payment(long id, String amount, String currency) {
        return PaymentInstruction.builder(id, "E2E-" + id, Party.named("Supplier " + id),
                AccountIdentification.iban(CREDITOR_IBAN), Money.of(amount, currency), DAY);
    }

    private static PaymentBatch batch(String currency, ServiceLevel level, ChargeBearer bearer,
                                      PaymentInstruction... payments) {
        return new PaymentBatch("B-1", "M-1", Party.named("ACME GmbH"), DEBTOR_IBAN, Optional.empty(), DAY,
                Currency.getInstance(currency), List.of(payments), CREATED, bearer, level, true);
    }

    @Test
    void controlSumHasExactlyTheCurrencysMinorUnits() {
        PaymentBatch eur = batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV,
                payment(1, "7.5", "EUR").build(), payment(2, "10", "EUR").build(), payment(3, "0.01", "EUR").build());
        assertEquals(3, eur.numberOfTransactions());
        assertEquals(new BigDecimal("17.51"), eur.controlSum().amount());
        assertEquals(2, eur.controlSum().amount().scale());

        PaymentBatch jpy = batch("JPY", ServiceLevel.NONE, ChargeBearer.SHAR, payment(4, "125000", "JPY").build());
        assertEquals(new BigDecimal("125000"), jpy.controlSum().amount());
    }

    @Test
    void messageControlSumAddsEveryBatch() {
        PaymentBatch a = batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV, payment(1, "1.10", "EUR").build());
        PaymentBatch b = new PaymentBatch("B-2", "M-1", Party.named("ACME GmbH"), DEBTOR_IBAN, Optional.empty(), DAY,
                Currency.getInstance("EUR"), List.of(payment(2, "2.20", "EUR").build()), CREATED, ChargeBearer.SLEV,
                ServiceLevel.SEPA, true);
        PaymentMessage message = new PaymentMessage("M-1", CREATED, Party.named("ACME GmbH"), List.of(a, b));
        assertEquals(2, message.numberOfTransactions());
        assertEquals(new BigDecimal("3.30"), message.controlSum());
    }

    @Test
    void paymentInAnotherCurrencyIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch("EUR",
                ServiceLevel.NONE, ChargeBearer.SHAR, payment(1, "1.00", "EUR").build(), payment(2, "5.00", "USD").build()));
        assertTrue(e.getMessage().contains("payment 2") && e.getMessage().contains("USD"), e.getMessage());
    }

    @Test
    void paymentForAnotherDateIsRefused() {
        PaymentInstruction later = PaymentInstruction.builder(5, "E2E-5", Party.named("S"),
                AccountIdentification.iban(CREDITOR_IBAN), Money.of("1.00", "EUR"), DAY.plusDays(1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV, later));
        assertTrue(e.getMessage().contains("split it into its own batch"), e.getMessage());
    }

    @Test
    void sameEndToEndIdTwiceIsRefused() {
        PaymentInstruction a = payment(1, "1.00", "EUR").build();
        PaymentInstruction b = PaymentInstruction.builder(2, "E2E-1", Party.named("S"),
                AccountIdentification.iban(CREDITOR_IBAN), Money.of("1.00", "EUR"), DAY).build();
        assertThrows(IllegalArgumentException.class, () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV, a, b));
    }

    @Test
    void sepaRulesAreEnforced() {
        assertThrows(IllegalArgumentException.class,
                () -> batch("USD", ServiceLevel.SEPA, ChargeBearer.SLEV, payment(1, "1.00", "USD").build()));
        assertThrows(IllegalArgumentException.class,
                () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SHAR, payment(1, "1.00", "EUR").build()));
        PaymentInstruction noIban = PaymentInstruction.builder(3, "E2E-3", Party.named("S"),
                AccountIdentification.other("12345678"), Money.of("1.00", "EUR"), DAY).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV, noIban));
        assertTrue(e.getMessage().contains("needs the creditor's IBAN") && e.getMessage().contains("****5678"),
                e.getMessage());
        PaymentInstruction both = payment(4, "1.00", "EUR")
                .remittance(new Remittance(Optional.of("Invoice 1"), Optional.of("RF18539007547034"))).build();
        assertThrows(IllegalArgumentException.class, () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV, both));
        // outside SEPA the same payments are fine
        assertEquals(1, batch("EUR", ServiceLevel.NONE, ChargeBearer.SHAR, noIban).numberOfTransactions());
    }

    @Test
    void amountsMustBePositiveAndFitTheCurrency() {
        assertThrows(IllegalArgumentException.class, () -> payment(1, "0.00", "EUR").build());
        assertThrows(IllegalArgumentException.class, () -> payment(1, "-5.00", "EUR").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> payment(1, "1.005", "EUR").build());
        assertTrue(e.getMessage().contains("more decimals than EUR allows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> payment(1, "100.5", "JPY").build());
    }

    @Test
    void emptyBatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> batch("EUR", ServiceLevel.SEPA, ChargeBearer.SLEV));
    }

    @Test
    void uetrMustBeARandomUuid() {
        UUID nameBased = UUID.nameUUIDFromBytes(new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> payment(1, "1.00", "EUR").uetr(nameBased).build());
        assertEquals(Optional.of(new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0001L)),
                payment(1, "1.00", "EUR").uetr(new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0001L)).build().uetr());
    }

    @Test
    void addressRulesAndForms() {
        PostalAddress hybrid = PostalAddress.hybrid("Paris", "FR", "12 rue de l'Eglise", "Batiment C");
        assertTrue(hybrid.isHybrid());
        assertFalse(PostalAddress.structured("Hauptstr.", "1", "10115", "Berlin", "DE").isHybrid());
        assertThrows(IllegalArgumentException.class, () -> PostalAddress.hybrid("Paris", "FR", "a", "b", "c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostalAddress.structured("Hauptstr.", "1", "10115", "Berlin", "Germany"));
        assertTrue(e.getMessage().contains("ISO 3166"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostalAddress.structured("Hauptstr.", "1", "10115", " ", "DE"));
    }

    @Test
    void creditorAccountNeverPrintsInFull() {
        AccountIdentification account = AccountIdentification.iban(CREDITOR_IBAN);
        assertFalse(account.toString().contains("0000202051"));
        assertEquals("DE02120300000000202051", account.value());
    }

    @Test
    void iso11649ReferencesAreRecognised() {
        assertTrue(Remittance.isIso11649("RF18 5390 0754 7034"));
        assertTrue(Remittance.isIso11649("RF18539007547034"));
        assertFalse(Remittance.isIso11649("RF19539007547034"));
        assertFalse(Remittance.isIso11649("Invoice 42"));
    }
}
