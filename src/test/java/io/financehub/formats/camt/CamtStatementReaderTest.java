package io.financehub.formats.camt;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.BatchInfo;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementLineKey;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CamtStatementReaderTest {

    static final String IBAN = "DE89370400440532013000";

    static String document(String message, String version, String body) {
        String wrapper = switch (message) {
            case "054" -> "BkToCstmrDbtCdtNtfctn";
            case "052" -> "BkToCstmrAcctRpt";
            default -> "BkToCstmrStmt";
        };
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt." + message + ".001." + version + "\">\n"
                + "<" + wrapper + "><GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-01T18:00:00+01:00</CreDtTm></GrpHdr>\n"
                + body + "</" + wrapper + "></Document>\n";
    }

    static String stmt(String opening, String closing, String entries) {
        return "<Stmt><Id>STMT-1</Id><ElctrncSeqNb>42</ElctrncSeqNb><CreDtTm>2024-03-01T18:00:00</CreDtTm>"
                + "<FrToDt><FrDtTm>2024-03-01T00:00:00</FrDtTm><ToDtTm>2024-03-01T23:59:59</ToDtTm></FrToDt>"
                + "<Acct><Id><IBAN>" + IBAN + "</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr></Acct>"
                + balance("OPBD", opening) + balance("CLBD", closing) + entries + "</Stmt>\n";
    }

    static String balance(String type, String signed) {
        boolean debit = signed.startsWith("-");
        return "<Bal><Tp><CdOrPrtry><Cd>" + type + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + signed.replace("-", "")
                + "</Amt><CdtDbtInd>" + (debit ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>";
    }

    static String entry(String amount, String cdtDbt, String status, String inner) {
        return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + cdtDbt + "</CdtDbtInd>" + status
                + "<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-02</Dt></ValDt><AcctSvcrRef>BANKREF-" + amount + "</AcctSvcrRef>"
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                + inner + "</Ntry>\n";
    }

    static String tx(String amount, String name, String iban, String e2e, String remittance) {
        return "<TxDtls><Refs><EndToEndId>" + e2e + "</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">" + amount + "</Amt></TxAmt></AmtDtls>"
                + "<RltdPties><Dbtr><Nm>" + name + "</Nm></Dbtr><DbtrAcct><Id><IBAN>" + iban + "</IBAN></Id></DbtrAcct></RltdPties>"
                + "<RmtInf><Ustrd>" + remittance + "</Ustrd></RmtInf></TxDtls>";
    }

    static List<BankStatement> read(String xml) {
        return read(xml, CamtStatementReader.Options.DEFAULT);
    }

    static List<BankStatement> read(String xml, CamtStatementReader.Options options) {
        return CamtStatementReader.readAll(xml.getBytes(StandardCharsets.UTF_8), "test.xml", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"02", "03", "04", "05", "06", "07", "08", "09", "10"})
    void everyCamt053VersionIsReadByItsNamespace(String version) {
        String status = Integer.parseInt(version) >= 8 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>";
        List<BankStatement> statements = read(document("053", version,
                stmt("100.00", "150.00", entry("50.00", "CRDT", status, "<NtryDtls>" + tx("50.00", "Alice", "NL91ABNA0417164300", "E2E-1", "Invoice 7") + "</NtryDtls>"))));
        BankStatement s = statements.get(0);
        assertEquals("camt.053.001." + version, s.header().format());
        assertEquals(StatementKind.STATEMENT, s.header().kind());
        assertEquals(IBAN, s.account().identifier());
        assertEquals("COBADEFFXXX", s.account().servicerBic().orElseThrow().value());
        assertEquals(Optional.of("42"), s.header().electronicSequenceNumber());
        StatementLine line = s.lines().get(0);
        assertEquals(0, new BigDecimal("50.00").compareTo(line.amount().amount()));
        assertEquals(EntryStatus.BOOKED, line.status());
        assertEquals(LocalDate.of(2024, 3, 1), line.bookingDate());
        assertEquals(LocalDate.of(2024, 3, 2), line.valueDate());
        assertEquals(Optional.of("Alice"), line.counterpartyName());
        assertEquals(Optional.of("E2E-1"), line.endToEndId());
        assertEquals(Optional.of("Invoice 7"), line.remittanceUnstructured());
        assertEquals(Optional.of("BANKREF-50.00"), line.bankReference());
        assertEquals(Optional.of("PMNT/RCDT/ESCT"), line.transactionCode().isoCode());
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void batchBookingBecomesOneLinePerTransactionDetail() {
        String batch = entry("300.00", "CRDT", "<Sts>BOOK</Sts>", "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"
                + tx("100.00", "Alice", "NL91ABNA0417164300", "E2E-A", "Invoice 1")
                + tx("200.00", "Bob", "GB29NWBK60161331926819", "E2E-B", "Invoice 2") + "</NtryDtls>");
        BankStatement s = read(document("053", "02", stmt("0.00", "300.00", batch))).get(0);
        assertEquals(2, s.lines().size());
        StatementLine first = s.lines().get(0);
        StatementLine second = s.lines().get(1);
        assertEquals(0, new BigDecimal("100.00").compareTo(first.amount().amount()));
        assertEquals(0, new BigDecimal("200.00").compareTo(second.amount().amount()));
        assertEquals(Optional.of("Bob"), second.counterpartyName());
        assertEquals("GB29NWBK60161331926819", second.counterpartyAccount().orElseThrow().identifier());
        assertEquals(2, first.batch().orElseThrow().transactionCount());
        assertEquals(2, second.batch().orElseThrow().position().getAsInt());
        assertEquals(List.of(1, 2), s.lines().stream().map(StatementLine::index).toList());
        assertTrue(second.location().path().orElseThrow().endsWith("Ntry[1]/NtryDtls/TxDtls[2]"), second.location().describe());
        StatementLineKey.Generator keys = StatementLineKey.forStatement(s.account());
        assertNotEquals(keys.next(first), keys.next(second), "lines of one batch entry get distinct keys");
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void keepAggregateOptionKeepsTheBatchEntryAsOneLine() {
        String batch = entry("300.00", "CRDT", "<Sts>BOOK</Sts>", "<NtryDtls>"
                + tx("100.00", "Alice", "NL91ABNA0417164300", "E2E-A", "Invoice 1")
                + tx("200.00", "Bob", "GB29NWBK60161331926819", "E2E-B", "Invoice 2") + "</NtryDtls>");
        BankStatement s = read(document("053", "02", stmt("0.00", "300.00", batch)),
                new CamtStatementReader.Options(account -> account.identifier().equals(IBAN))).get(0);
        assertEquals(1, s.lines().size());
        StatementLine line = s.lines().get(0);
        assertEquals(0, new BigDecimal("300.00").compareTo(line.amount().amount()));
        assertTrue(line.batch().orElseThrow().isAggregate());
        assertEquals(2, line.batch().orElseThrow().transactionCount());
    }

    @Test
    void batchWhoseTransactionsDoNotAddUpToTheEntryStaysOneLine() {
        String batch = entry("290.00", "CRDT", "<Sts>BOOK</Sts>", "<NtryDtls>"
                + tx("100.00", "Alice", "NL91ABNA0417164300", "E2E-A", "Invoice 1")
                + tx("200.00", "Bob", "GB29NWBK60161331926819", "E2E-B", "Invoice 2") + "</NtryDtls>");
        BankStatement s = read(document("053", "04", stmt("0.00", "290.00", batch))).get(0);
        assertEquals(1, s.lines().size(), "splitting would invent amounts (the 10.00 difference is charges)");
        assertEquals(0, new BigDecimal("290.00").compareTo(s.lines().get(0).amount().amount()));
        assertEquals(List.of("E2E-A", "E2E-B"), s.lines().get(0).batch().orElseThrow().endToEndIds(),
                "the kept entry still names the transactions it books");
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void collectiveBookingKeepsTheBatchIdsOfThePaymentFileItExecuted() {
        // a debit booking of a whole payment file, named by the ordering party's message and payment-information ids
        String booking = entry("1250.00", "DBIT", "<Sts>BOOK</Sts>", "<NtryDtls><Btch><MsgId>FH-ACME-M41-ABCD</MsgId>"
                + "<PmtInfId>FH-ACME-B41-1</PmtInfId><NbOfTxs>3</NbOfTxs></Btch></NtryDtls>");
        StatementLine line = read(document("053", "04", stmt("2000.00", "750.00", booking))).get(0).lines().get(0);
        BatchInfo batch = line.batch().orElseThrow();
        assertTrue(batch.isAggregate());
        assertEquals(3, batch.transactionCount());
        assertEquals(Optional.of("FH-ACME-M41-ABCD"), batch.messageId());
        assertEquals(Optional.of("FH-ACME-B41-1"), batch.paymentInformationId());
        assertEquals(List.of(), batch.endToEndIds());
        assertEquals("3 transactions booked as one entry, message FH-ACME-M41-ABCD, payment information FH-ACME-B41-1", batch.describe());
    }

    @Test
    void reversalFollowsItsCreditDebitIndicatorAndKeepsTheReturnReason() {
        // a returned direct debit: the original debit is reversed, so the reversal entry is a credit (ISO 20022 RvslInd usage rule)
        String reversal = "<Ntry><Amt Ccy=\"EUR\">75.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt>"
                + "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><MndtId>MANDATE-9</MndtId></Refs>"
                + "<RltdPties><Cdtr><Nm>Utility Ltd</Nm></Cdtr></RltdPties><RtrInf><Rsn><Cd>AC06</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>";
        BankStatement s = read(document("053", "02", stmt("0.00", "75.00", reversal))).get(0);
        StatementLine line = s.lines().get(0);
        assertTrue(line.reversal());
        assertEquals(0, new BigDecimal("75.00").compareTo(line.amount().amount()));
        assertEquals(Optional.of("AC06"), line.returnReason());
        assertEquals(Optional.of("MANDATE-9"), line.mandateId());
        assertEquals(Optional.empty(), line.endToEndId(), "NOTPROVIDED is no end-to-end id");
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void chargesAreReportedWithTheLine() {
        String charged = entry("10.00", "DBIT", "<Sts>BOOK</Sts>", "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"EUR\">2.50</TtlChrgsAndTaxAmt>"
                + "<Rcrd><Amt Ccy=\"EUR\">2.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs>");
        StatementLine line = read(document("053", "04", stmt("20.00", "10.00", charged))).get(0).lines().get(0);
        assertEquals(1, line.charges().size());
        assertEquals(0, new BigDecimal("-2.50").compareTo(line.charges().get(0).amount().amount()));
        assertEquals(Optional.of("COMM"), line.charges().get(0).typeCode());
        assertEquals(Optional.of(true), line.charges().get(0).includedInAmount());
    }

    @Test
    void foreignCurrencyInstructedAmountAndRateAreKept() {
        String fx = entry("100.00", "DBIT", "<Sts>BOOK</Sts>", "<NtryDtls><TxDtls><AmtDtls><InstdAmt><Amt Ccy=\"USD\">110.00</Amt>"
                + "<CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.9090909</XchgRate></CcyXchg></InstdAmt></AmtDtls>"
                + "<RltdPties><Cdtr><Pty><Nm>US Supplier Inc</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>123456789</Id></Othr></Id></CdtrAcct></RltdPties>"
                + "<RltdAgts><CdtrAgt><FinInstnId><BICFI>CHASUS33XXX</BICFI></FinInstnId></CdtrAgt></RltdAgts></TxDtls></NtryDtls>");
        StatementLine line = read(document("053", "08", stmt("500.00", "400.00", fx))).get(0).lines().get(0);
        assertEquals(0, new BigDecimal("-100.00").compareTo(line.amount().amount()));
        assertEquals("USD", line.originalAmount().orElseThrow().currencyCode());
        assertEquals(0, new BigDecimal("-110.00").compareTo(line.originalAmount().orElseThrow().amount()), "foreign amount carries the line's sign");
        assertEquals(0, new BigDecimal("0.9090909").compareTo(line.exchangeRate().orElseThrow()));
        assertEquals(Optional.of("US Supplier Inc"), line.counterpartyName(), "a debit's counterparty is the creditor (v08 Pty wrapper)");
        assertEquals("123456789", line.counterpartyAccount().orElseThrow().identifier());
        assertEquals("CHASUS33XXX", line.counterpartyBic().orElseThrow().value());
    }

    @Test
    void structuredCreditorReferenceIsKept() {
        String strd = entry("42.00", "CRDT", "<Sts>BOOK</Sts>", "<NtryDtls><TxDtls><RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                + "<Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>");
        StatementLine line = read(document("053", "02", stmt("0.00", "42.00", strd))).get(0).lines().get(0);
        assertEquals(Optional.of("RF18539007547034"), line.creditorReference());
        assertEquals(Optional.empty(), line.remittanceUnstructured());
        assertEquals("RF18539007547034", line.label());
    }

    @Test
    void pendingEntriesAreReadButNotPartOfTheBookedBalance() {
        String entries = entry("10.00", "CRDT", "<Sts>BOOK</Sts>", "") + entry("99.00", "CRDT", "<Sts>PDNG</Sts>", "");
        BankStatement s = read(document("053", "02", stmt("0.00", "10.00", entries))).get(0);
        assertEquals(2, s.lines().size());
        assertEquals(EntryStatus.PENDING, s.lines().get(1).status());
        assertEquals(1, s.bookedLines().size());
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
    }

    @Test
    void camt054NotificationCarriesNoBalancesAndIsNotBalanceChecked() {
        String ntfctn = "<Ntfctn><Id>N-1</Id><CreDtTm>2024-03-01T12:00:00</CreDtTm><Acct><Id><IBAN>" + IBAN + "</IBAN></Id></Acct>"
                + entry("12.34", "CRDT", "<Sts>BOOK</Sts>", "") + "</Ntfctn>";
        BankStatement s = read(document("054", "04", ntfctn)).get(0);
        assertEquals(StatementKind.NOTIFICATION, s.header().kind());
        assertEquals("camt.054.001.04", s.header().format());
        assertFalse(s.header().hasBalances());
        assertEquals("EUR", s.account().currency().getCurrencyCode(), "currency taken from the first entry when Acct/Ccy is absent");
        assertEquals(List.of(ValidationProblem.Code.NOT_BALANCE_CHECKED),
                new StatementValidator().validate(s).stream().map(ValidationProblem::code).toList(), "imported, with the report saying so");
    }

    @Test
    void camt054EntryWithoutDatesUsesTheNotificationsCreationDay() {
        String ntfctn = "<Ntfctn><Id>N-1</Id><CreDtTm>2024-03-05T12:00:00</CreDtTm><Acct><Id><IBAN>" + IBAN + "</IBAN></Id><Ccy>EUR</Ccy></Acct>"
                + "<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts></Ntry></Ntfctn>";
        StatementLine line = read(document("054", "08", ntfctn)).get(0).lines().get(0);
        assertEquals(LocalDate.of(2024, 3, 5), line.bookingDate());
    }

    @Test
    void cursorStreamsStatementsAndLinesOneAtATime() {
        String two = stmt("0.00", "3.00", entry("1.00", "CRDT", "<Sts>BOOK</Sts>", "") + entry("2.00", "CRDT", "<Sts>BOOK</Sts>", ""))
                + stmt("3.00", "0.00", entry("3.00", "DBIT", "<Sts>BOOK</Sts>", ""));
        byte[] xml = document("053", "02", two).getBytes(StandardCharsets.UTF_8);
        try (StatementCursor cursor = CamtStatementReader.open(new ByteArrayInputStream(xml), "two.xml", CamtStatementReader.Options.DEFAULT)) {
            StatementHeader first = cursor.nextStatement().orElseThrow();
            assertTrue(first.location().path().orElseThrow().endsWith("Stmt[1]"));
            assertEquals(0, new BigDecimal("1.00").compareTo(cursor.nextLine().orElseThrow().amount().amount()));
            // the second line of the first statement is skipped by moving on
            StatementHeader second = cursor.nextStatement().orElseThrow();
            assertTrue(second.location().path().orElseThrow().endsWith("Stmt[2]"));
            StatementLine only = cursor.nextLine().orElseThrow();
            assertEquals(0, new BigDecimal("-3.00").compareTo(only.amount().amount()));
            assertEquals(1, only.index());
            assertTrue(cursor.nextLine().isEmpty());
            assertTrue(cursor.nextStatement().isEmpty());
        }
    }

    @Test
    void statementWrappedWithABusinessApplicationHeaderIsFound() {
        String xml = "<message><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.01\"><Fr><FIId><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></FIId></Fr>"
                + "<MsgDefIdr>camt.053.001.08</MsgDefIdr></AppHdr>"
                + document("053", "08", stmt("0.00", "0.00", "")).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "") + "</message>";
        BankStatement s = read(xml).get(0);
        assertEquals("camt.053.001.08", s.header().format());
        assertTrue(s.lines().isEmpty());
        assertTrue(new StatementValidator().validate(s).isEmpty(), "an explicit empty statement (equal balances, no lines) is fine");
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        String broken = document("053", "02", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts>BOOK</Sts>", ""))).replace("</BookgDt>", "</BookgDtX>");
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(broken));
        assertEquals(StatementFormatException.Code.MALFORMED_XML, e.code());
        assertTrue(e.location().line().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("test.xml line"), e.getMessage());
    }

    @Test
    void entryWithoutAmountIsRejectedNamingItsPath() {
        String noAmount = "<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt></Ntry>";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(document("053", "02", stmt("0.00", "0.00", noAmount))));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code());
        assertEquals(Optional.of("Document/BkToCstmrStmt/Stmt[1]/Ntry[1]"), e.location().path());
    }

    @Test
    void unknownCurrencyCodeIsRejectedNamingTheAttribute() {
        String bad = entry("1.00", "CRDT", "<Sts>BOOK</Sts>", "").replace("Ccy=\"EUR\"", "Ccy=\"EUX\"");
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(document("053", "02", stmt("0.00", "1.00", bad))));
        assertTrue(e.getMessage().contains("'EUX' is not an ISO 4217 currency code"), e.getMessage());
        assertTrue(e.location().path().orElseThrow().endsWith("Ntry[1]/Amt/@Ccy"), e.location().describe());
    }

    // ---- the format's constraints (issue #22) ----------------------------------------------------------------

    static StatementFormatException refused(String xml) {
        return assertThrows(StatementFormatException.class, () -> read(xml));
    }

    static String oneEntry(String amount) {
        return document("053", "08", stmt("0.00", "1.00", entry(amount, "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")));
    }

    @Test
    void negativeAmountIsRefusedBecauseTheSignBelongsInCdtDbtInd() {
        StatementFormatException e = refused(oneEntry("-1.00"));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code());
        assertTrue(e.reason().contains("'-1.00' is negative") && e.reason().contains("CdtDbtInd"), e.reason());
        assertEquals(Optional.of("Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt"), e.location().path());
        assertTrue(e.location().line().isPresent());
    }

    @Test
    void negativeBalanceAmountIsRefusedToo() {
        String xml = document("053", "08", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")))
                .replace("<Amt Ccy=\"EUR\">0.00</Amt>", "<Amt Ccy=\"EUR\">-0.00</Amt>");
        assertTrue(refused(xml).reason().contains("is negative"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+20", "1e2", "0x10", "1,00", "", "12.34.5"})
    void amountsThatAreNotPlainDecimalsAreRefused(String amount) {
        StatementFormatException e = refused(oneEntry(amount));
        assertEquals(StatementFormatException.Code.INVALID_CONTENT, e.code(), e.getMessage());
        assertTrue(e.reason().startsWith("The amount '" + amount + "'"), e.reason());
        if (amount.toLowerCase().contains("e")) {
            assertTrue(e.reason().contains("scientific notation"), e.reason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "1.000001", "12345678901234567.89"})
    void amountsBeyondTheSchemasDigitsAreRefused(String amount) {
        StatementFormatException e = refused(oneEntry(amount));
        assertTrue(e.reason().contains("at most 18 digits with 5 decimals"), e.reason());
    }

    @Test
    void theLargestAmountTheSchemaAllowsIsRead() {
        String xml = document("053", "08", stmt("0.00", "1234567890123.12345", entry("1234567890123.12345", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")));
        assertEquals(0, new BigDecimal("1234567890123.12345").compareTo(read(xml).get(0).lines().get(0).amount().amount()));
    }

    @Test
    void unknownMessageVersionIsRefusedNamingTheVersionsTheHubReads() {
        StatementFormatException e = refused(document("053", "99", stmt("0.00", "0.00", "")));
        assertEquals(StatementFormatException.Code.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.reason().contains("camt.053.001.99") && e.reason().contains("001.02 to .001.10"), e.reason());
    }

    @Test
    void secondDocumentGluedToTheFirstIsRefusedInsteadOfDropped() {
        String first = document("053", "08", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")));
        String second = document("053", "08", stmt("1.00", "3.00", entry("2.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")))
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
        StatementFormatException e = refused(first + second);
        assertEquals(StatementFormatException.Code.MALFORMED_XML, e.code());
        assertTrue(e.reason().contains("more than one XML document"), e.reason());
        assertTrue(e.location().line().isPresent() && e.location().column().isPresent(), e.location().describe());
        StatementFormatException withDeclaration = refused(first + first);
        assertTrue(withDeclaration.reason().contains("more than one XML document"), withDeclaration.reason());
    }

    @Test
    void secondDocumentInsideATransportWrapperIsRefused() {
        String doc = document("053", "08", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")))
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
        StatementFormatException e = refused("<message>" + doc + doc + "</message>");
        assertTrue(e.reason().contains("more than one document") && e.reason().contains("Document"), e.reason());
    }

    @Test
    void trailingGarbageAfterTheDocumentIsRefused() {
        StatementFormatException e = refused(oneEntry("1.00") + "garbage");
        assertEquals(StatementFormatException.Code.MALFORMED_XML, e.code());
        assertTrue(e.reason().contains("content after the end of its XML document"), e.reason());
    }

    @Test
    void documentCutBeforeItsLastClosingTagsIsRefusedAsTruncated() {
        String whole = oneEntry("1.00");
        StatementFormatException e = refused(whole.substring(0, whole.indexOf("</Document>")));
        assertEquals(StatementFormatException.Code.TRUNCATED, e.code());
        assertTrue(e.reason().contains("truncated"), e.reason());
    }

    @Test
    void truncatedFileSaysTruncatedWithLineAndColumnNotEntities() {
        String whole = oneEntry("1.00");
        StatementFormatException e = refused(whole.substring(0, whole.indexOf("<BookgDt>") + 5));
        assertEquals(StatementFormatException.Code.TRUNCATED, e.code());
        assertTrue(e.reason().startsWith("The XML ends before the document is complete: the file is truncated"), e.reason());
        assertFalse(e.reason().contains("entities"), e.reason());
        assertTrue(e.location().line().isPresent() && e.location().column().isPresent(), e.location().describe());
        assertTrue(e.action().contains("complete file"), e.action());
    }

    @Test
    void overlongBankReferenceIsRefusedNotCut() {
        String ref = "R".repeat(36);
        StatementFormatException e = refused(oneEntry("1.00").replace("BANKREF-1.00", ref));
        assertTrue(e.reason().contains("bank reference (AcctSvcrRef, Max35Text) has 36 characters"), e.reason());
        assertTrue(e.location().path().orElseThrow().endsWith("Ntry[1]/AcctSvcrRef"), e.location().describe());
    }

    @Test
    void overlongTextsAreCutToTheirElementsLengthWithAWarning() {
        String hugeRemittance = "Invoice ".repeat(5 * 1024 * 1024 / 8);
        String tx = "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>" + "N".repeat(300) + "</Nm></Dbtr></RltdPties>"
                + "<RmtInf><Ustrd>" + hugeRemittance + "</Ustrd>" + "<Ustrd>second " + "y".repeat(200) + "</Ustrd></RmtInf></TxDtls></NtryDtls>";
        String xml = document("053", "08", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", tx)))
                .replace("<Id>STMT-1</Id>", "<Id>" + "S".repeat(100_000) + "</Id>");
        try (StatementCursor cursor = CamtStatementReader.open(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "long.xml",
                CamtStatementReader.Options.DEFAULT)) {
            BankStatement s = cursor.readAll().get(0);
            assertEquals("S".repeat(35), s.header().statementId(), "Stmt/Id is Max35Text");
            StatementLine line = s.lines().get(0);
            assertEquals("N".repeat(140), line.counterpartyName().orElseThrow());
            String remittance = line.remittanceUnstructured().orElseThrow();
            assertTrue(remittance.startsWith("Invoice Invoice"), remittance.substring(0, 20));
            assertTrue(remittance.length() <= 140 + 1 + 140, "each Ustrd is cut to 140: " + remittance.length());
            List<ValidationProblem> warnings = cursor.warnings();
            assertTrue(warnings.stream().noneMatch(ValidationProblem::isError));
            ValidationProblem ustrd = warnings.stream().filter(w -> w.message().contains("Ustrd (Max140Text)")).findFirst().orElseThrow();
            assertEquals(ValidationProblem.Code.TEXT_SHORTENED, ustrd.code());
            assertTrue(ustrd.message().contains("2 times") && ustrd.message().contains("the longest had " + (hugeRemittance.length() - 1)), ustrd.message());
            assertTrue(warnings.stream().anyMatch(w -> w.message().contains("Id (Max35Text)") && w.message().contains("100000")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.message().contains("Nm (Max140Text)")), warnings.toString());
            assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
        }
    }

    @Test
    void controlCharactersOfAnXml11DocumentAreRemovedWithAWarning() {
        String tx = "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Glo&#x1;bex&#x7;</Nm></Dbtr></RltdPties>"
                + "<RmtInf><Ustrd>Invoice&#x1B; 4711&#x9;paid</Ustrd></RmtInf></TxDtls></NtryDtls>";
        String xml = document("053", "08", stmt("0.00", "1.00", entry("1.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", tx)))
                .replace("<?xml version=\"1.0\"", "<?xml version=\"1.1\"");
        try (StatementCursor cursor = CamtStatementReader.open(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "ctl.xml",
                CamtStatementReader.Options.DEFAULT)) {
            StatementLine line = cursor.readAll().get(0).lines().get(0);
            assertEquals(Optional.of("Globex"), line.counterpartyName());
            assertEquals(Optional.of("Invoice 4711 paid"), line.remittanceUnstructured(), "a tab becomes a space, other controls go");
            List<ValidationProblem> warnings = cursor.warnings();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.stream().allMatch(w -> w.code() == ValidationProblem.Code.CONTROL_CHARACTERS_REMOVED), warnings.toString());
            assertTrue(warnings.get(0).location().line().isPresent());
        }
    }

    @Test
    void statementWithoutItsClosingBalanceIsRejectedNotCheckedAgainstZero() {
        String xml = document("053", "08", stmt("100.00", "100.00", entry("555000011.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>", "")))
                .replaceFirst("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd>.*?</Bal>", "");
        List<ValidationProblem> problems = new StatementValidator().validate(read(xml).get(0));
        assertEquals(List.of(ValidationProblem.Code.NO_BALANCES), problems.stream().map(ValidationProblem::code).toList());
        assertTrue(problems.get(0).isError());
    }
}
