package io.financehub.flows.payments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.flows.payments.PaymentFileSaga.Step;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.formats.pain.XsdValidator;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.SharedFixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Odoo payments in, pain.001 files out: batches per debtor account, date and currency, four-eyes release, the saga
 * with its compensation and recovery after a stop between steps, and pain.002 status reports back into Odoo.
 */
@QuarkusTest
class PaymentFilesFlowTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** The SEPA variant of pain.001.001.09 (third-party, ../shared), checked on top of the schema the hub validates with. */
    static final String OFFICIAL_XSD = "xsd/sepaxml-pain.001.001.09.xsd";

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OdooPayments payments;

    @Inject
    PaymentApprovals approvals;

    @Inject
    PaymentFileSaga saga;

    @Inject
    PaymentBatchStore store;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    org.apache.camel.CamelContext camel;

    OdooEmulator odoo;

    @BeforeEach
    void freshState() throws Exception {
        odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        odoo.faults().clear();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from payment_batch_payment");
            s.executeUpdate("delete from payment_batch");
            s.executeUpdate("delete from saga_log where saga_type = 'payment-file'");
            // status reports applied by earlier tests (or the other Odoo-version classes) are not duplicates here
            s.executeUpdate("delete from idempotency_key where repository in ('paymentStatusFiles', 'paymentStatusMessages')");
        }
        deleteTree(Path.of(workDir, "payment-files"));
    }

    @AfterEach
    void clearFaults() {
        odoo.faults().clear();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Odoo payment id by amount (the demo payments' amounts are distinct). */
    Map<String, Long> paymentIds() {
        Map<String, Long> out = new HashMap<>();
        for (Map<String, Object> p : odoo.store().records("account.payment")) {
            out.put(new BigDecimal(String.valueOf(p.get("amount"))).stripTrailingZeros().toPlainString(), ((Number) p.get("id")).longValue());
        }
        return out;
    }

    JsonNode run(String user, String password) throws IOException {
        String body = given().auth().preemptive().basic(user, password).post("/api/v1/payment-runs")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    JsonNode run() throws IOException {
        return run("operator", "operator-demo");
    }

    /** The DE01 batch of a journal and date (US01 has a BNK1 journal too). */
    static JsonNode batch(JsonNode run, String journal, String date) {
        return batch(run, "DE01", journal, date);
    }

    static JsonNode batch(JsonNode run, String company, String journal, String date) {
        for (JsonNode b : run.get("batches")) {
            if (b.get("company").asText().equals(company) && b.get("journal").asText().equals(journal)
                    && b.get("executionDate").asText().equals(date)) {
                return b;
            }
        }
        throw new AssertionError("no batch " + company + "/" + journal + "/" + date + " in " + run);
    }

    Path outbox() {
        return Path.of(workDir, "payment-files", "outbox");
    }

    List<Path> outboxFiles() throws IOException {
        if (!Files.isDirectory(outbox())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.sorted().toList();
        }
    }

    boolean sent(long paymentId) {
        return payments.sentFlags(List.of(paymentId)).get(paymentId);
    }

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    static List<String> texts(Document d, String element) {
        NodeList nodes = d.getElementsByTagNameNS("*", element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The pending (above-threshold) batch of a fresh run, approved but not yet sent: what a stopped process leaves. */
    UUID releasedButNotSent() throws IOException {
        JsonNode r = run();
        UUID id = UUID.fromString(batch(r, "BNK2", "2026-11-24").get("id").asText());
        approvals.approve(id, "approver", "test");
        return id;
    }

    void assertConsistent(UUID batchId) throws IOException {
        PaymentBatchView v = store.find(batchId).orElseThrow().view();
        Path file = outbox().resolve(v.messageId() + ".xml");
        boolean fileOut = Files.isRegularFile(file);
        for (PaymentBatchView.Payment p : v.payments()) {
            assertEquals(fileOut, sent(p.odooPaymentId()), "payment " + p.odooPaymentId() + " sent flag must match the file's existence ("
                    + fileOut + "), batch " + v.state());
        }
        assertEquals(fileOut ? "SENT" : "FAILED", v.state());
        assertTrue(saga.sagaState(batchId).map(s -> s.equals("COMPLETED") || s.equals("COMPENSATED")).orElse(false));
        try (Stream<Path> files = Files.list(outbox())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no partial file is left");
        }
    }

    // ---- runs, batches, files -----------------------------------------------------------------------------

    @Test
    void runBatchesPerDebtorAccountDateAndCurrencyAndSendsFilesThatValidate() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode r = run();

        assertEquals(4, r.get("batches").size(), r.toString());
        JsonNode bnk1Early = batch(r, "BNK1", "2026-11-20");
        JsonNode bnk1Late = batch(r, "BNK1", "2026-11-24");
        JsonNode bnk2 = batch(r, "BNK2", "2026-11-24");
        assertEquals("SENT", bnk1Early.get("state").asText());
        assertEquals(0, new BigDecimal("4730.50").compareTo(bnk1Early.get("controlSum").decimalValue()));
        assertEquals("SENT", bnk1Late.get("state").asText());
        assertEquals("PENDING_APPROVAL", bnk2.get("state").asText(), "15,820 EUR is above the 10,000 threshold");
        assertEquals(0, new BigDecimal("15820.00").compareTo(bnk2.get("controlSum").decimalValue()));

        Map<Long, String> excluded = new HashMap<>();
        r.get("excluded").forEach(e -> excluded.put(e.get("odooPaymentId").asLong(), e.get("code").asText()));
        assertEquals("INVALID_IBAN", excluded.get(ids.get("410")), r.get("excluded").toString());
        assertFalse(excluded.containsKey(ids.get("2150")), "the US account's bank profile allows non-IBAN accounts: " + r.get("excluded"));
        assertEquals("SENT", batch(r, "US01", "BNK1", "2026-11-20").get("state").asText());

        List<Path> files = outboxFiles();
        assertEquals(3, files.size(), files.toString());
        XsdValidator official = SharedFixtures.extra(OFFICIAL_XSD).map(XsdValidator::fromFile).orElse(null);
        for (Path f : files) {
            XsdValidator.pain001v09().validate(f).requireValid();
            if (official != null) {
                official.validate(f).requireValid();
            }
            Document d = parse(f);
            List<String> e2e = texts(d, "EndToEndId");
            List<String> amounts = texts(d, "InstdAmt");
            BigDecimal sum = amounts.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(String.valueOf(e2e.size()), texts(d, "NbOfTxs").get(0));
            assertEquals(0, new BigDecimal(texts(d, "CtrlSum").get(0)).compareTo(sum));
            assertEquals(0, new BigDecimal(texts(d, "CtrlSum").get(1)).compareTo(sum));
            for (int i = 0; i < e2e.size(); i++) {
                long paymentId = PaymentIds.parseEndToEndId(e2e.get(i)).orElseThrow().odooPaymentId();
                Map<String, Object> odooPayment = odoo.store().record("account.payment", paymentId).orElseThrow();
                assertEquals(0, new BigDecimal(String.valueOf(odooPayment.get("amount"))).compareTo(new BigDecimal(amounts.get(i))),
                        "amount of " + e2e.get(i) + " matches Odoo");
                assertTrue(sent(paymentId), "payment " + paymentId + " is flagged sent in Odoo");
                assertTrue(e2e.get(i).length() <= 35);
            }
            Element creditorAddress = (Element) d.getElementsByTagNameNS("*", "Cdtr").item(0);
            assertEquals(1, creditorAddress.getElementsByTagNameNS("*", "TwnNm").getLength(), "structured creditor address");
        }
        assertFalse(sent(ids.get("15600")), "the batch waiting for approval is not claimed");
        assertFalse(sent(ids.get("410")), "the excluded payment is left alone");
    }

    @Test
    void secondRunProducesNothingNew() throws Exception {
        run();
        List<Path> before = outboxFiles();
        JsonNode second = run();
        assertEquals(0, second.get("batches").size(), second.toString());
        assertEquals(before, outboxFiles());
    }

    @Test
    void approvedBatchIsSentOnceAndApprovingTwiceReleasesOnce() throws Exception {
        JsonNode r = run();
        String id = batch(r, "BNK2", "2026-11-24").get("id").asText();
        given().auth().preemptive().basic("approver", "approver-demo").post("/api/v1/payment-batches/" + id + "/approve")
                .then().statusCode(200).body("state", equalTo("SENT")).body("decidedBy", equalTo("approver"));
        assertEquals(4, outboxFiles().size());
        given().auth().preemptive().basic("approver2", "approver2-demo").post("/api/v1/payment-batches/" + id + "/approve")
                .then().statusCode(409);
        assertEquals(4, outboxFiles().size());
        assertEquals(6, odoo.journal().count("account.payment", "mark_as_sent"), "4 payments of the policy-released batches and the 2 of this one, each claimed once");
    }

    @Test
    void preparerCannotApproveTheirOwnBatch() throws Exception {
        JsonNode r = run("treasurer", "treasurer-demo");
        String id = batch(r, "BNK2", "2026-11-24").get("id").asText();
        given().auth().preemptive().basic("treasurer", "treasurer-demo").post("/api/v1/payment-batches/" + id + "/approve")
                .then().statusCode(403);
    }

    @Test
    void approverWhoPostedAPaymentInOdooCannotApprove() throws Exception {
        JsonNode r = run();
        String id = batch(r, "BNK2", "2026-11-24").get("id").asText();
        given().auth().preemptive().basic("ap-clerk", "ap-clerk-demo").post("/api/v1/payment-batches/" + id + "/approve")
                .then().statusCode(403);
        given().auth().preemptive().basic("approver", "approver-demo").get("/api/v1/payment-batches").then().statusCode(403);
    }

    @Test
    void paymentApiNeedsCredentials() {
        given().post("/api/v1/payment-runs").then().statusCode(401);
        given().get("/api/v1/payment-batches").then().statusCode(401);
        given().post("/api/v1/payment-batches/" + UUID.randomUUID() + "/approve").then().statusCode(401);
    }

    @Test
    void rejectedBatchReturnsItsPaymentsToThePool() throws Exception {
        JsonNode r = run();
        String id = batch(r, "BNK2", "2026-11-24").get("id").asText();
        given().auth().preemptive().basic("approver", "approver-demo").contentType("application/json")
                .body("{\"reason\":\"Acme invoice disputed\"}").post("/api/v1/payment-batches/" + id + "/reject")
                .then().statusCode(200).body("state", equalTo("REJECTED")).body("decisionReason", equalTo("Acme invoice disputed"));
        JsonNode again = run();
        assertEquals(1, again.get("batches").size(), again.toString());
        assertEquals("PENDING_APPROVAL", batch(again, "BNK2", "2026-11-24").get("state").asText());
    }

    // ---- failure at each saga step ------------------------------------------------------------------------

    JsonNode approveAs(String user, String password, String id) throws IOException {
        return JSON.readTree(given().auth().preemptive().basic(user, password).post("/api/v1/payment-batches/" + id + "/approve")
                .then().statusCode(200).extract().asString());
    }

    void assertCompensated(JsonNode approved, Map<String, Long> ids) throws IOException {
        assertEquals("FAILED", approved.get("state").asText(), approved.toString());
        assertFalse(approved.get("exceptionId").isNull(), "the failure is an exception item on the batch");
        assertFalse(sent(ids.get("15600")), "a payment claimed before the failure is unmarked again");
        assertFalse(sent(ids.get("220")));
        assertFalse(Files.exists(outbox().resolve(approved.get("messageId").asText() + ".xml")), "no file for a failed batch");
        assertConsistent(UUID.fromString(approved.get("id").asText()));
        JsonNode again = run();
        assertEquals(1, again.get("batches").size(), "the payments are back in the pool: " + again);
    }

    /** The BNK2 batch approved while Odoo fails from the second claim on (the fault is cleared after). */
    JsonNode approvedWhileOdooFailsAtSecondClaim() throws IOException {
        String id = batch(run(), "BNK2", "2026-11-24").get("id").asText();
        // Odoo refuses (a definite failure: a lost answer would be waited out, see the unknown-outcome tests)
        odoo.faults().inject(Fault.odooError("odoo.exceptions.UserError").on("account.payment", "mark_as_sent").occurrence(2).repeating());
        JsonNode approved = approveAs("approver", "approver-demo", id);
        odoo.faults().clear();
        return approved;
    }

    @Test
    void odooFailureAtSecondClaimCompensatesAndNoFileIsWritten() throws Exception {
        Map<String, Long> ids = paymentIds();
        assertCompensated(approvedWhileOdooFailsAtSecondClaim(), ids);
    }

    @Test
    void schemaFailureCompensatesAndNoFileIsWritten() throws Exception {
        Map<String, Long> ids = paymentIds();
        String id = batch(run(), "BNK2", "2026-11-24").get("id").asText();
        // a real schema the file does not satisfy: the bank profile's schema being a different message
        XsdValidator wrong = XsdValidator.fromClasspath(XsdValidator.PAIN_002_001_10_CLASSPATH);
        QuarkusMock.installMockForType(new PaymentSchemas() {
            @Override
            public XsdValidator forProfile(io.financehub.mapping.MappingTables.BankProfile profile,
                    io.financehub.formats.pain.Pain001Version version) {
                return wrong;
            }
        }, PaymentSchemas.class);
        JsonNode approved = approveAs("approver", "approver-demo", id);
        QuarkusMock.installMockForType(new PaymentSchemas(), PaymentSchemas.class);
        assertCompensated(approved, ids);
    }

    @Test
    void outboxWriteFailureCompensatesAndNoFileIsWritten() throws Exception {
        Map<String, Long> ids = paymentIds();
        String id = batch(run(), "BNK2", "2026-11-24").get("id").asText();
        List<Path> before = outboxFiles();
        // the outbox cannot be written: its place is taken by a plain file
        Path moved = outbox().resolveSibling("outbox-moved");
        Files.move(outbox(), moved);
        Files.writeString(outbox(), "not a directory");
        JsonNode approved;
        try {
            approved = approveAs("approver", "approver-demo", id);
        } finally {
            Files.delete(outbox());
            Files.move(moved, outbox());
        }
        assertCompensated(approved, ids);
        assertEquals(before.size(), outboxFiles().size());
    }

    // ---- stopped between steps, then restarted -------------------------------------------------------------

    @Test
    void stoppedAfterReleaseBeforeTheSagaIsSentAtRestart() throws Exception {
        UUID id = releasedButNotSent();
        saga.recover();
        assertConsistent(id);
        assertEquals("SENT", store.find(id).orElseThrow().view().state());
    }

    @Test
    void stoppedWhileClaimingIsCompensatedAtRestart() throws Exception {
        UUID id = releasedButNotSent();
        saga.advanceTo(id, Step.CLAIMED);
        assertTrue(sent(paymentIds().get("15600")), "claimed before the stop");
        saga.recover();
        assertConsistent(id);
        assertEquals("FAILED", store.find(id).orElseThrow().view().state());
    }

    @Test
    void stoppedAfterValidationIsCompensatedAtRestart() throws Exception {
        UUID id = releasedButNotSent();
        saga.advanceTo(id, Step.VALIDATED);
        saga.recover();
        assertConsistent(id);
        assertEquals("FAILED", store.find(id).orElseThrow().view().state());
    }

    @Test
    void stoppedBeforeTheRenameLeavesNoPartialFileAndIsCompensated() throws Exception {
        UUID id = releasedButNotSent();
        saga.advanceTo(id, Step.DELIVERING);
        try (Stream<Path> files = Files.list(outbox())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "the stop left a partial file");
        }
        saga.recover();
        assertConsistent(id);
        assertEquals("FAILED", store.find(id).orElseThrow().view().state());
    }

    @Test
    void stoppedAfterDeliveryIsRecordedNotUndoneAtRestart() throws Exception {
        UUID id = releasedButNotSent();
        saga.advanceTo(id, Step.DELIVERED);
        saga.recover();
        assertConsistent(id);
        assertEquals("SENT", store.find(id).orElseThrow().view().state());
        assertEquals(4, outboxFiles().size(), "one file per batch, never two");
    }

    /**
     * A file under the batch's name that it did not write (a store reset reused the message id): never overwritten,
     * never taken for this batch's delivery; the step fails before delivery and the saga compensates.
     */
    @Test
    void aForeignFileUnderTheBatchsNameIsNeitherOverwrittenNorTakenForItsDelivery() throws Exception {
        UUID id = releasedButNotSent();
        String batchId = id.toString();
        Path foreign = outbox().resolve(store.find(id).orElseThrow().view().messageId() + ".xml");
        Files.createDirectories(outbox());
        Files.writeString(foreign, "<Document>another batch's file</Document>");
        saga.start(batchId);
        saga.claim(batchId);
        saga.validate(batchId);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> saga.deliver(batchId));
        assertTrue(refused.getMessage().contains("already holds " + foreign.getFileName()) && refused.getMessage().contains("Nothing was delivered"),
                refused.getMessage());
        assertEquals("<Document>another batch's file</Document>", Files.readString(foreign), "not overwritten");
        assertEquals("FAILED", store.find(id).orElseThrow().view().state());
        for (PaymentBatchView.Payment p : store.find(id).orElseThrow().view().payments()) {
            assertFalse(sent(p.odooPaymentId()), "payment " + p.odooPaymentId() + " unmarked: its file was not delivered");
        }
    }

    /** Stopped before the rename, then a foreign file under the batch's name: recovery compensates, it does not record it. */
    @Test
    void stoppedBeforeTheRenameWithAForeignFileUnderItsNameIsCompensatedAtRestart() throws Exception {
        UUID id = releasedButNotSent();
        saga.advanceTo(id, Step.DELIVERING);
        Path foreign = outbox().resolve(store.find(id).orElseThrow().view().messageId() + ".xml");
        Files.writeString(foreign, "<Document>another batch's file</Document>");
        saga.recover();
        assertEquals("FAILED", store.find(id).orElseThrow().view().state());
        assertEquals(java.util.Optional.of("COMPENSATED"), saga.sagaState(id));
        for (PaymentBatchView.Payment p : store.find(id).orElseThrow().view().payments()) {
            assertFalse(sent(p.odooPaymentId()), "payment " + p.odooPaymentId() + " unmarked: its file was not delivered");
        }
        assertEquals("<Document>another batch's file</Document>", Files.readString(foreign), "left as it was");
    }

    @Test
    void recoveryLeavesASagaRunningHereBetweenItsRouteStepsAlone() throws Exception {
        UUID id = releasedButNotSent();
        String batchId = id.toString();
        // the route's steps, one by one: between two steps the batch's lock is free, its saga still runs here
        saga.start(batchId);
        saga.claim(batchId);
        assertEquals(0, saga.recover(), "a pass works on no batch whose saga runs here");
        assertEquals(java.util.Optional.of("CLAIMED"), saga.sagaState(id), "not compensated under the running saga");
        saga.validate(batchId);
        saga.claim(batchId);
        assertEquals(java.util.Optional.of("VALIDATED"), saga.sagaState(id), "a step that is not the next one does nothing");
        saga.deliver(batchId);
        assertEquals(0, saga.recover());
        saga.record(batchId);
        assertConsistent(id);
        assertEquals("SENT", store.find(id).orElseThrow().view().state());
        assertEquals(4, outboxFiles().size(), "one file per batch, never two");
    }

    // ---- pain.002 status reports --------------------------------------------------------------------------

    String endToEndId(JsonNode batch, long paymentId) {
        for (JsonNode p : batch.get("payments")) {
            if (p.get("odooPaymentId").asLong() == paymentId) {
                return p.get("endToEndId").asText();
            }
        }
        throw new AssertionError("payment " + paymentId + " not in " + batch);
    }

    String paymentInformationId(JsonNode batch) {
        return PaymentIds.paymentInformationId(PaymentIds.databaseTag(payments.database()), batch.get("batchNumber").asLong(), 1);
    }

    static String pain002v10(String msgId, String originalMsgId, String pmtInfId, String transactions) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\">"
                + "<CstmrPmtStsRpt><GrpHdr><MsgId>" + msgId + "</MsgId><CreDtTm>2026-11-23T08:00:00</CreDtTm></GrpHdr>"
                + "<OrgnlGrpInfAndSts><OrgnlMsgId>" + originalMsgId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>"
                + "<GrpSts>PART</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>" + pmtInfId + "</OrgnlPmtInfId>"
                + transactions + "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>";
    }

    static String tx(String endToEndId, String status, String reason, String text) {
        return "<TxInfAndSts><OrgnlEndToEndId>" + endToEndId + "</OrgnlEndToEndId><TxSts>" + status + "</TxSts>"
                + (reason == null ? "" : "<StsRsnInf><Rsn><Cd>" + reason + "</Cd></Rsn><AddtlInf>" + text + "</AddtlInf></StsRsnInf>")
                + "</TxInfAndSts>";
    }

    static String pain002v03GroupRejected(String msgId, String originalMsgId, String reason, String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">"
                + "<CstmrPmtStsRpt><GrpHdr><MsgId>" + msgId + "</MsgId><CreDtTm>2026-11-23T08:00:00</CreDtTm></GrpHdr>"
                + "<OrgnlGrpInfAndSts><OrgnlMsgId>" + originalMsgId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>"
                + "<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>" + reason + "</Cd></Rsn><AddtlInf>" + text + "</AddtlInf></StsRsnInf>"
                + "</OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>";
    }

    void dropStatus(String name, String xml) throws IOException {
        Path inbox = Files.createDirectories(Path.of(workDir, "payment-files", "status-inbox"));
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.writeString(tmp, xml, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rejected: 16/17 give the payment back unsent; 18 marks it rejected. */
    void assertRejectedInOdoo(long paymentId) {
        if (odooVersion >= 18) {
            assertEquals("rejected", odoo.store().record("account.payment", paymentId).orElseThrow().get("state"));
        } else {
            assertFalse(sent(paymentId), "payment " + paymentId + " is unmarked as sent");
        }
    }

    List<ExceptionItem> openExceptions() {
        return exceptions.list(java.util.Optional.of(PaymentFilesFlow.FLOW), java.util.Optional.of(ExceptionState.NEW), 1000);
    }

    @Test
    void statusReportsUpdateTheRightPaymentsAtPaymentAndGroupLevel() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode r = run();
        JsonNode early = batch(r, "BNK1", "2026-11-20");
        JsonNode late = batch(r, "BNK1", "2026-11-24");
        long accepted = ids.get("1250");
        long rejected = ids.get("3480.5");
        long groupRejected = ids.get("799.99");
        long notesBefore = odoo.journal().count("account.payment", "message_post");

        dropStatus("status-1.xml", pain002v10("STS-1", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, accepted), "ACSC", null, null)
                        + tx(endToEndId(early, rejected), "RJCT", "AC01", "Account closed")));
        dropStatus("status-2.xml", pain002v03GroupRejected("STS-2", late.get("messageId").asText(), "AM04", "Insufficient funds"));
        dropStatus("status-3.xml", pain002v10("STS-3", "FH-OTHER-M1-ABCD", "FH-OTHER-B1-1", tx("FH-OTHER-P999-ABCD", "RJCT", "AC01", "x")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertRejectedInOdoo(rejected);
            assertRejectedInOdoo(groupRejected);
            List<String> messages = openExceptions().stream().map(e -> e.errorMessage).toList();
            assertTrue(messages.stream().anyMatch(m -> m.contains("FH-OTHER-P999-ABCD")), "unknown reference: " + messages);
            assertTrue(messages.stream().anyMatch(m -> m.contains("AC01: Account closed") && m.contains("payment " + rejected)), messages.toString());
            assertTrue(messages.stream().anyMatch(m -> m.contains("AM04: Insufficient funds") && m.contains("payment " + groupRejected)),
                    messages.toString());
            Map<Long, String> statuses = new HashMap<>();
            store.find(UUID.fromString(early.get("id").asText())).orElseThrow().view().payments()
                    .forEach(p -> statuses.put(p.odooPaymentId(), p.bankStatus()));
            store.find(UUID.fromString(late.get("id").asText())).orElseThrow().view().payments()
                    .forEach(p -> statuses.put(p.odooPaymentId(), p.bankStatus()));
            assertEquals("ACSC", statuses.get(accepted));
            assertEquals("RJCT", statuses.get(rejected));
            assertEquals("RJCT", statuses.get(groupRejected));
        });
        assertTrue(sent(accepted), "the accepted payment stays sent");
        assertEquals(3, odoo.journal().count("account.payment", "message_post") - notesBefore,
                "a chatter note on each of the three payments");
        // 16/17 give a rejected payment back unsent, and the next run batches it again (as the notice says); 18 rejects it
        JsonNode again = run();
        for (long payment : List.of(rejected, groupRejected)) {
            assertEquals(odooVersion >= 18 ? 1 : 2, store.previousAttempts(payment), "batches of payment " + payment + ": " + again);
        }
        assertEquals(1, store.previousAttempts(accepted), "the accepted payment is not sent again");
    }

    /** A camt.054.001.08 debit/credit notification of account DE89370400440532013000 holding the given entries. */
    static String camt054(String msgId, String entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">"
                + "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>" + msgId + "</MsgId><CreDtTm>2026-11-24T18:00:00</CreDtTm></GrpHdr>"
                + "<Ntfctn><Id>" + msgId + "-1</Id><CreDtTm>2026-11-24T18:00:00</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id>"
                + "<Ccy>EUR</Ccy></Acct>" + entries + "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
    }

    /** One booked entry; {@code transactions} are its TxDtls (amount, end-to-end id, optional return reason). */
    static String entry(String ref, String amount, boolean credit, String... transactions) {
        return "<Ntry><NtryRef>" + ref + "</NtryRef><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + (credit ? "CRDT" : "DBIT")
                + "</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-24</Dt></BookgDt><ValDt><Dt>2026-11-24</Dt></ValDt>"
                + "<AcctSvcrRef>" + ref + "</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
                + "</Domn></BkTxCd><NtryDtls>" + (transactions.length > 1 ? "<Btch><NbOfTxs>" + transactions.length + "</NbOfTxs></Btch>" : "")
                + String.join("", transactions) + "</NtryDtls></Ntry>";
    }

    static String txDetails(String amount, String endToEndId, String returnReason) {
        return "<TxDtls>" + (endToEndId == null ? "" : "<Refs><EndToEndId>" + endToEndId + "</EndToEndId></Refs>")
                + "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">" + amount + "</Amt></TxAmt></AmtDtls>"
                + (returnReason == null ? "" : "<RtrInf><Rsn><Cd>" + returnReason + "</Cd></Rsn></RtrInf>") + "</TxDtls>";
    }

    @Test
    void camt054NotificationConfirmsBookedPaymentsAndGivesBackReturnedOnesIgnoringOtherMovements() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode r = run();
        JsonNode early = batch(r, "BNK1", "2026-11-20");
        long booked = ids.get("1250");
        long returned = ids.get("3480.5");
        long notesBefore = odoo.journal().count("account.payment", "message_post");
        int noticesBefore = openExceptions().size();

        // a collective debit booking of two transactions (ours and another system's), the return of a payment, and
        // an incoming credit without any reference
        dropStatus("notification-1.xml", camt054("NTF-1",
                entry("E1", "1300.00", false, txDetails("1250.00", endToEndId(early, booked), null), txDetails("50.00", "OTHER-SYSTEM-1", null))
                        + entry("E2", "3480.50", true, txDetails("3480.50", endToEndId(early, returned), "AC04"))
                        + entry("E3", "99.00", true, txDetails("99.00", null, null))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertRejectedInOdoo(returned);
            Map<Long, String> statuses = new HashMap<>();
            store.find(UUID.fromString(early.get("id").asText())).orElseThrow().view().payments()
                    .forEach(p -> statuses.put(p.odooPaymentId(), p.bankStatus()));
            assertEquals("ACSC", statuses.get(booked));
            assertEquals("RJCT", statuses.get(returned));
        });
        // the report is written once every status of the file was applied (the bank status is recorded before the
        // rejection's notice is raised, so the notices are counted after the report)
        JsonNode written = awaitReport("notification-1.xml");
        assertTrue(sent(booked), "the booked payment stays sent");
        assertEquals(2, odoo.journal().count("account.payment", "message_post") - notesBefore, "a chatter note on each of our two payments");
        List<String> notices = openExceptions().stream().map(e -> e.errorMessage).toList();
        assertEquals(noticesBefore + 1, notices.size(), "one notice, for the returned payment; other movements raise none: " + notices);
        assertTrue(notices.stream().anyMatch(m -> m.contains("payment " + returned) && m.contains("AC04")), notices.toString());
        assertEquals("NTF-1", written.get("reportMessageId").asText());
        assertEquals(2, written.get("applied").size(), written.toString());
    }

    /** A booked debit entry booking a whole payment file at once: {@code batch} is the content of its Btch element. */
    static String collectiveEntry(String ref, String amount, String batch, String... transactions) {
        return "<Ntry><NtryRef>" + ref + "</NtryRef><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
                + "<BookgDt><Dt>2026-11-24</Dt></BookgDt><ValDt><Dt>2026-11-24</Dt></ValDt><AcctSvcrRef>" + ref + "</AcctSvcrRef>"
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><Btch>" + batch
                + "</Btch>" + String.join("", transactions) + "</NtryDtls></Ntry>";
    }

    /** The written report of a status file, once the inbox route has applied it. */
    JsonNode awaitReport(String name) throws Exception {
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var files = Files.walk(Path.of(workDir, "payment-files", "status-archive"))) {
                found[0] = files.filter(f -> f.getFileName().toString().equals(name + ".report.json")).findFirst().orElse(null);
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                return false;
            }
            return found[0] != null;
        });
        return JSON.readTree(found[0].toFile());
    }

    @Test
    void camt054CollectiveBookingListingEndToEndIdsWithoutAmountsConfirmsEachListedPayment() throws Exception {
        JsonNode r = run();
        JsonNode early = batch(r, "BNK1", "2026-11-20");
        List<JsonNode> sentPayments = new ArrayList<>();
        early.get("payments").forEach(sentPayments::add);
        assertTrue(sentPayments.size() >= 2, early.toString());
        JsonNode listed = sentPayments.get(0);
        // the bank lists the transactions of its booking by end-to-end id only (one of ours, one of another system's):
        // no amounts to split the entry by
        dropStatus("notification-ids.xml", camt054("NTF-IDS", collectiveEntry("C1", "5000.00", "<NbOfTxs>2</NbOfTxs>",
                "<TxDtls><Refs><EndToEndId>" + listed.get("endToEndId").asText() + "</EndToEndId></Refs></TxDtls>",
                "<TxDtls><Refs><EndToEndId>OTHER-SYSTEM-2</EndToEndId></Refs></TxDtls>")));

        JsonNode report = awaitReport("notification-ids.xml");
        assertEquals(1, report.get("applied").size(), report.toString());
        Map<Long, String> statuses = bankStatuses(early);
        assertEquals("ACSC", statuses.get(listed.get("odooPaymentId").asLong()));
        sentPayments.stream().skip(1).forEach(p -> assertNull(statuses.get(p.get("odooPaymentId").asLong()), "not listed, not booked: " + p));
    }

    @Test
    void camt054CollectiveBookingNamingOnlyThePaymentFileConfirmsItsPaymentsWhenTheBookingAddsUp() throws Exception {
        JsonNode r = run();
        JsonNode early = batch(r, "BNK1", "2026-11-20");
        String messageId = early.get("messageId").asText();
        String pmtInfId = PaymentIds.paymentInformationId(PaymentIds.databaseTag(odoo.database()), early.get("batchNumber").asLong(), 1);
        List<JsonNode> sentPayments = new ArrayList<>();
        early.get("payments").forEach(sentPayments::add);
        JsonNode returned = sentPayments.get(0);
        BigDecimal total = early.get("controlSum").decimalValue();
        BigDecimal rest = total.subtract(returned.get("amount").decimalValue());
        int noticesBefore = openExceptions().size();
        long notesBefore = odoo.journal().count("account.payment", "message_post");

        // one payment of the file is rejected first; then a booking that cannot be matched: the whole file's total
        // although one payment never went out, and another system's batch
        dropStatus("notification-a.xml", camt054("NTF-A", entry("R1", returned.get("amount").decimalValue().toPlainString(), true,
                txDetails(returned.get("amount").decimalValue().toPlainString(), returned.get("endToEndId").asText(), "AC04"))));
        awaitReport("notification-a.xml");
        dropStatus("notification-b.xml", camt054("NTF-B", collectiveEntry("C2", total.toPlainString(), "<PmtInfId>" + pmtInfId
                + "</PmtInfId><NbOfTxs>" + sentPayments.size() + "</NbOfTxs>")
                + collectiveEntry("C3", "777.00", "<MsgId>ERP-OTHER-1</MsgId><PmtInfId>ERP-OTHER-1-1</PmtInfId><NbOfTxs>3</NbOfTxs>")));
        JsonNode unmatched = awaitReport("notification-b.xml");
        assertEquals("UNMATCHED_COLLECTIVE_BOOKING", unmatched.get("applied").get(0).get("outcome").asText(), unmatched.toString());
        assertEquals(1, unmatched.get("applied").size(), "another system's batch is not this hub's: " + unmatched);
        Map<Long, String> afterUnmatched = bankStatuses(early);
        assertEquals("RJCT", afterUnmatched.get(returned.get("odooPaymentId").asLong()));
        sentPayments.stream().skip(1).forEach(p -> assertNull(afterUnmatched.get(p.get("odooPaymentId").asLong()), "unchanged: " + p));
        List<String> notices = openExceptions().stream().map(e -> e.errorMessage).toList();
        assertEquals(noticesBefore + 2, notices.size(), "the rejection and the unmatched booking: " + notices);
        assertTrue(notices.stream().anyMatch(m -> m.contains(messageId) && m.contains(total.toPlainString()) && m.contains(rest.toPlainString())
                && m.contains("nothing was changed")), notices.toString());

        // the booking of what the bank executed, naming the file by its message id and payment-information id
        dropStatus("notification-c.xml", camt054("NTF-C", collectiveEntry("C4", rest.toPlainString(), "<MsgId>" + messageId + "</MsgId><PmtInfId>"
                + pmtInfId + "</PmtInfId><NbOfTxs>" + (sentPayments.size() - 1) + "</NbOfTxs>")));
        JsonNode applied = awaitReport("notification-c.xml");
        assertEquals(sentPayments.size() - 1, applied.get("applied").size(), applied.toString());
        Map<Long, String> statuses = bankStatuses(early);
        assertEquals("RJCT", statuses.get(returned.get("odooPaymentId").asLong()), "the returned payment stays rejected");
        sentPayments.stream().skip(1).forEach(p -> assertEquals("ACSC", statuses.get(p.get("odooPaymentId").asLong()), p.toString()));
        assertEquals(1 + sentPayments.size() - 1, odoo.journal().count("account.payment", "message_post") - notesBefore,
                "a chatter note for the rejection and for each booked payment");
        assertEquals(noticesBefore + 2, openExceptions().size(), "the matched booking raises no notice");
    }

    // ---- exclusions -------------------------------------------------------------------------------------------

    /** Calls Odoo as its admin over JSON-RPC, as a person preparing payments in Odoo would. */
    JsonNode odooAsAdmin(String model, String method, Object args) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<String, Object> params = Map.of("service", "object", "method", "execute_kw",
                "args", List.of(odoo.database(), 2, "admin", model, method, args, Map.of()));
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "method", "call", "id", 1, "params", params));
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(odoo.url().resolve("/jsonrpc"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        assertFalse(answer.has("error"), answer.toString());
        return answer.get("result");
    }

    long postedPayment(String partnerXmlName, long partnerBankId, long journalId, long companyId, String currency, String amount)
            throws Exception {
        long partner = odoo.store().search("res.partner", "[[\"name\",\"=\",\"" + partnerXmlName + "\"]]").get(0);
        long currencyId = odoo.store().search("res.currency", "[[\"name\",\"=\",\"" + currency + "\"]]").get(0);
        Map<String, Object> values = new HashMap<>(Map.of("payment_type", "outbound", "partner_type", "supplier", "partner_id", partner,
                "partner_bank_id", partnerBankId, "amount", new BigDecimal(amount), "journal_id", journalId, "date", "2026-11-20",
                "currency_id", currencyId, "company_id", companyId));
        long id = odooAsAdmin("account.payment", "create", List.of(values)).asLong();
        odooAsAdmin("account.payment", "action_post", List.of(List.of(id)));
        return id;
    }

    long journal(String code, String company) {
        long companyId = odoo.store().search("res.company", "[[\"name\",\"=\",\"" + company + "\"]]").get(0);
        return odoo.store().search("account.journal", "[[\"code\",\"=\",\"" + code + "\"],[\"company_id\",\"=\"," + companyId + "]]").get(0);
    }

    @Test
    void recipientsABankWouldRefuseAreExcludedWithTheirReasonAndTheRestGoesOut() throws Exception {
        long companyDe = odoo.store().search("res.company", "[[\"name\",\"=\",\"Finance Hub Demo GmbH\"]]").get(0);
        long companyUs = odoo.store().search("res.company", "[[\"name\",\"=\",\"Finance Hub Demo Inc.\"]]").get(0);
        long globex = odoo.store().search("res.partner", "[[\"name\",\"=\",\"Globex Ltd\"]]").get(0);
        long staples = odoo.store().search("res.partner", "[[\"name\",\"=\",\"Staples Business Advantage\"]]").get(0);
        long globexIban = odoo.store().search("res.partner.bank", "[[\"partner_id\",\"=\"," + globex + "]]").get(0);
        // a US vendor account without a bank, so without BIC, on a bank profile that requires one
        Map<String, Object> account = new HashMap<>(Map.of("partner_id", staples, "acc_number", "000555666777"));
        if (odooVersion >= 17) {
            account.put("allow_out_payment", true);
        }
        long noBank = odooAsAdmin("res.partner.bank", "create", List.of(account)).asLong();
        long usdOnSepa = postedPayment("Globex Ltd", globexIban, journal("BNK1", "Finance Hub Demo GmbH"), companyDe, "USD", "640.00");
        long withoutBic = postedPayment("Staples Business Advantage", noBank, journal("BNK1", "Finance Hub Demo Inc."), companyUs, "USD", "75.00");

        JsonNode r = run();
        Map<Long, String> excluded = new HashMap<>();
        r.get("excluded").forEach(e -> excluded.put(e.get("odooPaymentId").asLong(), e.get("code").asText()));
        assertEquals("NOT_SEPA_CURRENCY", excluded.get(usdOnSepa), r.get("excluded").toString());
        assertEquals("MISSING_BIC", excluded.get(withoutBic), r.get("excluded").toString());
        assertEquals("INVALID_IBAN", excluded.get(paymentIds().get("410")));
        assertEquals("SENT", batch(r, "BNK1", "2026-11-20").get("state").asText(), "the rest of the batch goes out");
        assertEquals(2, batch(r, "BNK1", "2026-11-20").get("paymentCount").asInt());
        List<String> open = openExceptions().stream().map(e -> e.subject).toList();
        assertTrue(open.contains("odoo-payment:" + usdOnSepa) && open.contains("odoo-payment:" + withoutBic), open.toString());
        run();
        assertEquals(1, openExceptions().stream().filter(e -> ("odoo-payment:" + usdOnSepa).equals(e.subject)).count(),
                "a second run does not raise the same exclusion again");
    }

    // ---- non-IBAN accounts ---------------------------------------------------------------------------------

    @Test
    void nonIbanDebtorAndCreditorOnAProfileThatAllowsThemGoOutAsOtherIds() throws Exception {
        long usPayment = paymentIds().get("2150");
        JsonNode r = run();
        JsonNode us = batch(r, "US01", "BNK1", "2026-11-20");
        assertEquals("SENT", us.get("state").asText(), us.toString());
        assertEquals("us-ach", us.get("bankProfile").asText());
        Path file = outbox().resolve(us.get("messageId").asText() + ".xml");
        assertTrue(Files.isRegularFile(file), "the US batch's file is in the outbox");
        XsdValidator.pain001v09().validate(file).requireValid();
        if (SharedFixtures.extra(OFFICIAL_XSD).isPresent()) {
            XsdValidator.fromFile(SharedFixtures.extra(OFFICIAL_XSD).get()).validate(file).requireValid();
        }
        Document d = parse(file);
        Element debtorAccount = (Element) d.getElementsByTagNameNS("*", "DbtrAcct").item(0);
        Element creditorAccount = (Element) d.getElementsByTagNameNS("*", "CdtrAcct").item(0);
        assertEquals("000123456789", debtorAccount.getElementsByTagNameNS("*", "Othr").item(0).getTextContent().trim());
        assertEquals("000987654321", creditorAccount.getElementsByTagNameNS("*", "Othr").item(0).getTextContent().trim());
        assertEquals(0, d.getElementsByTagNameNS("*", "IBAN").getLength(), "neither account is written as an IBAN");
        assertEquals("USD", ((Element) d.getElementsByTagNameNS("*", "InstdAmt").item(0)).getAttribute("Ccy"));
        assertEquals(List.of("2150.00"), texts(d, "InstdAmt"));
        assertEquals(usPayment, PaymentIds.parseEndToEndId(texts(d, "EndToEndId").get(0)).orElseThrow().odooPaymentId());
        assertTrue(sent(usPayment), "the US payment is flagged sent in Odoo");
    }

    // ---- events on finance.payments ------------------------------------------------------------------------

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** finance.payments records whose subject is one of {@code subjects}: waits for {@code expected}, then 2 s more for extras. */
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> paymentEvents(java.util.Set<String> subjects, int expected) {
        return io.financehub.testing.TopicReader.read(bootstrap, PaymentFilesFlow.TOPIC,
                r -> subjects.contains(io.financehub.testing.TopicReader.json(r).path("subject").asText()),
                expected, Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    @Test
    void eachReleasedBatchPublishesOneBatchSentEventOnFinancePayments() throws Exception {
        JsonNode r = run();
        String pending = batch(r, "BNK2", "2026-11-24").get("id").asText();
        approveAs("approver", "approver-demo", pending);
        Map<String, JsonNode> batches = new HashMap<>();
        for (JsonNode b : r.get("batches")) {
            batches.put("payment-batch:" + b.get("id").asText(), b);
        }
        assertEquals(4, batches.size(), r.toString());

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> events = paymentEvents(batches.keySet(), 4);
        assertEquals(4, events.size(), "one event per released batch, none twice: " + events);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (org.apache.kafka.clients.consumer.ConsumerRecord<String, String> rec : events) {
            JsonNode e = JSON.readTree(rec.value());
            JsonNode b = batches.get(e.get("subject").asText());
            assertTrue(seen.add(e.get("subject").asText()), "a second event for " + e.get("subject"));
            assertEquals("finance.payment.batch-sent", e.get("type").asText());
            assertEquals("urn:odoo-finance-hub:payment-files", e.get("source").asText());
            assertEquals("1.0", e.get("specversion").asText());
            assertFalse(e.path("id").asText().isEmpty());
            assertFalse(e.path("time").asText().isEmpty());
            assertEquals(b.get("correlationId").asText(), e.get("correlationid").asText());
            assertEquals(b.get("company").asText() + "/" + b.get("journal").asText(), rec.key(), "keyed by company/journal");
            JsonNode data = e.get("data");
            assertEquals(b.get("id").asText(), data.get("batchId").asText());
            assertEquals(b.get("messageId").asText(), data.get("messageId").asText());
            assertEquals(b.get("messageId").asText() + ".xml", data.get("file").asText());
            assertTrue(Files.isRegularFile(outbox().resolve(data.get("file").asText())), "the event names a file that is in the outbox");
            assertEquals(b.get("currency").asText(), data.get("currency").asText());
            assertEquals(0, new BigDecimal(b.get("controlSum").asText()).compareTo(new BigDecimal(data.get("controlSum").asText())));
            assertEquals(b.get("paymentCount").asInt(), data.get("payments").asInt());
            assertEquals(b.get("executionDate").asText(), data.get("executionDate").asText());
        }
    }

    // ---- failure while running, reconciled without a restart -----------------------------------------------

    @Test
    void sagaLeftUnfinishedByAFailureIsReconciledByTheRecoveryPassWithoutARestart() throws Exception {
        Map<String, Long> ids = paymentIds();
        String id = batch(run(), "BNK2", "2026-11-24").get("id").asText();
        // Odoo refuses the claim at the second payment and the compensation too: the saga stays unfinished. Odoo's
        // refusals are not retried and do not count against the connector's circuit breaker, so the tests that follow
        // meet a closed breaker.
        odoo.faults().inject(Fault.odooError("odoo.exceptions.UserError").on("account.payment", "mark_as_sent").occurrence(2));
        odoo.faults().inject(Fault.odooError("odoo.exceptions.UserError").on("account.payment", "unmark_as_sent").repeating());
        JsonNode approved = approveAs("approver", "approver-demo", id);
        assertEquals("RELEASED", approved.get("state").asText(), "not compensated: " + approved);
        assertFalse(approved.get("exceptionId").isNull(), "the failure is an exception item on the batch");
        assertTrue(sent(ids.get("15600")), "the payment claimed before the failure is still marked sent");
        assertFalse(Files.exists(outbox().resolve(approved.get("messageId").asText() + ".xml")));
        assertEquals(java.util.Optional.of("CLAIMING"), saga.sagaState(UUID.fromString(id)));

        odoo.faults().clear();
        // no restart: the scheduled pass (every second in tests, for batches unchanged for odoo.max-request-time + 1 s)
        // reconciles it; a pass works through every unfinished batch of the suite in turn, so it may come late
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertConsistent(UUID.fromString(id)));
        assertEquals("FAILED", store.find(UUID.fromString(id)).orElseThrow().view().state());
        assertFalse(sent(ids.get("15600")));
        assertFalse(sent(ids.get("220")));
        given().auth().preemptive().basic("auditor", "auditor-demo").queryParam("subject", "payment-batch:" + id).get("/api/v1/audit")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("payment-batch.recovered"));
        JsonNode again = run();
        assertEquals(1, again.get("batches").size(), "the payments are back in the pool: " + again);
    }

    /** The single instance leads the flow's singleton work (saga recovery, status inbox), and the audit trail says so. */
    @Test
    void theLeadershipOfTheFlowsSingletonWorkIsAudited() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().preemptive().basic("auditor", "auditor-demo")
                .queryParam("subject", "cluster:hub-payment-files").get("/api/v1/audit")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("cluster.leadership-acquired")));
    }

    // ---- a status report dropped again -----------------------------------------------------------------------

    Path statusReport(String name) {
        return Path.of(workDir, "payment-files", "status-archive", java.time.LocalDate.now().toString(), name + ".report.json");
    }

    @Test
    void statusReportDroppedAgainChangesNothingInOdooAndIsReportedAsDuplicate() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        long accepted = ids.get("1250");
        long rejected = ids.get("3480.5");
        String xml = pain002v10("STS-DUP", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, accepted), "ACSC", null, null) + tx(endToEndId(early, rejected), "RJCT", "AC01", "Account closed"));
        dropStatus("status-dup.xml", xml);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(statusReport("status-dup.xml")));
        JsonNode first = JSON.readTree(statusReport("status-dup.xml").toFile());
        assertFalse(first.get("duplicate").asBoolean());
        assertEquals(2, first.get("applied").size(), first.toString());
        assertRejectedInOdoo(rejected);
        List<RecordedCallCount> before = odooWrites();
        int exceptionsBefore = openExceptions().size();

        dropStatus("status-dup-again.xml", xml);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(statusReport("status-dup-again.xml")));
        JsonNode again = JSON.readTree(statusReport("status-dup-again.xml").toFile());
        assertTrue(again.get("duplicate").asBoolean(), again.toString());
        assertEquals(0, again.get("applied").size());
        assertEquals(first.get("sha256").asText(), again.get("sha256").asText());
        assertEquals(before, odooWrites(), "no call that changes a payment in Odoo");
        assertEquals(exceptionsBefore, openExceptions().size(), "no new exception item");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(Files.isRegularFile(
                statusReport("status-dup-again.xml").resolveSibling("status-dup-again.xml")), "the file is archived"));
        assertTrue(sent(accepted));
        given().auth().preemptive().basic("auditor", "auditor-demo").queryParam("subject", "pain002:STS-DUP").get("/api/v1/audit")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("payment-status.duplicate"));
    }

    /** Keys of the status messages applied whose MsgId is {@code messageId} (the route's idempotent consumer). */
    int messageKeys(String messageId) throws java.sql.SQLException {
        try (Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "select count(*) from idempotency_key where repository = 'paymentStatusMessages' and key like ?")) {
            ps.setString(1, "%:" + messageId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Chatter messages on every Odoo payment. */
    long allPaymentNotes() {
        return odoo.store().records("mail.message").stream().filter(m -> "account.payment".equals(m.get("model"))).count();
    }

    @Test
    void statusMessageSentAgainUnderAnotherFileNameIsAppliedOnceAndArchivedAsDuplicateWithItsReason() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        long accepted = ids.get("1250");
        long rejected = ids.get("3480.5");
        // the bank sends the same message twice, the second time re-generated (another CreDtTm, so other bytes): one
        // message, one MsgId. The unknown reference would raise a second notice if the message were applied again.
        String xml = pain002v10("STS-RESENT", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, accepted), "ACSC", null, null) + tx(endToEndId(early, rejected), "RJCT", "AC01", "Account closed")
                        + tx("FH-OTHER-P997-ABCD", "RJCT", "AC01", "x"));
        dropStatus("status-resent.xml", xml);
        JsonNode first = awaitReport("status-resent.xml");
        assertFalse(first.get("duplicate").asBoolean(), first.toString());
        assertEquals(3, first.get("applied").size(), first.toString());
        assertRejectedInOdoo(rejected);
        Map<Long, String> statuses = bankStatuses(early);
        List<RecordedCallCount> writes = odooWrites();
        long notesBefore = allPaymentNotes();
        int exceptionsBefore = openExceptions().size();
        assertEquals(1, messageKeys("STS-RESENT"));

        dropStatus("BANK_RESEND_0001.xml", xml.replace("2026-11-23T08:00:00", "2026-11-23T09:30:00"));
        JsonNode again = awaitReport("BANK_RESEND_0001.xml");
        assertTrue(again.get("duplicate").asBoolean(), again.toString());
        assertEquals(0, again.get("applied").size());
        assertEquals("STS-RESENT", again.get("reportMessageId").asText());
        assertTrue(again.get("duplicateReason").asText().contains("Status report STS-RESENT answering payment file "
                + early.get("messageId").asText() + " was applied before"), again.toString());
        assertFalse(first.has("duplicateReason"), "an applied file has no duplicate reason: " + first);
        // the report is written by the route, the file moved to the archive by the inbox once the route has finished
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(Files.isRegularFile(
                statusReport("BANK_RESEND_0001.xml").resolveSibling("BANK_RESEND_0001.xml")), "the file is archived"));
        assertEquals(writes, odooWrites(), "no call that changes a payment in Odoo");
        assertEquals(notesBefore, allPaymentNotes(), "no chatter note");
        assertEquals(statuses, bankStatuses(early), "no bank status changed");
        assertEquals(exceptionsBefore, openExceptions().size(), "no second notice");
        assertEquals(1, messageKeys("STS-RESENT"));
        given().auth().preemptive().basic("auditor", "auditor-demo").queryParam("subject", "pain002:STS-RESENT").get("/api/v1/audit")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("payment-status.duplicate"))
                .body(org.hamcrest.Matchers.containsString("BANK_RESEND_0001.xml"));

        // a camt.054 notification sent twice the same way: applied once
        dropStatus("notification-resent.xml", camt054("NTF-RESENT", entry("R1", "1250.00", false, txDetails("1250.00",
                endToEndId(early, accepted), null))));
        assertFalse(awaitReport("notification-resent.xml").get("duplicate").asBoolean());
        dropStatus("notification-resent-2.xml", camt054("NTF-RESENT", entry("R1", "1250.00", false, txDetails("1250.00",
                endToEndId(early, accepted), null))).replace("2026-11-24T18:00:00", "2026-11-25T06:00:00"));
        JsonNode camtAgain = awaitReport("notification-resent-2.xml");
        assertTrue(camtAgain.get("duplicate").asBoolean(), camtAgain.toString());
        assertTrue(camtAgain.get("duplicateReason").asText().contains("Debit/credit notification NTF-RESENT was applied before"),
                camtAgain.toString());
        assertFalse(camtAgain.toString().contains("DE89370400440532013000"), "the report never names the account whole");
    }

    /**
     * The trap of keying a message eagerly: the inbox's claim on a file is taken over after a crash, so a message key
     * written before the apply would make the restarted hub archive the file as a duplicate that was never applied. The
     * first chatter note is held in Odoo for a few seconds, then the next one fails: during the whole apply the
     * governance store holds no key for the message (what a crash at any moment of it leaves), the failure leaves none
     * either, and the same message sent again is applied in full.
     */
    @Test
    void statusMessageInterruptedMidApplyLeavesNoKeyAndIsAppliedInFullWhenItComesAgain() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        long accepted = ids.get("1250");
        long rejected = ids.get("3480.5");
        long acceptedNotes = notes(accepted);
        long rejectedNotes = notes(rejected);
        odoo.faults().inject(Fault.latency(Duration.ofSeconds(3)).on("account.payment", "message_post").occurrence(1));
        odoo.faults().inject(Fault.odooError("odoo.exceptions.UserError").on("account.payment", "message_post").occurrence(2).repeating());
        String xml = pain002v10("STS-CRASH", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, accepted), "ACSC", null, null) + tx(endToEndId(early, rejected), "RJCT", "AM04", "Insufficient funds"));
        long postsBefore = odoo.journal().count("account.payment", "message_post");
        dropStatus("status-crash.xml", xml);
        Path quarantined = Path.of(workDir, "payment-files", "status-quarantine", "status-crash.xml");
        long samples = 0;
        long samplesWhileOdooHeldTheNote = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isRegularFile(quarantined)) {
            assertTrue(System.nanoTime() < deadline, "the file is quarantined once Odoo fails");
            assertEquals(0, messageKeys("STS-CRASH"), "no key for the message while it is being applied");
            samples++;
            if (camel.getInflightRepository().size(PaymentFilesFlow.ROUTE_STATUS_INBOX) > 0
                    && odoo.journal().count("account.payment", "message_post") == postsBefore) {
                samplesWhileOdooHeldTheNote++;
            }
            Thread.sleep(50);
        }
        assertTrue(samplesWhileOdooHeldTheNote > 10, "the store was looked at while Odoo held the first note (" + samplesWhileOdooHeldTheNote
                + " of " + samples + " samples)");
        assertEquals(0, messageKeys("STS-CRASH"), "a failed apply leaves no key");
        Map<Long, String> halfway = bankStatuses(early);
        assertEquals(1, halfway.values().stream().filter(java.util.Objects::nonNull).count(), "applied half-way: " + halfway);

        odoo.faults().clear();
        dropStatus("status-crash-resent.xml", xml);
        JsonNode report = awaitReport("status-crash-resent.xml");
        assertFalse(report.get("duplicate").asBoolean(), "the message was never applied whole: " + report);
        assertEquals(Map.of(accepted, "ACSC", rejected, "RJCT"), Map.of(accepted, bankStatuses(early).get(accepted),
                rejected, bankStatuses(early).get(rejected)));
        assertRejectedInOdoo(rejected);
        assertTrue(sent(accepted), "the accepted payment stays sent");
        assertEquals(1, notes(accepted) - acceptedNotes, "one chatter note on each payment, none twice");
        assertEquals(1, notes(rejected) - rejectedNotes, "one chatter note on each payment, none twice");
        assertEquals(1, messageKeys("STS-CRASH"), "the key is added once the message is applied");
    }

    // ---- exception items: each one replayable, or a notice whose replay is refused ------------------------------

    /** The payment-files items about a subject (all states), newest first. */
    List<ExceptionItem> items(String subject) {
        return exceptions.list(java.util.Optional.of(PaymentFilesFlow.FLOW), java.util.Optional.empty(), 1000).stream()
                .filter(e -> subject.equals(e.subject)).toList();
    }

    io.restassured.response.Response replayOverHttp(UUID itemId) {
        return given().auth().preemptive().basic("operator", "operator-demo").post("/api/v1/exceptions/" + itemId + "/replay");
    }

    ExceptionItem item(UUID id) {
        return exceptions.find(id).orElseThrow();
    }

    @Test
    void bankRejectionIsANoticeWhoseReplayIsRefusedWithWhatToDoAndWhichIsClosedByDiscard() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        long rejected = ids.get("3480.5");
        dropStatus("status-notice.xml", pain002v10("STS-NOTICE", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, rejected), "RJCT", "AC01", "Account closed")
                        + tx("FH-OTHER-P998-ABCD", "RJCT", "AC01", "x")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(statusReport("status-notice.xml")));
        assertRejectedInOdoo(rejected);
        ExceptionItem notice = items("odoo-payment:" + rejected).stream().filter(e -> e.createdAt.isAfter(start)).findFirst().orElseThrow();
        assertTrue(notice.errorMessage.contains("AC01: Account closed") && notice.errorMessage.contains("correct what the bank names"),
                notice.errorMessage);
        assertEquals(PaymentFilesFlow.ROUTE_STATUS, notice.routeId, "the notice names the route that read the report");
        List<RecordedCallCount> before = odooWrites();

        String problem = replayOverHttp(notice.id).then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("exception-not-replayable"))
                .extract().path("detail");
        assertTrue(problem.contains("is a notice, not a failed message") && problem.contains("AC01: Account closed")
                && problem.contains("discard"), problem);
        assertEquals(before, odooWrites(), "a refused replay changes nothing in Odoo");
        assertRejectedInOdoo(rejected);
        assertEquals(ExceptionState.NEW, item(notice.id).state, "the notice stays open");
        assertEquals(0, item(notice.id).attempts);

        ExceptionItem unknown = exceptions.list(java.util.Optional.of(PaymentFilesFlow.FLOW), java.util.Optional.of(ExceptionState.NEW), 1000)
                .stream().filter(e -> e.createdAt.isAfter(start) && e.errorMessage.contains("FH-OTHER-P998-ABCD")).findFirst().orElseThrow();
        replayOverHttp(unknown.id).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("Check with the bank"));

        given().auth().preemptive().basic("operator", "operator-demo").contentType("application/json")
                .body("{\"reason\":\"vendor IBAN corrected in Odoo, paid again\"}").post("/api/v1/exceptions/" + notice.id + "/discard")
                .then().statusCode(200).body("state", equalTo("DISCARDED"))
                .body("decisionReason", equalTo("vendor IBAN corrected in Odoo, paid again"));
        replayOverHttp(notice.id).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("DISCARDED"));
        assertEquals(before, odooWrites());
    }

    /** Chatter messages on a payment, as Odoo stores them. */
    long notes(long paymentId) {
        return odoo.store().records("mail.message").stream()
                .filter(m -> "account.payment".equals(m.get("model")) && m.get("res_id") != null
                        && ((Number) m.get("res_id")).longValue() == paymentId)
                .count();
    }

    Map<Long, String> bankStatuses(JsonNode batch) {
        Map<Long, String> statuses = new HashMap<>();
        store.find(UUID.fromString(batch.get("id").asText())).orElseThrow().view().payments()
                .forEach(p -> statuses.put(p.odooPaymentId(), p.bankStatus()));
        return statuses;
    }

    @Test
    void emptyStatusFileIsQuarantinedWithAnExceptionSayingSo() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        dropStatus("status-empty.xml", "");
        Path quarantined = Path.of(workDir, "payment-files", "status-quarantine", "status-empty.xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(quarantined));
        assertFalse(Files.exists(Path.of(workDir, "payment-files", "status-inbox", "status-empty.xml")), "the inbox no longer holds it");
        ExceptionItem item = exceptions.list(java.util.Optional.of(PaymentFilesFlow.FLOW), java.util.Optional.of(ExceptionState.NEW), 1000)
                .stream().filter(e -> e.createdAt.isAfter(start) && PaymentFilesFlow.ROUTE_STATUS_INBOX.equals(e.routeId)).findFirst().orElseThrow();
        assertTrue(item.errorMessage.contains("status-empty.xml: the file is empty (0 bytes)"), item.errorMessage);
    }

    @Test
    void statusFileThatFailedHalfwayInOdooIsReplayedAndAppliesEachPaymentOnce() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        long accepted = ids.get("1250");
        long rejected = ids.get("3480.5");
        long acceptedNotes = notes(accepted);
        long rejectedNotes = notes(rejected);
        // the first payment's note goes through, every later one fails: the file is applied half-way
        odoo.faults().inject(Fault.odooError("odoo.exceptions.UserError").on("account.payment", "message_post").occurrence(2).repeating());
        dropStatus("status-odoo-down.xml", pain002v10("STS-DOWN", early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, accepted), "ACSC", null, null) + tx(endToEndId(early, rejected), "RJCT", "AM04", "Insufficient funds")));
        Path quarantined = Path.of(workDir, "payment-files", "status-quarantine", "status-odoo-down.xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(quarantined));
        ExceptionItem failed = exceptions.list(java.util.Optional.of(PaymentFilesFlow.FLOW), java.util.Optional.of(ExceptionState.NEW), 1000)
                .stream().filter(e -> e.createdAt.isAfter(start) && PaymentFilesFlow.ROUTE_STATUS_INBOX.equals(e.routeId)).findFirst().orElseThrow();
        Map<Long, String> halfway = bankStatuses(early);
        long first = halfway.get(accepted) != null ? accepted : rejected;
        long second = first == accepted ? rejected : accepted;
        assertNotNull(halfway.get(first), "one payment's status was applied before Odoo failed: " + halfway);
        assertEquals(null, halfway.get(second), "the other one's was not: " + halfway);
        assertEquals(1, notes(first) - (first == accepted ? acceptedNotes : rejectedNotes));

        odoo.faults().clear();
        replayOverHttp(failed.id).then().statusCode(200).body("result", equalTo("REPLAYED"));
        assertRejectedInOdoo(rejected);
        assertTrue(sent(accepted), "the accepted payment stays sent");
        assertEquals(Map.of(accepted, "ACSC", rejected, "RJCT"), Map.of(accepted, bankStatuses(early).get(accepted),
                rejected, bankStatuses(early).get(rejected)));
        assertEquals(1, notes(accepted) - acceptedNotes, "one chatter note on each payment, none twice");
        assertEquals(1, notes(rejected) - rejectedNotes, "one chatter note on each payment, none twice");
        JsonNode report = JSON.readTree(statusReport("status-odoo-down.xml").toFile());
        Map<Long, String> outcomes = new HashMap<>();
        report.get("applied").forEach(a -> outcomes.put(a.get("odooPaymentId").asLong(), a.get("outcome").asText()));
        assertEquals(Map.of(first, "ALREADY_APPLIED", second, second == accepted ? "ACCEPTED" : "REJECTED"), outcomes, report.toString());
        assertEquals(1, items("odoo-payment:" + rejected).stream().filter(e -> e.createdAt.isAfter(start)).count(),
                "one rejection notice, not one per attempt");
        assertEquals(ExceptionState.REPLAYED, item(failed.id).state);
        replayOverHttp(failed.id).then().statusCode(409);
    }

    @Test
    void excludedPaymentReplayFailsWithItsReasonUntilFixedInOdooThenGoesOut() throws Exception {
        long broken = paymentIds().get("410");
        run();
        ExceptionItem exclusion = items("odoo-payment:" + broken).stream()
                .filter(e -> e.state == ExceptionState.NEW && PaymentExcludedException.class.getName().equals(e.errorClass))
                .findFirst().orElseThrow();
        assertEquals(PaymentFilesFlow.ROUTE_RUN, exclusion.routeId, "the item names the run that left the payment out");

        replayOverHttp(exclusion.id).then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("INVALID_IBAN"));
        assertEquals(ExceptionState.NEW, item(exclusion.id).state, "still wrong in Odoo: the item stays open");
        assertEquals(1, items("odoo-payment:" + broken).stream()
                .filter(e -> e.state == ExceptionState.NEW && PaymentExcludedException.class.getName().equals(e.errorClass)).count(),
                "the replay's run raises no second item");
        assertFalse(sent(broken));

        long bankAccount = odooAsAdmin("account.payment", "read", List.of(List.of(broken), List.of("partner_bank_id")))
                .get(0).get("partner_bank_id").get(0).asLong();
        odooAsAdmin("res.partner.bank", "write", List.of(List.of(bankAccount), Map.of("acc_number", "DE89370400440532013000")));
        if (odooVersion >= 18) {
            // the broken account is not trusted for outgoing payments either: 18 refuses it for that, the next reason
            replayOverHttp(exclusion.id).then().statusCode(422).body("detail", org.hamcrest.Matchers.containsString("trusted"));
            odooAsAdmin("res.partner.bank", "write", List.of(List.of(bankAccount), Map.of("allow_out_payment", true)));
        }
        replayOverHttp(exclusion.id).then().statusCode(200).body("result", equalTo("REPLAYED"));
        assertTrue(sent(broken), "the fixed payment went out in a new batch");
        assertTrue(store.list(java.util.Optional.of("SENT"), 100).stream()
                .anyMatch(b -> b.payments().stream().anyMatch(p -> p.odooPaymentId() == broken)));
    }

    @Test
    void sagaFailureReplayedAfterOdooIsBackSendsItsPaymentsInANewBatch() throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode approved = approvedWhileOdooFailsAtSecondClaim();
        String id = approved.get("id").asText();
        assertEquals("FAILED", approved.get("state").asText(), approved.toString());
        UUID itemId = UUID.fromString(approved.get("exceptionId").asText());

        replayOverHttp(itemId).then().statusCode(200).body("result", equalTo("REPLAYED"));
        PaymentBatchView again = store.list(java.util.Optional.of("PENDING_APPROVAL"), 100).stream()
                .filter(b -> b.payments().stream().anyMatch(p -> p.odooPaymentId() == ids.get("15600")))
                .findFirst().orElseThrow(() -> new AssertionError("the failed batch's payments are in a new batch"));
        assertFalse(again.id().equals(id));
        assertFalse(sent(ids.get("15600")), "above the threshold: the new batch waits for four eyes again");
        approveAs("approver", "approver-demo", again.id());
        assertTrue(sent(ids.get("15600")) && sent(ids.get("220")), "approved, the new batch goes out");
        assertEquals(ExceptionState.REPLAYED, item(itemId).state);
    }

    @Test
    void sagaItemOfABatchFinishedMeanwhileReplaysAsNothingToDo() throws Exception {
        JsonNode r = run();
        String id = batch(r, "BNK1", "2026-11-20").get("id").asText();
        assertEquals("SENT", batch(r, "BNK1", "2026-11-20").get("state").asText());
        List<RecordedCallCount> before = odooWrites();
        // an item for the batch as the saga route records it (e.g. a recording step failure the recovery pass finished)
        var recorded = exceptions.record(new io.financehub.governance.exceptions.ExceptionQueue.FailedMessage(
                PaymentFilesFlow.ROUTE_SAGA, new IllegalStateException("recording failed"), id.getBytes(StandardCharsets.UTF_8),
                Map.of(io.financehub.governance.HubHeaders.FLOW, PaymentFilesFlow.FLOW,
                        io.financehub.governance.HubHeaders.SUBJECT, "payment-batch:" + id,
                        io.financehub.governance.HubHeaders.REPLAY_ENDPOINT, PaymentFilesFlow.ENDPOINT_SAGA_REPLAY), null, null));
        UUID itemId = recorded.itemId().orElseThrow();

        replayOverHttp(itemId).then().statusCode(200).body("result", equalTo("REPLAYED"));
        assertEquals(before, odooWrites(), "nothing sent or changed again");
        assertEquals(1, outboxFiles().stream().filter(f -> f.getFileName().toString().startsWith(
                batch(r, "BNK1", "2026-11-20").get("messageId").asText())).count(), "still one file");
    }

    record RecordedCallCount(String method, long count) {
    }

    List<RecordedCallCount> odooWrites() {
        return List.of("message_post", "unmark_as_sent", "action_reject", "mark_as_sent", "write").stream()
                .map(m -> new RecordedCallCount(m, odoo.journal().count("account.payment", m))).toList();
    }

    // ---- writes whose answer is lost ----------------------------------------------------------------------------

    /**
     * What the payment scenario leaves in Odoo and the hub, per payment by amount: sent flag, state and chatter notes;
     * plus the files in the outbox and each batch's state.
     */
    java.util.SortedMap<String, String> paymentState() throws IOException {
        java.util.SortedMap<String, String> state = new java.util.TreeMap<>();
        paymentIds().forEach((amount, id) -> state.put("payment " + amount, "sent=" + sent(id) + " state="
                + odoo.store().record("account.payment", id).orElseThrow().get("state") + " notes=" + notes(id)));
        state.put("outbox files", Integer.toString(outboxFiles().size()));
        for (PaymentBatchView b : store.list(java.util.Optional.empty(), 1000)) {
            state.put("batch " + b.company() + "/" + b.journal() + "/" + b.executionDate(), b.state());
        }
        return state;
    }

    /**
     * A payment run (released batches claimed with mark_as_sent, their files written) and a pain.002 accepting one
     * payment and rejecting another (chatter notes, unmark_as_sent or action_reject): the report that the status
     * applied, once the status inbox has archived it.
     */
    JsonNode paymentScenario(String statusName) throws Exception {
        Map<String, Long> ids = paymentIds();
        JsonNode early = batch(run(), "BNK1", "2026-11-20");
        dropStatus(statusName, pain002v10("STS-" + statusName, early.get("messageId").asText(), paymentInformationId(early),
                tx(endToEndId(early, ids.get("1250")), "ACSC", null, null)
                        + tx(endToEndId(early, ids.get("3480.5")), "RJCT", "AC01", "Account closed")));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isRegularFile(statusReport(statusName)));
        await().atMost(Duration.ofSeconds(10)).until(() -> odoo.requestsInProgress() == 0);
        return JSON.readTree(statusReport(statusName).toFile());
    }

    /** Which payments a write acted on: its ids (the first positional argument). */
    static String paymentIdsOf(io.financehub.sandbox.odoo.RecordedCall call) {
        return call.args() != null && call.args().size() > 0 ? call.args().get(0).toString() + (call.kwargs() == null ? ""
                : call.kwargs().path("body").asText()) : "";
    }

    @Test
    void everyPaymentWriteCommittedAfterTheTimeoutOrKilledByOdoosLimitEndsInTheFaultFreeState() throws Exception {
        Assumptions.assumeTrue(odooVersion == 17, "the write faults run in the Odoo 17 run");
        JsonNode clean = paymentScenario("st-clean.xml");
        java.util.SortedMap<String, String> expected = paymentState();
        long writes = odoo.journal().calls().stream().filter(io.financehub.sandbox.odoo.RecordedCall::isWrite).count();
        assertTrue(writes >= 5, "claims, notes and a rejection: " + odoo.journal().calls());
        List<String> failures = new ArrayList<>();
        for (long write = 1; write <= writes; write++) {
            // Odoo commits after the hub's 3 s timeout, or its 5 s request limit stops the write
            for (Fault fault : List.of(Fault.slowCommit(Duration.ofSeconds(4)).onWrite(write),
                    Fault.killedByRequestLimit(Duration.ofSeconds(5)).onWrite(write))) {
                freshState();
                odoo.faults().inject(fault);
                JsonNode report = paymentScenario("st-" + write + "-" + fault.kind().ordinal() + ".xml");
                java.util.SortedMap<String, String> actual = paymentState();
                if (!expected.equals(actual)) {
                    failures.add(fault + ": " + actual + " instead of " + expected);
                }
                if (!clean.get("applied").toString().equals(report.get("applied").toString())) {
                    failures.add(fault + ": status report " + report.get("applied") + " instead of " + clean.get("applied"));
                }
                io.financehub.testing.WriteJournal.resendsWhileUnknown(odoo.journal().calls(), PaymentFilesFlowTest::paymentIdsOf)
                        .forEach(broken -> failures.add(fault + ": " + broken));
            }
        }
        assertEquals(List.of(), failures);
    }
}
