package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentIdsTest {

    @Test
    void endToEndIdsAreUniqueShortSepaSafeAndParseBackAcross100000Payments() {
        Set<String> seen = new HashSet<>();
        Set<UUID> uetrs = new HashSet<>();
        for (long id = 1; id <= 100_000; id++) {
            String e2e = PaymentIds.endToEndId("ACME", id);
            assertTrue(seen.add(e2e), "duplicate " + e2e);
            assertTrue(e2e.length() <= 35, e2e);
            assertTrue(SepaText.isSepa(e2e) && !e2e.startsWith("/") && !e2e.contains("//"), e2e);
            assertEquals(id, PaymentIds.parseEndToEndId(e2e).orElseThrow().odooPaymentId());
            UUID uetr = PaymentIds.uetr("ACME", id, 1);
            assertEquals(4, uetr.version());
            assertTrue(uetrs.add(uetr), "duplicate UETR " + uetr);
        }
    }

    @Test
    void longestPossibleIdsStayWithin35Characters() {
        String e2e = PaymentIds.endToEndId("ABCDEFGH", 9_999_999_999L, 9999);
        assertTrue(e2e.length() <= 35, e2e + " has " + e2e.length());
        assertEquals(new PaymentIds.ParsedEndToEndId("ABCDEFGH", 9_999_999_999L, 9999),
                PaymentIds.parseEndToEndId(e2e).orElseThrow());
        assertTrue(PaymentIds.messageId("ABCDEFGH", PaymentIds.MAX_BATCH_NUMBER).length() <= 35);
        assertTrue(PaymentIds.paymentInformationId("ABCDEFGH", PaymentIds.MAX_BATCH_NUMBER, 999).length() <= 35);
        assertThrows(IllegalArgumentException.class, () -> PaymentIds.messageId("ACME", Long.MAX_VALUE));
    }

    @Test
    void sameInputGivesTheSameIds() {
        assertEquals(PaymentIds.endToEndId("ACME", 4711), PaymentIds.endToEndId("ACME", 4711));
        assertEquals(PaymentIds.messageId("ACME", 41), PaymentIds.messageId("ACME", 41));
        assertEquals(PaymentIds.uetr("ACME", 4711, 1), PaymentIds.uetr("ACME", 4711, 1));
    }

    @Test
    void resendAttemptGetsANewIdThatStillNamesThePayment() {
        String first = PaymentIds.endToEndId("ACME", 4711, 1);
        String second = PaymentIds.endToEndId("ACME", 4711, 2);
        assertNotEquals(first, second);
        assertTrue(second.startsWith("FH-ACME-P4711R2-"), second);
        assertEquals(new PaymentIds.ParsedEndToEndId("ACME", 4711, 2), PaymentIds.parseEndToEndId(second).orElseThrow());
    }

    @Test
    void paymentInformationIdNamesItsBatchAndOnlyOurOwnFormIsRecognised() {
        String id = PaymentIds.paymentInformationId("ACME", 41, 1);
        assertEquals(new PaymentIds.ParsedPaymentInformationId("ACME", 41, 1), PaymentIds.parsePaymentInformationId(id).orElseThrow());
        assertEquals(new PaymentIds.ParsedPaymentInformationId("ABCDEFGH", PaymentIds.MAX_BATCH_NUMBER, 999), PaymentIds
                .parsePaymentInformationId(PaymentIds.paymentInformationId("ABCDEFGH", PaymentIds.MAX_BATCH_NUMBER, 999)).orElseThrow());
        for (String other : new String[] {"FH-ACME-B041-1", "FH-ACME-B41-01", "FH-ACME-B0-1", "FH-ACME-B41-0", "FH-acme-B41-1",
                "PMTINF-2026-11", "FH-ACME-M41-ABCD", "", "FH-ACME-B41-1-X"}) {
            assertTrue(PaymentIds.parsePaymentInformationId(other).isEmpty(), other);
        }
        assertTrue(PaymentIds.parsePaymentInformationId(null).isEmpty());
    }

    @Test
    void foreignOrTamperedReferencesAreNotTakenForOurs() {
        String ours = PaymentIds.endToEndId("ACME", 4711);
        String tampered = ours.replace("P4711", "P4712");
        assertEquals(Optional.empty(), PaymentIds.parseEndToEndId(tampered));
        assertEquals(Optional.empty(), PaymentIds.parseEndToEndId("NOTPROVIDED"));
        assertEquals(Optional.empty(), PaymentIds.parseEndToEndId("INV-2026-0042"));
        assertEquals(Optional.empty(), PaymentIds.parseEndToEndId(null));
    }

    @Test
    void databaseTagsAreShortStableAndKeepDatabasesApart() {
        assertEquals("ODOO17", PaymentIds.databaseTag("ODOO17"));
        String prod = PaymentIds.databaseTag("finance_prod_2024");
        String test = PaymentIds.databaseTag("finance_test");
        assertTrue(prod.matches("[A-Z0-9]{1,8}"), prod);
        assertNotEquals(prod, test);
        assertEquals(prod, PaymentIds.databaseTag("finance_prod_2024"));
        assertThrows(IllegalArgumentException.class, () -> PaymentIds.databaseTag(" "));
    }

    @Test
    void invalidInputsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaymentIds.endToEndId("acme-prod", 1));
        assertTrue(e.getMessage().contains("databaseTag"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PaymentIds.endToEndId("ACME", 0));
        assertThrows(IllegalArgumentException.class, () -> PaymentIds.paymentInformationId("ACME", 1, 0));
    }
}
