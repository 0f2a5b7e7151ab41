package io.financehub.formats.mt940;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mt940StatementReaderTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    private static final String GERMAN = String.join("\r\n",
            ":20:STARTUMSE",
            ":25:10020030/1234567",
            ":28C:00042/001",
            ":60F:C240228EUR1000,00",
            ":61:2403010301DR25,50NDDTNONREF//BANK-4711",
            ":86:105?00SEPA-BASISLASTSCHRIFT?109310?20EREF+INV-2024-0042?21MREF+MANDATE-17?22CRED+DE98ZZZ09999999999?23SVWZ+Stromrechnung Maerz 20",
            "24 Kunde 8812?30COBADEFFXXX?31DE89370400440532013000?32Stadtwerke Muster?33stadt GmbH",
            ":61:2403010301CR100,00NTRFNONREF//BANK-4712",
            ":86:166?00SEPA-GUTSCHRIFT?20SVWZ+Rechnung 17?32Kunde AG",
            ":62F:C240301EUR1074,50",
            "-");

    private static final String DUTCH = String.join("\n",
            "{1:F01INGBNL2ABXXX0000000000}",
            "{2:I940INGBNL2AXXXN}",
            "{4:",
            ":20:P240301000000001",
            ":25:NL69INGB0123456789EUR",
            ":28C:00001",
            ":60F:C240229EUR500,00",
            ":61:2403010301D12,75NTRFEREF//00000000001010",
            "/TRCD/01000/",
            ":86:/EREF/E2E-0001//CNTP/NL91ABNA0417164300/ABNANL2A/Jansen BV/Amsterdam",
            "//REMI/USTD//Factuur 2024-17 klant 889/",
            ":61:2403010301RD40,00NTRFNONREF//00000000001011",
            ":86:/RTRN/MD06/EREF/E2E-0002/IBAN/NL91ABNA0417164300/NAME/Jansen BV/REMI/Terugboeking/",
            ":62F:C240301EUR527,25",
            "-}");

    private static List<BankStatement> read(String text) {
        return Mt940StatementReader.read(text.getBytes(StandardCharsets.UTF_8), "test.sta", Optional.empty(), CP1252);
    }

    @Test
    void germanStructuredFieldSixtySixIsSplitIntoItsSubfieldsAndSepaKeys() {
        BankStatement s = read(GERMAN).get(0);
        assertEquals("MT940", s.header().format());
        assertEquals("10020030/1234567", s.account().identifier());
        assertEquals(Optional.of("00042"), s.header().electronicSequenceNumber());
        assertEquals(Optional.of("001"), s.header().legalSequenceNumber());
        StatementLine debit = s.lines().get(0);
        assertEquals(0, new BigDecimal("-25.50").compareTo(debit.amount().amount()));
        assertEquals(Optional.of("BANK-4711"), debit.bankReference());
        assertEquals(Optional.of("INV-2024-0042"), debit.endToEndId());
        assertEquals(Optional.of("MANDATE-17"), debit.mandateId());
        assertEquals(Optional.of("Stromrechnung Maerz 2024 Kunde 8812"), debit.remittanceUnstructured());
        assertEquals(Optional.of("Stadtwerke Musterstadt GmbH"), debit.counterpartyName());
        assertEquals("DE89370400440532013000", debit.counterpartyAccount().orElseThrow().identifier());
        assertEquals("COBADEFFXXX", debit.counterpartyBic().orElseThrow().value());
        assertEquals(Optional.of("105"), debit.transactionCode().proprietaryCode());
        assertEquals(Optional.of("SEPA-BASISLASTSCHRIFT"), debit.additionalInfo());
        assertEquals(LocalDate.of(2024, 3, 1), debit.bookingDate());
        assertEquals(Optional.of("Kunde AG"), s.lines().get(1).counterpartyName());
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void dutchStructuredFieldSixtySixIsSplitIntoItsKeysAndReversalRdIsACredit() {
        BankStatement s = read(DUTCH).get(0);
        assertEquals("NL69INGB0123456789", s.account().identifier(), "ING's currency suffix is not part of the account");
        StatementLine first = s.lines().get(0);
        assertEquals(Optional.of("E2E-0001"), first.endToEndId());
        assertEquals(Optional.of("Jansen BV"), first.counterpartyName());
        assertEquals("NL91ABNA0417164300", first.counterpartyAccount().orElseThrow().identifier());
        assertEquals("ABNANL2A", first.counterpartyBic().orElseThrow().value());
        assertEquals(Optional.of("Factuur 2024-17 klant 889"), first.remittanceUnstructured());
        assertEquals(Optional.of("/TRCD/01000/"), first.additionalInfo(), "the :61: supplementary line is kept");
        StatementLine reversal = s.lines().get(1);
        assertTrue(reversal.reversal());
        assertEquals(0, new BigDecimal("40.00").compareTo(reversal.amount().amount()), "RD (reversal of a debit) is a credit");
        assertEquals(Optional.of("MD06"), reversal.returnReason());
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void multiStatementFileWithContinuationPagesGivesOneStatementPerTwentyTag() {
        String pages = String.join("\n",
                ":20:PAGE1", ":25:DE89370400440532013000", ":28C:7/1", ":60F:C240301EUR10,00",
                ":61:240301C5,00NTRFNONREF", ":86:first", ":62M:C240301EUR15,00", "-",
                ":20:PAGE2", ":25:DE89370400440532013000", ":28C:7/2", ":60M:C240301EUR15,00",
                ":61:240301D2,50NTRFNONREF", ":86:second", ":62F:C240301EUR12,50", ":64:C240301EUR12,50", "-");
        List<BankStatement> statements = read(pages);
        assertEquals(2, statements.size());
        assertEquals("60M", statements.get(1).header().openingBalance().orElseThrow().typeCode());
        assertEquals("62M", statements.get(0).header().closingBalance().orElseThrow().typeCode());
        assertEquals(1, statements.get(1).header().availableBalances().size());
        assertEquals(Optional.of("first"), statements.get(0).lines().get(0).remittanceUnstructured());
        statements.forEach(s -> assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError)));
    }

    @Test
    void truncatedFileIsRejectedNamingTheLastLine() {
        String cut = GERMAN.substring(0, GERMAN.indexOf(":61:2403010301CR"));
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(cut));
        assertEquals(StatementFormatException.Code.TRUNCATED, e.code());
        assertEquals(7, e.location().line().getAsInt());
        assertTrue(e.getMessage().contains("test.sta line 7"), e.getMessage());
        assertEquals("TRUNCATED", e.details().get("code"));
        assertEquals(java.util.Map.of("file", "test.sta", "line", 7, "path", "statement 1"), e.details().get("location"));
    }

    @Test
    void cutInsideATagIsRejectedNamingTheTag() {
        String cut = ":20:X\n:25:DE89370400440532013000\n:60F:C240301EUR10,00\n:61:2403";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(cut));
        assertEquals(Optional.of("statement 1 :61:"), e.location().path());
        assertEquals(4, e.location().line().getAsInt());
    }

    @Test
    void windows1252UmlautsAndEuroDecode() {
        String text = ":20:X\r\n:25:DE89370400440532013000\r\n:60F:C240301EUR10,00\r\n:61:240301C5,00NTRFNONREF\r\n"
                + ":86:166?20Gebühr 5 € Müller\r\n:62F:C240301EUR15,00\r\n-";
        BankStatement s = Mt940StatementReader.read(text.getBytes(CP1252), "cp.sta", Optional.empty(), CP1252).get(0);
        assertEquals(Optional.of("Gebühr 5 € Müller"), s.lines().get(0).remittanceUnstructured());
    }

    @Test
    void iso885915EuroDecodesWhenDeclared() {
        String text = ":20:X\n:25:DE89370400440532013000\n:60F:C240301EUR10,00\n:61:240301C5,00NTRFNONREF\n:86:Preis 5 €\n:62F:C240301EUR15,00\n-";
        Charset latin9 = Charset.forName("ISO-8859-15");
        BankStatement s = Mt940StatementReader.read(text.getBytes(latin9), "l9.sta", Optional.of(latin9), CP1252).get(0);
        assertEquals(Optional.of("Preis 5 €"), s.lines().get(0).remittanceUnstructured());
    }

    @Test
    void swiftFramingBytesAreIgnored() {
        String framed = "\u0001{1:F01BANKDEFFAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:\r\n:20:X\r\n:25:DE89370400440532013000\r\n"
                + ":60F:C240301EUR10,00\r\n:62F:C240301EUR10,00\r\n-}\u0003";
        BankStatement s = read(framed).get(0);
        assertTrue(s.lines().isEmpty());
        assertFalse(new StatementValidator().validate(s).stream().anyMatch(ValidationProblem::isError));
    }

    @Test
    void originalAmountAndChargesOfTheSupplementaryLineAreKept() {
        String text = ":20:X\n:25:DE89370400440532013000\n:60F:C240301EUR100,00\n:61:2403010301D12,35NRTIKREF+//2016021783252833\n"
                + "/OCMT/USD13,10//CHGS/EUR0,50/\n:86:109?00RETOURE\n:62F:C240301EUR87,65\n-";
        StatementLine line = read(text).get(0).lines().get(0);
        assertEquals("USD", line.originalAmount().orElseThrow().currencyCode());
        assertEquals(0, new BigDecimal("-13.10").compareTo(line.originalAmount().orElseThrow().amount()));
        assertEquals(0, new BigDecimal("0.50").compareTo(line.charges().get(0).amount().amount()));
    }

    @Test
    void errorMessagesNeverQuoteAFullAccountNumber() {
        String text = ":20:X\n:25:DE89370400440532013000\n:60F:C240301EUR10,00\n:61:240301X5,00NTRFNONREF DE89370400440532013000\n:62F:C240301EUR10,00\n-";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(text));
        assertFalse(e.getMessage().contains("DE89370400440532013000"), e.getMessage());
        assertTrue(e.getMessage().contains("test.sta line 4"), e.getMessage());
    }

    @Test
    void tagBeforeTheStatementReferenceIsRejected() {
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(":25:X\n:20:Y\n"));
        assertEquals(1, e.location().line().getAsInt());
    }

    // ---- the field grammar (issue #22) -----------------------------------------------------------------------

    private static String statement(String opening, String line61, String closing) {
        return String.join("\n", ":20:REF", ":25:DE89370400440532013000", ":28C:1/1", ":60F:" + opening,
                line61 == null ? ":86:x" : ":61:" + line61, ":62F:" + closing, "-");
    }

    private static StatementFormatException refused(String text) {
        return assertThrows(StatementFormatException.class, () -> read(text));
    }

    @Test
    void lineAmountOfTwentyOneDigitsIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301C123456789012345678901,00NTRFNONREF", "C240301EUR0,00"));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code());
        assertTrue(e.reason().contains("has 24 characters; MT940 amounts have at most 15"), e.reason());
        assertEquals(Optional.of("statement 1 :61:"), e.location().path());
        assertEquals(5, e.location().line().getAsInt());
    }

    @Test
    void balanceAmountOfSixteenCharactersIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR1234567890123,45", null, "C240301EUR1234567890123,45"));
        assertTrue(e.reason().contains("of :60F: has 16 characters"), e.reason());
    }

    @Test
    void amountWithADecimalPointIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301C100.00NTRFNONREF", "C240301EUR100,00"));
        assertTrue(e.reason().contains("'100.00'") && e.reason().contains("decimal point"), e.reason());
    }

    @Test
    void amountWithAMinusSignIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301D-100,00NTRFNONREF", "C240301EUR100,00"));
        assertTrue(e.reason().contains("'-100,00'") && e.reason().contains("has a sign"), e.reason());
        StatementFormatException balance = refused(statement("C240301EUR-5,00", null, "C240301EUR5,00"));
        assertTrue(balance.reason().contains("has a sign"), balance.reason());
    }

    @Test
    void amountWithoutTheDecimalCommaIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301C500NTRFNONREF", "C240301EUR500,00"));
        assertTrue(e.reason().contains("has no decimal comma"), e.reason());
    }

    @Test
    void debitCreditMarkXInTheOpeningBalanceIsRefused() {
        StatementFormatException e = refused(statement("X240301EUR10,00", null, "C240301EUR10,00"));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code());
        assertTrue(e.reason().contains("debit/credit mark 'X' of :60F: is not C (credit) or D (debit)"), e.reason());
        assertEquals(Optional.of("statement 1 :60F:"), e.location().path());
    }

    @Test
    void lineWithoutAValidDebitCreditMarkIsRefused() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301X5,00NTRFNONREF", "C240301EUR5,00"));
        assertTrue(e.reason().contains("mark is missing or not C, D, RC or RD"), e.reason());
    }

    @Test
    void statementWithoutItsOpeningBalanceIsRefused() {
        String text = String.join("\n", ":20:REF", ":25:DE89370400440532013000", ":61:240301C5,00NTRFNONREF", ":62F:C240301EUR5,00", "-");
        assertTrue(refused(text).reason().contains("before the opening balance"));
        String noLines = String.join("\n", ":20:REF", ":25:DE89370400440532013000", ":62F:C240301EUR5,00", "-");
        assertTrue(refused(noLines).reason().contains("no opening balance"));
    }

    @Test
    void balancesAndLinesAfterTheClosingBalanceAreRefused() {
        String line = String.join("\n", ":20:REF", ":25:DE89370400440532013000", ":60F:C240301EUR0,00", ":62F:C240301EUR0,00",
                ":61:240301C5,00NTRFNONREF", "-");
        assertTrue(refused(line).reason().contains("follows the statement's closing balance"));
        String twice = String.join("\n", ":20:REF", ":25:DE89370400440532013000", ":60F:C240301EUR0,00", ":60F:C240301EUR9,00",
                ":62F:C240301EUR0,00", "-");
        assertTrue(refused(twice).reason().contains("second opening balance"));
    }

    @Test
    void leadingZerosSomeBanksPadBalancesWithAreTolerated() {
        BankStatement s = read(statement("C240301EUR0000000001000,89", "240301C10,00NTRFNONREF", "C240301EUR0000000001010,89")).get(0);
        assertEquals(0, new BigDecimal("1010.89").compareTo(s.header().closingBalance().orElseThrow().amount().amount()));
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void overlongBankReferenceIsRefusedNotCut() {
        StatementFormatException e = refused(statement("C240301EUR0,00", "240301C5,00NTRFNONREF//" + "B".repeat(17), "C240301EUR5,00"));
        assertTrue(e.reason().contains("bank reference (:61: after //, 16x) has 17 characters"), e.reason());
    }

    @Test
    void overlongTextsAreCutWithAWarning() {
        String text = String.join("\n", ":20:" + "R".repeat(40), ":25:DE89370400440532013000", ":60F:C240301EUR0,00",
                ":61:240301C5,00NTRFNONREF", ":86:" + "Remittance ".repeat(100), ":62F:C240301EUR5,00", "-");
        try (StatementCursor cursor = Mt940StatementReader.open(text.getBytes(StandardCharsets.UTF_8), "long.sta", Optional.empty(), CP1252)) {
            BankStatement s = cursor.readAll().get(0);
            assertEquals("R".repeat(16), s.header().statementId(), ":20: is 16x");
            assertEquals(390, s.lines().get(0).remittanceUnstructured().orElseThrow().length(), ":86: is 6*65x");
            List<ValidationProblem> warnings = cursor.warnings();
            assertEquals(List.of(ValidationProblem.Code.TEXT_SHORTENED, ValidationProblem.Code.TEXT_SHORTENED),
                    warnings.stream().map(ValidationProblem::code).toList(), warnings.toString());
            assertTrue(warnings.get(1).message().contains(":86: text (6*65x)"), warnings.get(1).message());
            assertEquals(5, warnings.get(1).location().line().getAsInt());
        }
    }
}
