package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.Money;
import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.PaymentStatusReport;
import io.financehub.canonical.payment.PaymentStatusReport.TransactionStatus;
import io.financehub.testing.SharedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pain002ReaderTest {

    private static final Path SAMPLES = SharedFixtures.ROOT.resolve("pain002");

    /** Samples that are read; the rest of the folder must be refused for the reason listed below. */
    private static final List<String> READ = List.of(
            "oca-test-sepa-pain-unpaid.xml",
            "svapnil-nordea-pain_002_v3_group_reject.xml",
            "svapnil-nordea-pain_002_v3_payment_reject.xml",
            "svapnil-nordea-pain_002_v3_txn_reject.xml",
            "svapnil-goldman_sachs-pain_002_v3_group_accepted.xml",
            "svapnil-goldman_sachs-pain_002_v3_payment_accepted.xml",
            "svapnil-goldman_sachs-pain_002_v3_accepted.xml",
            "hbci4j-test-pain-parse-0020110-02.xml",
            "hbci4j-test-pain-parse-0020110-03.xml");

    /** Other versions or broken namespaces (fixtures README): refused, with the words the reason must contain. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("oca-test-sepa-pain-unpaid-invalid.xml", "is not a pain.002 payment status report"),
            Map.entry("svapnil-cross_river-pain_002_batch_rejected.xml", "'Xmlns="),
            Map.entry("svapnil-cross_river-pain_002_credit_accepted.xml", "'Xmlns="),
            Map.entry("svapnil-cross_river-pain_002_transaction_rejected.xml", "'Xmlns="),
            Map.entry("hbci4j-test-pain-parse-0020110-01.xml", "has no XML namespace"),
            Map.entry("moov-valid_pain_v11.xml", "pain.002.001.11 is a pain.002 version this hub does not read"),
            Map.entry("moov-pain002-chdd-cor1_p_ch2909000000250094239_1110097483_0_2018031317221082.xml", "Swiss SIX"),
            Map.entry("moov-pain002-epo_p_0_0_0_2018031510491259.xml", "Swiss SIX"),
            Map.entry("moov-pain002-epo_p_0_0_0_2018032614401842.xml", "Swiss SIX"),
            Map.entry("moov-pain002-epo_p_ch2909000000250094239_1109800799_0_2018032612092784.xml", "Swiss SIX"),
            Map.entry("moov-pain002-epo_p_ch5109000000250092291_1110097605_0_2018031511252307.xml", "Swiss SIX"));

    private final Pain002Reader reader = new Pain002Reader();

    private static Path sample(String name) {
        SharedFixtures.require("pain002");
        return SAMPLES.resolve(name);
    }

    private PaymentStatusReport read(String xml) {
        return reader.read(xml.getBytes(StandardCharsets.UTF_8), "inline.xml");
    }

    @Test
    void everySampleIsReadOrRefusedForItsStatedReason() throws Exception {
        SharedFixtures.require("pain002");
        TreeSet<String> all;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            all = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        TreeSet<String> listed = new TreeSet<>(READ);
        listed.addAll(REFUSED.keySet());
        assertEquals(listed, all, "every pain002 sample is listed as read or refused");
        for (String name : READ) {
            PaymentStatusReport report = reader.read(SAMPLES.resolve(name));
            assertTrue(report.groupStatus().isPresent() || !report.paymentInformation().isEmpty(),
                    name + " carries a status somewhere");
        }
        for (Map.Entry<String, String> refused : REFUSED.entrySet()) {
            PaymentFormatException e = assertThrows(PaymentFormatException.class,
                    () -> reader.read(SAMPLES.resolve(refused.getKey())), refused.getKey());
            assertTrue(e.getMessage().startsWith(refused.getKey() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(refused.getValue()), e.getMessage());
        }
    }

    @Test
    void ocaRejectionReportGivesEachPaymentItsReasonCode() {
        PaymentStatusReport report = reader.read(sample("oca-test-sepa-pain-unpaid.xml"));
        assertEquals("pain.002.001.03", report.schemaVersion());
        assertEquals("MSGID12345678912", report.originalMessageId());
        assertEquals(2, report.paymentInformation().size());
        List<TransactionStatus> txs = report.transactions();
        assertEquals(4, txs.size());
        assertTrue(txs.stream().allMatch(t -> t.status().orElseThrow().isRejected()));
        assertEquals(List.of("AC01", "MS02", "MD06", "AM04"),
                txs.stream().map(t -> t.reasons().get(0).displayCode()).collect(Collectors.toList()));
    }

    @Test
    void nordeaGroupRejectionCarriesDuplicateReason() {
        PaymentStatusReport report = reader.read(sample("svapnil-nordea-pain_002_v3_group_reject.xml"));
        assertEquals(PaymentStatus.RJCT, report.groupStatus().orElseThrow());
        assertEquals("DU01", report.groupReasons().get(0).displayCode());
    }

    @Test
    void v03StatusesAndReasonsAreReadAtEveryLevel() {
        PaymentStatusReport report = read(v03("ACTC", ""
                + block("FH-ACME-B41-1", "PART",
                        tx("FH-ACME-P1001-JFMB", "ACCP", "") + tx("FH-ACME-P1002-ZX6S", "RJCT", reason("AC01", "Konto erloschen"))
                                + tx("FH-ACME-P1003-XIQQ", "RJCT", reason("AM04", "Deckung unzureichend")))
                + block("FH-ACME-B41-2", "ACSC", tx("FH-ACME-P1004-AAAA", "ACSP", "") + tx("FH-ACME-P1005-BBBB", "ACSC", ""))));
        assertReadCorrectly(report, "pain.002.001.03");
    }

    @Test
    void v10StatusesAndReasonsAreReadAtEveryLevel() {
        PaymentStatusReport report = read(v10("ACTC", ""
                + block("FH-ACME-B41-1", "PART",
                        tx("FH-ACME-P1001-JFMB", "ACCP", "") + tx("FH-ACME-P1002-ZX6S", "RJCT", reason("AC01", "Konto erloschen"))
                                + tx("FH-ACME-P1003-XIQQ", "RJCT", reason("AM04", "Deckung unzureichend")))
                + block("FH-ACME-B41-2", "ACSC", tx("FH-ACME-P1004-AAAA", "ACSP", "") + tx("FH-ACME-P1005-BBBB", "ACSC", ""))));
        assertReadCorrectly(report, "pain.002.001.10");
    }

    private static void assertReadCorrectly(PaymentStatusReport report, String version) {
        assertEquals(version, report.schemaVersion());
        assertEquals("STS-1", report.reportMessageId());
        assertEquals("FH-ACME-M41-7UST", report.originalMessageId());
        assertEquals(Optional.of("pain.001.001.09"), report.originalMessageNameId());
        assertEquals(PaymentStatus.ACTC, report.groupStatus().orElseThrow());
        assertEquals(PaymentStatus.PART, report.paymentInformation().get(0).status().orElseThrow());
        TransactionStatus accepted = report.transaction("FH-ACME-P1001-JFMB").orElseThrow();
        assertEquals(PaymentStatus.ACCP, accepted.status().orElseThrow());
        assertEquals(Optional.of(Money.of("1250.00", "EUR")).map(Money::amount),
                accepted.originalAmount().map(Money::amount));
        TransactionStatus closed = report.transaction("FH-ACME-P1002-ZX6S").orElseThrow();
        assertTrue(closed.status().orElseThrow().isRejected());
        assertEquals("AC01: Konto erloschen", closed.reasonText());
        TransactionStatus funds = report.transaction("FH-ACME-P1003-XIQQ").orElseThrow();
        assertEquals("AM04", funds.reasons().get(0).code().orElseThrow());
        assertEquals(List.of("Deckung unzureichend"), funds.reasons().get(0).additionalInformation());
        assertEquals(PaymentStatus.ACSP, report.transaction("FH-ACME-P1004-AAAA").orElseThrow().status().orElseThrow());
        assertEquals(PaymentStatus.ACSC, report.transaction("FH-ACME-P1005-BBBB").orElseThrow().status().orElseThrow());
    }

    @Test
    void groupRejectionWithoutPaymentLinesCoversEveryPaymentOfTheFile() {
        PaymentStatusReport report = read(v03("RJCT", "").replace("<GrpSts>RJCT</GrpSts>",
                "<GrpSts>RJCT</GrpSts>" + reason("AM04", "Deckung fuer Sammler fehlt")));
        assertEquals(PaymentStatus.RJCT, report.groupStatus().orElseThrow());
        assertEquals("AM04", report.groupReasons().get(0).displayCode());
        assertTrue(report.paymentInformation().isEmpty());
        assertEquals(Optional.of(PaymentStatus.RJCT), report.effectiveStatus("FH-ACME-B41-1", "FH-ACME-P1001-JFMB"));
    }

    @Test
    void blockStatusAppliesToPaymentsNotListedInIt() {
        PaymentStatusReport report = read(v10("ACTC", block("FH-ACME-B41-2", "RJCT", "")));
        assertEquals(Optional.of(PaymentStatus.RJCT), report.effectiveStatus("FH-ACME-B41-2", "FH-ACME-P1004-AAAA"));
        assertEquals(Optional.of(PaymentStatus.ACTC), report.effectiveStatus("FH-ACME-B41-1", "FH-ACME-P1001-JFMB"));
    }

    @Test
    void externalEntityPayloadIsRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + v03("ACTC", "").substring(v03("ACTC", "").indexOf("<Document"))
                        .replace("<MsgId>STS-1</MsgId>", "<MsgId>&xxe;</MsgId>");
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> read(xxe));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(!e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void emptyFileIsRefusedSayingItIsEmpty() {
        PaymentFormatException zero = assertThrows(PaymentFormatException.class, () -> reader.read(new byte[0], "status.xml"));
        assertTrue(zero.getMessage().startsWith("status.xml: the file is empty (0 bytes)"), zero.getMessage());
        assertTrue(zero.getMessage().contains("send the report again"), zero.getMessage());
        PaymentFormatException blank = assertThrows(PaymentFormatException.class, () -> reader.read(" \r\n".getBytes(), "blank.xml"));
        assertTrue(blank.getMessage().startsWith("blank.xml: the file is empty (3 bytes)"), blank.getMessage());
    }

    @Test
    void malformedXmlIsRefusedWithItsLine() {
        String broken = v03("ACTC", "").replace("</GrpHdr>", "</GrpHdrX>");
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> read(broken));
        assertTrue(e.getMessage().startsWith("inline.xml: line "), e.getMessage());
        assertTrue(e.getMessage().contains("not well-formed"), e.getMessage());
    }

    @Test
    void paymentFileInsteadOfStatusReportIsRefusedNamingItsNamespace() {
        byte[] pain001 = Pain001Writer.v09().render(PaymentFixtures.twoDebtorMessage());
        PaymentFormatException e = assertThrows(PaymentFormatException.class,
                () -> reader.read(pain001, "outbox-copy.xml"));
        assertTrue(e.getMessage().contains("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a pain.002 payment status report"), e.getMessage());
    }

    @Test
    void bankStatementDroppedInTheStatusInboxIsRefusedSayingWhereItBelongs() {
        String camt053 = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + "<BkToCstmrStmt><GrpHdr><MsgId>S1</MsgId></GrpHdr></BkToCstmrStmt></Document>";
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> read(camt053));
        assertTrue(e.getMessage().contains("camt.053.001.08 is a bank statement or account report"), e.getMessage());
        assertTrue(e.getMessage().contains("bank-statements/inbox"), e.getMessage());
    }

    @Test
    void statusLineWithoutEndToEndIdIsRefusedNamingItsPosition() {
        String xml = v03("ACTC", block("FH-ACME-B41-1", "ACCP", tx("X", "ACCP", "")))
                .replace("<OrgnlEndToEndId>X</OrgnlEndToEndId>", "");
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> read(xml));
        assertTrue(e.getMessage().contains("OrgnlPmtInfAndSts[1]/TxInfAndSts[1]/OrgnlEndToEndId is missing"),
                e.getMessage());
    }

    // ------------------------------------------------------------ inline samples

    private static String v03(String groupStatus, String blocks) {
        return document("pain.002.001.03", groupStatus, blocks);
    }

    private static String v10(String groupStatus, String blocks) {
        return document("pain.002.001.10", groupStatus, blocks);
    }

    private static String document(String version, String groupStatus, String blocks) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:" + version + "\">\n"
                + "<CstmrPmtStsRpt>\n"
                + "<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-11-23T08:15:00+01:00</CreDtTm></GrpHdr>\n"
                + "<OrgnlGrpInfAndSts><OrgnlMsgId>FH-ACME-M41-7UST</OrgnlMsgId>"
                + "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><OrgnlNbOfTxs>5</OrgnlNbOfTxs>"
                + "<GrpSts>" + groupStatus + "</GrpSts></OrgnlGrpInfAndSts>\n"
                + blocks
                + "</CstmrPmtStsRpt>\n</Document>\n";
    }

    private static String block(String pmtInfId, String status, String txs) {
        return "<OrgnlPmtInfAndSts><OrgnlPmtInfId>" + pmtInfId + "</OrgnlPmtInfId><PmtInfSts>" + status
                + "</PmtInfSts>\n" + txs + "</OrgnlPmtInfAndSts>\n";
    }

    private static String tx(String endToEndId, String status, String reasons) {
        return "<TxInfAndSts><StsId>S-" + endToEndId + "</StsId><OrgnlInstrId>" + endToEndId + "</OrgnlInstrId>"
                + "<OrgnlEndToEndId>" + endToEndId + "</OrgnlEndToEndId><TxSts>" + status + "</TxSts>" + reasons
                + "<OrgnlTxRef><Amt><InstdAmt Ccy=\"EUR\">1250.00</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>\n";
    }

    private static String reason(String code, String text) {
        return "<StsRsnInf><Rsn><Cd>" + code + "</Cd></Rsn><AddtlInf>" + text + "</AddtlInf></StsRsnInf>";
    }
}
