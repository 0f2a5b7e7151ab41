package io.financehub.formats.csv;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.TestLayouts;
import io.financehub.formats.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvStatementReaderTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final CsvStatementReader READER = CsvStatementReader.standalone();

    private static BankStatement read(String csv, CsvLayout layout, Charset encoding) {
        return READER.read(csv.getBytes(encoding), "export.csv", layout, CP1252);
    }

    private static Map<String, Object> germanLayout() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", "test-bank");
        m.put("charset", "ISO-8859-15");
        m.put("delimiter", ";");
        m.put("skip-lines", 2);
        m.put("ignore-lines", List.of("^Summe"));
        m.put("account", Map.of("metadata", "^Konto;(\\S+)"));
        m.put("currency", Map.of("fixed", "EUR"));
        m.put("columns", new HashMap<>(Map.of("booking-date", "Buchungstag", "value-date", 2, "amount", "Betrag",
                "counterparty-name", "Name", "remittance", List.of("Zweck 1", "Zweck 2"), "balance", "Saldo")));
        m.put("date-formats", List.of("dd.MM.yyyy", "dd.MM.yy"));
        m.put("decimal-separator", ",");
        m.put("grouping-separator", ".");
        return m;
    }

    @Test
    void singleSignedAmountColumnWithMetadataAccountAndRunningBalance() {
        String csv = "Konto;DE89370400440532013000\nExport vom 01.03.2024\n"
                + "Buchungstag;Valuta;Name;Zweck 1;Zweck 2;Betrag;Saldo\n"
                + "01.03.2024;02.03.24;Müller;Miete;März;-1.200,00;8.800,00\n"
                + "\n"
                + "01.03.2024;01.03.2024;\"Kunde; AG\";Rechnung 5 €;;250,50;9.050,50\n"
                + "Summe;;;;;-949,50;\n";
        BankStatement s = read(csv, CsvLayout.fromMap(germanLayout()), Charset.forName("ISO-8859-15"));
        assertEquals("csv:test-bank", s.header().format());
        assertEquals("DE89370400440532013000", s.account().identifier());
        assertEquals(2, s.lines().size());
        StatementLine rent = s.lines().get(0);
        assertEquals(0, new BigDecimal("-1200.00").compareTo(rent.amount().amount()));
        assertEquals(LocalDate.of(2024, 3, 2), rent.valueDate());
        assertEquals(Optional.of("Müller"), rent.counterpartyName());
        assertEquals(Optional.of("Miete März"), rent.remittanceUnstructured(), "several remittance columns are joined");
        assertEquals(4, rent.location().line().getAsInt());
        StatementLine income = s.lines().get(1);
        assertEquals(Optional.of("Kunde; AG"), income.counterpartyName(), "a quoted delimiter stays in the field");
        assertEquals(Optional.of("Rechnung 5 €"), income.remittanceUnstructured());
        assertEquals(6, income.location().line().getAsInt());
        assertEquals(0, new BigDecimal("10000.00").compareTo(s.header().openingBalance().orElseThrow().amount().amount()));
        assertEquals(0, new BigDecimal("9050.50").compareTo(s.header().closingBalance().orElseThrow().amount().amount()));
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void utf8WithByteOrderMarkIsReadDespiteADeclaredSingleByteCharset() {
        String csv = "\uFEFFKonto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Zweck 2;Betrag;Saldo\n"
                + "01.03.2024;01.03.2024;Bäckerei;Brötchen 3 €;;-3,00;97,00\n";
        BankStatement s = read(csv, CsvLayout.fromMap(germanLayout()), StandardCharsets.UTF_8);
        assertEquals(Optional.of("Bäckerei"), s.lines().get(0).counterpartyName());
        assertEquals(Optional.of("Brötchen 3 €"), s.lines().get(0).remittanceUnstructured());
        assertEquals("DE89370400440532013000", s.account().identifier());
    }

    @Test
    void separateDebitAndCreditColumns() {
        Map<String, Object> m = germanLayout();
        @SuppressWarnings("unchecked") Map<String, Object> cols = (Map<String, Object>) m.get("columns");
        cols.remove("amount");
        cols.put("debit", "Soll");
        cols.put("credit", "Haben");
        String csv = "Konto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Zweck 2;Soll;Haben;Saldo\n"
                + "01.03.2024;01.03.2024;A;x;;12,00;;88,00\n01.03.2024;01.03.2024;B;y;;;30,00;118,00\n";
        BankStatement s = read(csv, CsvLayout.fromMap(m), StandardCharsets.UTF_8);
        assertEquals(0, new BigDecimal("-12.00").compareTo(s.lines().get(0).amount().amount()));
        assertEquals(0, new BigDecimal("30.00").compareTo(s.lines().get(1).amount().amount()));
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void amountWithDebitCreditIndicatorColumn() {
        String csv = "\"Date\",\"Label\",\"Amount\",\"D/C\",\"Balance\",\"Partner Name\",\"Bank Account\"\n"
                + "\"12/15/2018\",\"Supplier\",\"33.50\",\"D\",\"-23.50\",\"John Doe\",\"123456789\"\n"
                + "\"12/15/2018\",\"Payment\",\"1,533.50\",\"C\",\"1,510.00\",\"Azure\",\"\"\n";
        BankStatement s = read(csv, TestLayouts.load("oca-dc-indicator"), StandardCharsets.UTF_8);
        assertEquals(0, new BigDecimal("-33.50").compareTo(s.lines().get(0).amount().amount()));
        assertEquals(0, new BigDecimal("1533.50").compareTo(s.lines().get(1).amount().amount()));
        assertEquals("123456789", s.lines().get(0).counterpartyAccount().orElseThrow().identifier());
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void unknownDebitCreditIndicatorIsRejectedNamingLineAndField() {
        String csv = "\"Date\",\"Label\",\"Amount\",\"D/C\",\"Balance\",\"Partner Name\",\"Bank Account\"\n"
                + "\"12/15/2018\",\"Supplier\",\"33.50\",\"X\",\"-23.50\",\"John Doe\",\"\"\n";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(csv, TestLayouts.load("oca-dc-indicator"), StandardCharsets.UTF_8));
        assertEquals(2, e.location().line().getAsInt());
        assertEquals(Optional.of("field dc-indicator"), e.location().path());
    }

    @Test
    void pendingStatusValuesMarkLinesAsPending() {
        String csv = "\"Auftragskonto\";\"Buchungstag\";\"Valutadatum\";\"Buchungstext\";\"Verwendungszweck\";\"Glaeubiger ID\";\"Mandatsreferenz\";"
                + "\"Kundenreferenz (End-to-End)\";\"Sammlerreferenz\";\"Lastschrift Ursprungsbetrag\";\"Auslagenersatz Ruecklastschrift\";"
                + "\"Beguenstigter/Zahlungspflichtiger\";\"Kontonummer/IBAN\";\"BIC (SWIFT-Code)\";\"Betrag\";\"Waehrung\";\"Info\"\n"
                + "\"DE89370400440532013000\";\"05.12.25\";\"08.12.25\";\"LASTSCHRIFT\";\"Shop\";\"\";\"M-1\";\"E2E-9\";\"\";\"\";\"\";\"Shop GmbH\";\"NL91ABNA0417164300\";\"ABNANL2A\";\"-99,80\";\"EUR\";\"Umsatz vorgemerkt\"\n"
                + "\"DE89370400440532013000\";\"04.12.25\";\"04.12.25\";\"GUTSCHRIFT\";\"Lohn\";\"\";\"\";\"\";\"\";\"\";\"\";\"Firma\";\"\";\"\";\"2.000,00\";\"EUR\";\"Umsatz gebucht\"\n";
        BankStatement s = read(csv, TestLayouts.load("sparkasse-camt-csv"), StandardCharsets.UTF_8);
        // the export lists the newest booking first; lines come back in date order
        StatementLine pending = s.lines().get(1);
        assertEquals(EntryStatus.BOOKED, s.lines().get(0).status());
        assertEquals(EntryStatus.PENDING, pending.status());
        assertEquals(Optional.of("E2E-9"), pending.endToEndId());
        assertEquals(Optional.of("M-1"), pending.mandateId());
        assertEquals("ABNANL2A", pending.counterpartyBic().orElseThrow().value());
    }

    @Test
    void invertedSignAndForeignAmount() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", "card");
        m.put("account", Map.of("fixed", "CARD-1"));
        m.put("currency", Map.of("fixed", "EUR"));
        m.put("columns", Map.of("booking-date", 1, "amount", 2, "original-amount", 3, "original-currency", 4, "remittance", 5));
        m.put("header", false);
        m.put("date-formats", List.of("yyyy-MM-dd"));
        m.put("sign", "inverted");
        m.put("balances", "none");
        BankStatement s = read("2024-03-01,45.10,49.00,USD,Hotel\n2024-03-02,(5.00),,,Refund\n", CsvLayout.fromMap(m), StandardCharsets.UTF_8);
        StatementLine hotel = s.lines().get(0);
        assertEquals(0, new BigDecimal("-45.10").compareTo(hotel.amount().amount()), "a card export shows spending positive");
        assertEquals("USD", hotel.originalAmount().orElseThrow().currencyCode());
        assertEquals(0, new BigDecimal("-49.00").compareTo(hotel.originalAmount().orElseThrow().amount()));
        assertEquals(0, new BigDecimal("5.00").compareTo(s.lines().get(1).amount().amount()));
    }

    @Test
    void descendingExportIsReturnedInChronologicalOrder() {
        String csv = "Umsatzanzeige;Datei erstellt am: 09.12.2025 15:23\n\nIBAN;DE89370400440532013000\nSaldo;1.000,00;EUR\n\n"
                + "Buchung;Wertstellungsdatum;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Betrag;Währung\n"
                + "09.12.2025;09.12.2025;B;Lastschrift;second;-10,00;EUR\n08.12.2025;08.12.2025;A;Gutschrift;first;20,00;EUR\n";
        BankStatement s = read(csv, TestLayouts.load("ing-de"), StandardCharsets.ISO_8859_1);
        assertEquals(List.of("first", "second"), s.lines().stream().map(l -> l.remittanceUnstructured().orElseThrow()).toList());
        assertEquals(Optional.of("A"), s.lines().get(0).counterpartyName());
        assertEquals(0, new BigDecimal("1000.00").compareTo(s.header().closingBalance().orElseThrow().amount().amount()));
    }

    @Test
    void columnMissingFromTheHeaderIsALayoutErrorNamingTheHeaderLine() {
        String csv = "Konto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Betrag;Saldo\n01.03.2024;01.03.2024;A;x;1,00;1,00\n";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(csv, CsvLayout.fromMap(germanLayout()), StandardCharsets.UTF_8));
        assertEquals(StatementFormatException.Code.INVALID_LAYOUT, e.code());
        assertEquals(3, e.location().line().getAsInt());
        assertTrue(e.reason().contains("'Zweck 2'"), e.reason());
    }

    @Test
    void badNumberIsRejectedNamingLineAndField() {
        String csv = "Konto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Zweck 2;Betrag;Saldo\n01.03.2024;01.03.2024;A;x;;1,2,3;1,00\n";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(csv, CsvLayout.fromMap(germanLayout()), StandardCharsets.UTF_8));
        assertEquals(4, e.location().line().getAsInt());
        assertEquals(Optional.of("field amount"), e.location().path());
    }

    @Test
    void layoutMapErrorsAreAllListedWithTheirKeys() {
        Map<String, Object> m = new HashMap<>();
        m.put("delimiter", "#");
        m.put("colums", Map.of());
        m.put("columns", Map.of("amount", "A", "debit", "D", "booking-dat", "X"));
        m.put("date-formats", List.of("dd.MM.yyyy{"));
        m.put("sign", "backwards");
        CsvLayout.InvalidLayoutException e = assertThrows(CsvLayout.InvalidLayoutException.class, () -> CsvLayout.fromMap(m));
        List<String> errors = e.errors();
        for (String key : List.of("id:", "colums:", "delimiter:", "columns.booking-dat:", "columns.booking-date:", "columns: declare either",
                "date-formats:", "sign:", "account:", "currency:")) {
            assertTrue(errors.stream().anyMatch(s -> s.startsWith(key)), "expected an error for " + key + " in " + errors);
        }
    }

    @Test
    void everyExampleLayoutIsValid() {
        assertEquals(TestLayouts.IDS.size(), TestLayouts.all().size());
    }

    // ---- strict records, balances and texts (issue #22) -------------------------------------------------------

    private static final String DC_HEADER = "\"Date\",\"Label\",\"Amount\",\"D/C\",\"Balance\",\"Partner Name\",\"Bank Account\"\n";

    private static StatementFormatException refused(String csv, CsvLayout layout) {
        return assertThrows(StatementFormatException.class, () -> read(csv, layout, StandardCharsets.UTF_8));
    }

    @Test
    void unbalancedQuoteIsRefusedAtItsLineInsteadOfSwallowingTheNextLine() {
        // the quote of line 2 never closes: a lenient parser runs it over the delimiters and into line 3,
        // and takes a column of line 3 as the amount
        String csv = DC_HEADER
                + "\"12/15/2018\",\"Invoice 12, 5\" pipe,\"100.00\",\"C\",\"\",\"John Doe\",\"\"\n"
                + "\"12/15/2018\",\"x\",\"555000011.00\",\"C\",\"\",\"Azure\",\"\"\n";
        StatementFormatException e = refused(csv, TestLayouts.load("oca-dc-indicator"));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code());
        assertEquals(2, e.location().line().getAsInt());
        assertTrue(e.reason().contains("'\"'") && e.reason().contains("quoted field"), e.reason());
        assertTrue(e.location().column().isPresent(), e.location().describe());
        assertTrue(e.action().contains("quotes"), e.action());
    }

    @Test
    void quotedFieldThatDoesNotCloseOnItsLineIsRefused() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Invoice 12,\"100.00\",\"C\",\"1.00\",\"John Doe\",\"\n";
        StatementFormatException e = refused(csv, TestLayouts.load("oca-dc-indicator"));
        assertEquals(2, e.location().line().getAsInt());
        assertTrue(e.reason().contains("not closed on this line") || e.reason().contains("closing '\"'"), e.reason());
    }

    @Test
    void rowWithTooFewColumnsIsRefused() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Supplier\",\"33.50\",\"D\",\"-23.50\",\"John Doe\"\n";
        StatementFormatException e = refused(csv, TestLayouts.load("oca-dc-indicator"));
        assertEquals(2, e.location().line().getAsInt());
        assertTrue(e.reason().contains("has 6 columns where the header has 7"), e.reason());
    }

    @Test
    void rowWithTooManyColumnsIsRefused() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Supplier\",\"33.50\",\"D\",\"-23.50\",\"John Doe\",\"\",\"surplus\"\n";
        StatementFormatException e = refused(csv, TestLayouts.load("oca-dc-indicator"));
        assertEquals(2, e.location().line().getAsInt());
        assertTrue(e.reason().contains("has 8 columns where the header has 7 (column 8 is not empty)"), e.reason());
    }

    @Test
    void emptyCellsAfterTheLastColumnAreTolerated() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Supplier\",\"33.50\",\"D\",\"-23.50\",\"John Doe\",\"\",,\n";
        assertEquals(1, read(csv, TestLayouts.load("oca-dc-indicator"), StandardCharsets.UTF_8).lines().size());
    }

    @Test
    void layoutWithBalancesRefusesAFileWhoseBalancesAreEmpty() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Supplier\",\"555000011.00\",\"C\",\"\",\"John Doe\",\"\"\n";
        BankStatement s = read(csv, TestLayouts.load("oca-dc-indicator"), StandardCharsets.UTF_8);
        List<ValidationProblem> problems = new StatementValidator().validate(s);
        assertEquals(List.of(ValidationProblem.Code.NO_BALANCES), problems.stream().map(ValidationProblem::code).toList());
        assertTrue(problems.get(0).isError());
    }

    @Test
    void layoutDeclaringNoBalancesGivesAStatementThatIsNotBalanceChecked() {
        Map<String, Object> m = germanLayout();
        @SuppressWarnings("unchecked") Map<String, Object> cols = (Map<String, Object>) m.get("columns");
        cols.remove("balance");
        m.put("balances", "none");
        String csv = "Konto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Zweck 2;Betrag\n01.03.2024;01.03.2024;A;x;;12,00\n";
        BankStatement s = read(csv, CsvLayout.fromMap(m), StandardCharsets.UTF_8);
        assertEquals(io.financehub.canonical.statement.StatementKind.TRANSACTION_LIST, s.header().kind());
        List<ValidationProblem> problems = new StatementValidator().validate(s);
        assertEquals(List.of(ValidationProblem.Code.NOT_BALANCE_CHECKED), problems.stream().map(ValidationProblem::code).toList());
        assertTrue(problems.get(0).message().contains("not balance-checked"), problems.get(0).message());
    }

    @Test
    void layoutWithoutBalancesMustDeclareItAndMayNotContradictIt() {
        Map<String, Object> m = germanLayout();
        @SuppressWarnings("unchecked") Map<String, Object> cols = (Map<String, Object>) m.get("columns");
        cols.remove("balance");
        CsvLayout.InvalidLayoutException undeclared = assertThrows(CsvLayout.InvalidLayoutException.class, () -> CsvLayout.fromMap(m));
        assertTrue(undeclared.errors().get(0).startsWith("balances: the layout has no balance column"), undeclared.errors().toString());
        Map<String, Object> contradicting = germanLayout();
        contradicting.put("balances", "none");
        CsvLayout.InvalidLayoutException contradiction = assertThrows(CsvLayout.InvalidLayoutException.class, () -> CsvLayout.fromMap(contradicting));
        assertTrue(contradiction.errors().get(0).contains("contradicts columns.balance"), contradiction.errors().toString());
    }

    @Test
    void amountOfMoreThanEighteenDigitsIsRefused() {
        String csv = DC_HEADER + "\"12/15/2018\",\"Supplier\",\"1,000,000,000,000,000,000.00\",\"C\",\"1.00\",\"John Doe\",\"\"\n";
        StatementFormatException e = refused(csv, TestLayouts.load("oca-dc-indicator"));
        assertTrue(e.reason().contains("has 19 digits; an amount has at most 18"), e.reason());
        assertEquals(Optional.of("field amount"), e.location().path());
    }

    @Test
    void overlongTextsAreCutWithAWarningAndAnOverlongReferenceIsRefused() {
        Map<String, Object> m = germanLayout();
        @SuppressWarnings("unchecked") Map<String, Object> cols = (Map<String, Object>) m.get("columns");
        cols.put("reference", "Ref");
        String csv = "Konto;DE89370400440532013000\n\nBuchungstag;Valuta;Name;Zweck 1;Zweck 2;Betrag;Saldo;Ref\n"
                + "01.03.2024;01.03.2024;" + "N".repeat(200) + ";" + "Z".repeat(2000) + ";;-3,00;97,00;R1\n";
        try (io.financehub.formats.StatementCursor cursor = READER.open(csv.getBytes(StandardCharsets.UTF_8), "long.csv", CsvLayout.fromMap(m), CP1252)) {
            StatementLine line = cursor.readAll().get(0).lines().get(0);
            assertEquals(140, line.counterpartyName().orElseThrow().length());
            assertEquals(1000, line.remittanceUnstructured().orElseThrow().length());
            assertEquals(List.of(ValidationProblem.Code.TEXT_SHORTENED, ValidationProblem.Code.TEXT_SHORTENED),
                    cursor.warnings().stream().map(ValidationProblem::code).toList());
        }
        String longRef = csv.replace(";R1\n", ";" + "R".repeat(36) + "\n");
        StatementFormatException e = refused(longRef, CsvLayout.fromMap(m));
        assertTrue(e.reason().contains("bank reference (the layout's reference column) has 36 characters"), e.reason());
    }
}
