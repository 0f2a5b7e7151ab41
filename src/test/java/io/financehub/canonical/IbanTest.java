package io.financehub.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** IBANs as the registry (iban4j) knows them, with the hub's own rules on top: the reason a person can act on. */
class IbanTest {

    /** The two check digits that make {@code country + "00" + bban} a valid IBAN (ISO 7064 mod 97-10). */
    static String withCheckDigits(String country, String bban) {
        String rearranged = bban + country + "00";
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.digit(c, 36));
        }
        int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    @Test
    void validIbansOfRegistryCountriesWithOrWithoutSpaces() {
        for (String iban : new String[] {"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819",
                "NL91ABNA0417164300", "FR1420041010050500013M02606", "de89370400440532013000"}) {
            assertNull(Iban.problem(iban), iban);
        }
        assertEquals("DE89370400440532013000", Iban.of("DE89 3704 0044 0532 0130 00").value());
    }

    @Test
    void theReasonNamesWhatIsWrong() {
        assertEquals("a DE IBAN has 22 characters, this one has 21", Iban.problem("DE8937040044053201300"));
        assertEquals("the check digits do not match (mod-97)", Iban.problem("DE88370400440532013000"));
        String lettersInAGermanAccount = withCheckDigits("DE", "37040044053201300A");
        assertTrue(Iban.problem(lettersInAGermanAccount).startsWith("its account part is not in the form of a DE IBAN"),
                Iban.problem(lettersInAGermanAccount));
        assertEquals("it must be 2 letters, 2 check digits and 11 to 30 letters or digits", Iban.problem("1234"));
        assertEquals("it is empty", Iban.problem(" "));
    }

    @Test
    void aCountryTheRegistryDoesNotListIsCheckedByItsCheckDigits() {
        String unlisted = withCheckDigits("ZZ", "1234567890123");
        assertNull(Iban.problem(unlisted), unlisted);
        assertFalse(Iban.isValid("ZZ00" + unlisted.substring(4)));
    }

    @Test
    void anInvalidIbanIsRefusedMaskedAndAValidOneNeverPrintsWhole() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Iban.of("DE88370400440532013000"));
        assertFalse(e.getMessage().contains("370400440532013000"), e.getMessage());
        assertFalse(Iban.of("DE89370400440532013000").toString().contains("0532013000"));
    }
}
