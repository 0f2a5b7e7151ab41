package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SepaTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Müller & Söhne|Muller + Sohne",
        "Straße|Strasse",
        "Weiß Groß|Weiss Gross",
        "Æble Øresund|AEble Oresund",
        "æøå|aeoa",
        "Société Générale|Societe Generale",
        "Crème brûlée à la carte|Creme brulee a la carte",
        "Łódź|Lodz",
        "Œuvre Þór|OEuvre THor",
        "Čeština Ñandú|Cestina Nandu",
        "Αθήνα|Athena",
        "Москва|Moskva",
        "l'Église|l'Eglise",
        "\"Quoted\" name|'Quoted' name",
        "a_b~c|a-b-c",
        "[x] {y} <z>|(x) (y) (z)",
        "Hello; world!|Hello, world.",
        "50% off @ shop #1|50 off shop 1",
        "  many    spaces\there  |many spaces here",
        "Invoice 2026/042 - ok? (a:b), '+'.|Invoice 2026/042 - ok? (a:b), '+'.",
        "“Typographic” quotes – dash|'Typographic' quotes - dash",
        "Ĳssel Đakovo ħal|IJssel Dakovo hal",
        "Zürich\u00A0AG|Zurich AG"
    })
    void transliteratesToTheSepaCharacterSet(String input, String expected) {
        String sepa = SepaText.transliterate(input);
        assertEquals(expected, sepa);
        assertTrue(SepaText.isSepa(sepa), sepa);
    }

    @Test
    void textAlreadyInTheSetIsReturnedUnchanged() {
        String text = "ACME Handels GmbH 12-34/5";
        assertEquals(text, SepaText.transliterate(text));
    }

    @Test
    void fitCutsToTheElementLengthWithoutATrailingSpace() {
        String name = "Müller " + "x".repeat(62) + " Söhne";
        String fitted = SepaText.fit(name, SepaText.NAME);
        assertTrue(fitted.length() <= SepaText.NAME);
        assertFalse(fitted.endsWith(" "));
        assertTrue(fitted.startsWith("Muller x"));
        assertEquals(SepaText.NAME - 1, SepaText.fit("a".repeat(69) + " b", SepaText.NAME).length());
    }

    @Test
    void expansionByTransliterationIsStillCutToTheLimit() {
        String name = "ß".repeat(40);
        assertEquals("s".repeat(SepaText.NAME), SepaText.fit(name, SepaText.NAME));
    }

    @Test
    void nothingRepresentableGivesAnEmptyString() {
        assertEquals("", SepaText.transliterate("☺☺ ☺"));
        assertEquals("", SepaText.transliterate(null));
    }

    @Test
    void sepaCharacterSetIsExactlyTheEpcBasicSet() {
        for (char c = 0; c < 128; c++) {
            boolean expected = Character.isLetterOrDigit(c) || "/-?:().,'+ ".indexOf(c) >= 0;
            assertEquals(expected, SepaText.isSepaChar(c), "character " + (int) c + " '" + c + "'");
        }
        assertFalse(SepaText.isSepaChar('é'));
        assertFalse(SepaText.isSepaChar('&'));
    }
}
