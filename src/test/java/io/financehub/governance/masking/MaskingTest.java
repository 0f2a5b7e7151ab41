package io.financehub.governance.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private final Masking masking = new Masking(List.of("s3cr3t-api-key", "pw"));

    @Test
    void validIbansAreMaskedInBothNotations() {
        assertEquals("posted to DE****************3000 today", masking.mask("posted to DE89370400440532013000 today"));
        assertEquals("account DE****************3000 EUR", masking.mask("account DE89 3704 0044 0532 0130 00 EUR"));
        assertEquals("FR*********************2606", masking.mask("FR1420041010050500013M02606"));
    }

    @Test
    void invalidIbanLookalikesAndOrdinaryNumbersStay() {
        assertEquals("order PO2024-000123 amount 1234.56 on 2026-11-22", masking.mask("order PO2024-000123 amount 1234.56 on 2026-11-22"));
    }

    /** Odoo's date and time (a webhook's write_date, seen masked in a log line) is no account number. */
    @Test
    void aDateAndTimeStaysButDigitsGroupedLikeOneBeforeAColonAreMasked() {
        assertEquals("announced 2026-12-06 14:07:32.496336", masking.mask("announced 2026-12-06 14:07:32.496336"));
        assertFalse(masking.mask("account 1234-5678-90: closed").contains("1234-5678-90"));
    }

    @Test
    void longAccountNumbersAndSecretsAreMasked() {
        assertEquals("account *****6789", masking.mask("account 000123456789".replace("000123456789", "123456789")));
        assertFalse(masking.mask("us account 000123456789").contains("000123456789"));
        assertEquals("key **** used", masking.mask("key s3cr3t-api-key used"));
        assertEquals("pw stays: too short to be a configured secret", masking.mask("pw stays: too short to be a configured secret"));
    }
}
