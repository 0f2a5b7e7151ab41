package io.financehub.flows.bankstatements;

import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK1;
import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK2;
import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_US01;
import static io.financehub.flows.bankstatements.StatementFiles.Entry.credit;
import static io.financehub.flows.bankstatements.StatementFiles.Entry.debit;
import static io.financehub.flows.bankstatements.StatementFiles.statement;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import io.financehub.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.financehub.sandbox.odoo.Fault;

/**
 * Statement files in, Odoo bank statement lines out: exactly once, with archive, audit and events. Runs
 * against the Odoo 17 emulator; the nested-profile subclasses run the same tests against 16 and 18.
 */
@QuarkusTest
class BankStatementsFlowTest {

    /** How a file reaches the hub. */
    enum Channel { INBOX, UPLOAD }

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @ConfigProperty(name = "hub.test.odoo-unique-import-id", defaultValue = "false")
    boolean uniqueImportId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OdooBankJournals journals;

    OdooEmulator odoo;
    String token;

    @BeforeEach
    void freshOdoo() {
        odoo = OdooTestResource.emulator(odooVersion, uniqueImportId);
        odoo.reset();
        journals.clear();
        token = UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Whether this run also does the tests whose behaviour does not depend on the Odoo version (refused files,
     * fault injection): once, in the Odoo 17 run, to keep the suite short.
     */
    boolean runsVersionIndependentTests() {
        return true;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    Path dir(String name) {
        return Path.of(workDir, "bank-statements", name);
    }

    void drop(String name, byte[] content) throws IOException {
        Path inbox = Files.createDirectories(dir("inbox"));
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    JsonNode awaitArchived(String name) throws IOException {
        Path report = dir("archive").resolve(LocalDate.now().toString()).resolve(name + ".report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report) || Files.exists(dir("quarantine").resolve(name + ".error.json")));
        assertTrue(Files.exists(report), "not archived but quarantined: " + readIfExists(dir("quarantine").resolve(name + ".error.json")));
        assertTrue(Files.exists(report.resolveSibling(name)), "the original file is archived next to its report");
        return JSON.readTree(report.toFile());
    }

    JsonNode awaitQuarantined(String name) throws IOException {
        Path error = dir("quarantine").resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(error));
        assertTrue(Files.exists(dir("quarantine").resolve(name)), "the rejected file itself is quarantined");
        return JSON.readTree(error.toFile());
    }

    /** Sends the file through the channel and waits for its archived report (the archive name of an upload carries the import id). */
    JsonNode importThrough(Channel channel, String name, byte[] content) throws IOException {
        if (channel == Channel.INBOX) {
            drop(name, content);
            return awaitArchived(name);
        }
        String importId = given().auth().preemptive().basic("integration", "integration-demo")
                .contentType("application/octet-stream").body(content)
                .post("/api/v1/bank-statements?fileName=" + name)
                .then().statusCode(202).extract().path("importId");
        return awaitArchived(importId + "-" + name);
    }

    /** The audit trail has the file's import and the Kafka topic one event per posted statement. */
    void assertAuditedAndPublished(JsonNode report, int statements) throws Exception {
        String correlationId = report.get("correlationId").asText();
        List<String> actions = given().auth().preemptive().basic("auditor", "auditor-demo")
                .get("/api/v1/audit?correlationId=" + correlationId).then().statusCode(200).extract().path("action");
        assertTrue(actions.contains("bank-statement.file-imported"), actions.toString());
        assertEquals(statements, actions.stream().filter("bank-statement.posted"::equals).count(), actions.toString());
        assertEquals(statements, events(correlationId, statements).size());
    }

    static Map<String, Object> lineLabelled(List<Map<String, Object>> lines, String label) {
        return lines.stream().filter(l -> String.valueOf(l.get("payment_ref")).contains(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no Odoo line labelled '" + label + "' in " + lines));
    }

    static void assertAmount(String expected, Object actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(String.valueOf(actual))), "expected " + expected + " got " + actual);
    }

    static boolean isSet(Object odooValue) {
        return odooValue != null && !Boolean.FALSE.equals(odooValue);
    }

    static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(nothing)";
    }

    List<Map<String, Object>> lines() {
        return odoo.store().records("account.bank.statement.line").stream()
                .filter(l -> String.valueOf(l.get("payment_ref")).contains(token)).toList();
    }

    Map<String, Object> statementNamed(String name) {
        return odoo.store().records("account.bank.statement").stream().filter(st -> name.equals(st.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Odoo statement named " + name));
    }

    long postingCalls() {
        return odoo.journal().count("account.bank.statement", "create") + odoo.journal().count("account.bank.statement.line", "create")
                + odoo.journal().count("account.bank.statement.line", "write") + odoo.journal().count("account.bank.statement", "write");
    }

    String camtTwoStatements() {
        return StatementFiles.camt053("MSG-" + token, List.of(
                statement("S1-" + token, ACCOUNT_BNK1, "1000.00",
                        credit("1500.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "Invoice 4711 " + token, "R1-" + token)
                                .withEndToEnd("E2E-4711-" + token),
                        debit("25.50", "2026-11-21", "Commerzbank", null, "Account fees " + token, "R2-" + token),
                        credit("110.00", "2026-11-21", "Initech SARL", "FR1420041010050500013M02606", "FX payment " + token, "R3-" + token)
                                .withForeign("100.00", "USD")),
                statement("S2-" + token, ACCOUNT_BNK2, "0.00",
                        credit("42.00", "2026-11-21", "Acme Supplies GmbH", "DE75512108001245126199", "Refund " + token, "R4-" + token))));
    }

    // ---- behaviour ------------------------------------------------------------------------------------------

    @Test
    void theApplicationTalksToTheEmulatorOfThisOdooVersion() throws Exception {
        odoo.journal().clear();
        importThrough(Channel.INBOX, "version-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        // S1 (3 lines) posts in two parts at the test profile's 2 lines per call, S2 in one
        assertEquals(3, odoo.journal().count("account.bank.statement", "create"), "the statements went to the Odoo " + odooVersion + " emulator");
        assertEquals(odooVersion, odoo.version());
    }

    @Test
    void camt053InTheInboxEndsAsOdooLinesWithArchiveAuditAndEvent() throws Exception {
        drop("camt-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        JsonNode report = awaitArchived("camt-" + token + ".xml");

        assertEquals("IMPORTED", report.get("status").asText());
        assertEquals(4, report.get("linesCreated").asInt());
        assertEquals("camt.053.001.08", report.get("format").asText());
        List<Map<String, Object>> lines = lines();
        assertEquals(4, lines.size(), lines.toString());
        Map<String, Object> invoice = lines.stream().filter(l -> String.valueOf(l.get("payment_ref")).contains("Invoice 4711")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("1500.00").compareTo(new BigDecimal(invoice.get("amount").toString())));
        assertEquals("Globex Ltd", invoice.get("partner_name"));
        assertEquals("GB29NWBK60161331926819", invoice.get("account_number"));
        assertEquals("2026-11-21", String.valueOf(invoice.get("date")));
        Map<String, Object> fee = lines.stream().filter(l -> String.valueOf(l.get("payment_ref")).contains("Account fees")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("-25.50").compareTo(new BigDecimal(fee.get("amount").toString())));
        Map<String, Object> fx = lines.stream().filter(l -> String.valueOf(l.get("payment_ref")).contains("FX payment")).findFirst().orElseThrow();
        assertTrue(fx.get("foreign_currency_id") != null && !Boolean.FALSE.equals(fx.get("foreign_currency_id")), fx.toString());
        assertEquals(0, new BigDecimal("100.00").compareTo(new BigDecimal(fx.get("amount_currency").toString())));
        // one create call per part of at most hub.bank-statements.lines-per-call (2 in tests) lines, lines included
        assertEquals(3, odoo.journal().count("account.bank.statement", "create"));
        // S1's two parts chain from its opening to its closing balance; S2 is one statement under its own name
        Map<String, Object> part1 = statementNamed("S1-" + token + " (lines 1-2 of 3)");
        Map<String, Object> part2 = statementNamed("S1-" + token + " (lines 3-3 of 3)");
        assertAmount("1000.00", part1.get("balance_start"));
        assertAmount("2474.50", part1.get("balance_end_real"));
        assertAmount("2474.50", part2.get("balance_start"));
        assertAmount("2584.50", part2.get("balance_end_real"));
        assertAmount("0.00", statementNamed("S2-" + token).get("balance_start"));
        assertEquals(List.of(((Number) part1.get("id")).longValue(), ((Number) part2.get("id")).longValue()), StreamSupport.stream(report.get("statements").get(0)
                .get("odooStatementIds").spliterator(), false).map(JsonNode::asLong).toList());

        String correlationId = report.get("correlationId").asText();
        given().auth().preemptive().basic("auditor", "auditor-demo").get("/api/v1/audit?correlationId=" + correlationId)
                .then().statusCode(200)
                .body("action", equalTo(List.of("bank-statement.posted", "bank-statement.posted", "bank-statement.file-imported")));

        List<JsonNode> events = events(correlationId, 2);
        assertEquals(2, events.size());
        assertEquals("finance.bank-statement.imported", events.get(0).get("type").asText());
        assertEquals("urn:odoo-finance-hub:bank-statements", events.get(0).get("source").asText());
        assertFalse(events.toString().contains(ACCOUNT_BNK1), "events carry masked accounts only");
    }

    @Test
    void uploadThroughTheApiIsImportedAndReported() {
        String importId = given().auth().preemptive().basic("integration", "integration-demo")
                .contentType("application/xml").body(camtTwoStatements().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/bank-statements?fileName=upload-" + token + ".xml")
                .then().statusCode(202).extract().path("importId");
        await().atMost(Duration.ofSeconds(30)).until(() -> "IMPORTED".equals(given().auth().preemptive().basic("operator", "operator-demo")
                .get("/api/v1/bank-statements/imports/" + importId).then().extract().path("status")));
        given().auth().preemptive().basic("operator", "operator-demo").get("/api/v1/bank-statements/imports/" + importId)
                .then().statusCode(200).body("linesCreated", equalTo(4)).body("duplicatesSkipped", equalTo(0))
                .body("statements.size()", equalTo(2));
        assertEquals(4, lines().size());
    }

    @Test
    void reDroppingAFileCreatesNoNewLines() throws Exception {
        byte[] file = camtTwoStatements().getBytes(StandardCharsets.UTF_8);
        drop("first-" + token + ".xml", file);
        awaitArchived("first-" + token + ".xml");
        drop("again-" + token + ".xml", file);
        JsonNode again = awaitArchived("again-" + token + ".xml");
        assertEquals(0, again.get("linesCreated").asInt());
        assertEquals(4, again.get("duplicatesSkipped").asInt());
        assertEquals(4, lines().size());
    }

    @Test
    void overlappingIntradayThenEndOfDayPostsOnlyTheNewLines() throws Exception {
        StatementFiles.Entry a = credit("100.00", "2026-11-21", "Globex Ltd", null, "Morning " + token, null);
        StatementFiles.Entry b = debit("30.00", "2026-11-21", "Acme Supplies GmbH", null, "Noon " + token, null);
        StatementFiles.Entry c = credit("5.00", "2026-11-21", "Initech SARL", null, "Evening " + token, null);
        drop("intraday-" + token + ".xml", StatementFiles.camt053("I-" + token,
                List.of(statement("D-" + token, ACCOUNT_BNK1, "1000.00", a, b))).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, awaitArchived("intraday-" + token + ".xml").get("linesCreated").asInt());
        drop("eod-" + token + ".xml", StatementFiles.camt053("E-" + token,
                List.of(statement("D-" + token, ACCOUNT_BNK1, "1000.00", a, b, c))).getBytes(StandardCharsets.UTF_8));
        JsonNode eod = awaitArchived("eod-" + token + ".xml");
        assertEquals(1, eod.get("linesCreated").asInt());
        assertEquals(2, eod.get("duplicatesSkipped").asInt());
        assertEquals(3, lines().size());
    }

    @Test
    void twoIdenticalLinesInOneStatementBothPost() throws Exception {
        StatementFiles.Entry coffee = debit("3.20", "2026-11-21", "Coffee Shop", null, "Coffee " + token, null);
        drop("same-" + token + ".xml", StatementFiles.camt053("S-" + token,
                List.of(statement("T-" + token, ACCOUNT_BNK1, "10.00", coffee, coffee))).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, awaitArchived("same-" + token + ".xml").get("linesCreated").asInt());
        assertEquals(2, lines().size());
    }

    @Test
    void mt940IsImported() throws Exception {
        String mt = StatementFiles.mt940("MT-" + token, ACCOUNT_BNK1, "500.00", List.of(
                credit("250.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "MT payment " + token, "MTREF1")));
        drop("mt-" + token + ".sta", mt.getBytes(StandardCharsets.ISO_8859_1));
        JsonNode report = awaitArchived("mt-" + token + ".sta");
        assertEquals("mt940", report.get("format").asText());
        assertEquals(1, lines().size());
    }

    @Test
    void unbalancedStatementIsQuarantinedAndNothingPosted() throws Exception {
        String camt = camtTwoStatements().replaceFirst("<Amt Ccy=\"EUR\">1500.00</Amt>", "<Amt Ccy=\"EUR\">1500.01</Amt>");
        odoo.journal().clear();
        drop("unbalanced-" + token + ".xml", camt.getBytes(StandardCharsets.UTF_8));
        JsonNode error = awaitQuarantined("unbalanced-" + token + ".xml");
        assertEquals("QUARANTINED", error.get("status").asText());
        assertTrue(error.get("nothingPosted").asBoolean());
        assertTrue(error.get("reason").asText().contains("Nothing was posted"), error.toString());
        assertEquals("BALANCE_MISMATCH", error.get("errors").get(0).get("code").asText(), error.toString());
        assertEquals(0, postingCalls());
        assertTrue(error.hasNonNull("exceptionId"));
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Whether the exception item's payload column holds bytes (it must not: the item refers to the kept file). */
    boolean payloadCopiedIntoTheStore(String exceptionId) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("select payload is not null from exception_item where id = ?")) {
            ps.setObject(1, UUID.fromString(exceptionId));
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no exception item " + exceptionId);
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void refusedFileIsKeptOnceInTheQuarantineAndItsItemRefersToItAndRefusesAReplayOnceItChanged() throws Exception {
        Assumptions.assumeTrue(runsVersionIndependentTests(), "runs in the Odoo 17 run");
        String name = "kept-" + token + ".xml";
        byte[] content = camtTwoStatements().replaceFirst("<Amt Ccy=\"EUR\">1500.00</Amt>", "<Amt Ccy=\"EUR\">1500.01</Amt>")
                .getBytes(StandardCharsets.UTF_8);
        drop(name, content);
        String exceptionId = awaitQuarantined(name).get("exceptionId").asText();
        Path kept = dir("quarantine").resolve(name);
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(kept)), "the quarantine holds the file as received");

        JsonNode item = JSON.readTree(given().auth().preemptive().basic("operator", "operator-demo")
                .get("/api/v1/exceptions/" + exceptionId).then().statusCode(200).extract().asString());
        assertEquals("bank-statements/quarantine/" + name, item.get("payloadFile").asText(), item.toString());
        assertEquals(content.length, item.get("payloadSize").asLong());
        assertEquals(io.financehub.governance.audit.AuditHashing.sha256Hex(content), item.get("payloadSha256").asText());
        assertFalse(payloadCopiedIntoTheStore(exceptionId), "the item refers to the kept file instead of copying it");

        // changed since the failure: refused, nothing sent, the item stays NEW
        Files.write(kept, camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        odoo.journal().clear();
        given().auth().preemptive().basic("operator", "operator-demo").post("/api/v1/exceptions/" + exceptionId + "/replay")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("exception-payload-unusable"))
                .body("detail", org.hamcrest.Matchers.containsString("changed since the failure"));
        assertEquals(0, postingCalls(), "nothing was sent");
        // gone: refused as well
        Files.delete(kept);
        given().auth().preemptive().basic("operator", "operator-demo").post("/api/v1/exceptions/" + exceptionId + "/replay")
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("is gone"));
        given().auth().preemptive().basic("operator", "operator-demo").get("/api/v1/exceptions/" + exceptionId)
                .then().statusCode(200).body("state", equalTo("NEW"));
        // put back as it was: the replay runs (and refuses the file again, for the same reason)
        Files.write(kept, content);
        given().auth().preemptive().basic("operator", "operator-demo").post("/api/v1/exceptions/" + exceptionId + "/replay")
                .then().statusCode(422).body("detail", org.hamcrest.Matchers.containsString("does not balance"));
        assertEquals(0, postingCalls());
    }

    @Test
    void unknownAccountIsQuarantinedAndNothingPosted() throws Exception {
        String camt = StatementFiles.camt053("U-" + token, List.of(statement("U-" + token, "NL91ABNA0417164300", "0.00",
                credit("1.00", "2026-11-21", "X", null, "Unknown " + token, null))));
        odoo.journal().clear();
        drop("unknown-" + token + ".xml", camt.getBytes(StandardCharsets.UTF_8));
        JsonNode error = awaitQuarantined("unknown-" + token + ".xml");
        assertEquals("UNKNOWN_ACCOUNT", error.get("errors").get(0).get("code").asText());
        assertFalse(error.toString().contains("NL91ABNA0417164300"), "the account is masked in the error file");
        assertEquals(0, postingCalls());
    }

    // ---- every format, both channels ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Channel.class)
    void camt053ThroughEachChannelEndsAsOdooLines(Channel channel) throws Exception {
        JsonNode report = importThrough(channel, "camt053-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        assertEquals("IMPORTED", report.get("status").asText());
        assertEquals("camt.053.001.08", report.get("format").asText());
        assertEquals(4, report.get("linesCreated").asInt());
        List<Map<String, Object>> lines = lines();
        assertEquals(4, lines.size(), lines.toString());
        Map<String, Object> fee = lineLabelled(lines, "Account fees");
        assertAmount("-25.50", fee.get("amount"));
        assertEquals("Commerzbank", fee.get("partner_name"));
        Map<String, Object> fx = lineLabelled(lines, "FX payment");
        assertTrue(isSet(fx.get("foreign_currency_id")), fx.toString());
        assertAmount("100.00", fx.get("amount_currency"));
        assertEquals("FR1420041010050500013M02606", fx.get("account_number"));
        assertAuditedAndPublished(report, 2);
    }

    /**
     * camt.054 notifications carry no balances: each notification posts as an Odoo statement of its lines
     * without balance_start/balance_end_real (Odoo then takes the lines' sum), keyed per line like a camt.053,
     * so the end-of-day camt.053 later posts only what the notifications did not.
     */
    @ParameterizedTest
    @EnumSource(Channel.class)
    void camt054NotificationPostsItsLinesWithoutBalances(Channel channel) throws Exception {
        String camt = StatementFiles.camt054("N-" + token, List.of(statement("N1-" + token, ACCOUNT_BNK1, "0.00",
                credit("1500.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "Invoice 4711 " + token, "N1R-" + token),
                debit("80.00", "2026-11-21", "Acme Supplies GmbH", "DE75512108001245126199", "Direct debit " + token, null)
                        .withForeign("90.00", "CHF"))));
        JsonNode report = importThrough(channel, "camt054-" + token + ".xml", camt.getBytes(StandardCharsets.UTF_8));
        assertTrue(report.get("format").asText().startsWith("camt.054"), report.toString());
        assertEquals(2, report.get("linesCreated").asInt());
        List<Map<String, Object>> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        Map<String, Object> invoice = lineLabelled(lines, "Invoice 4711");
        assertAmount("1500.00", invoice.get("amount"));
        assertEquals("2026-11-21", String.valueOf(invoice.get("date")));
        assertEquals("Globex Ltd", invoice.get("partner_name"));
        assertEquals("GB29NWBK60161331926819", invoice.get("account_number"));
        Map<String, Object> debitLine = lineLabelled(lines, "Direct debit");
        assertAmount("-80.00", debitLine.get("amount"));
        assertTrue(isSet(debitLine.get("foreign_currency_id")), debitLine.toString());
        assertAmount("-90.00", debitLine.get("amount_currency"));
        assertAuditedAndPublished(report, 1);
        JsonNode warning = report.get("warnings").get(0);
        assertEquals("NOT_BALANCE_CHECKED", warning.get("code").asText(), report.toString());
        assertTrue(warning.get("reason").asText().contains("N1-" + token + " is not balance-checked"), warning.toString());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void mt940WithGermanField86EndsAsOdooLines(Channel channel) throws Exception {
        String mt = StatementFiles.mt940("MT-" + token, ACCOUNT_BNK1, "500.00", List.of(
                credit("250.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "MT payment " + token, "MT1-" + token)
                        .withEndToEnd("E2E-" + token),
                debit("19.99", "2026-11-20", "Telekom Deutschland", "DE02120300000000202051", "Mobile bill " + token, null)));
        JsonNode report = importThrough(channel, "mt-" + token + ".sta", mt.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("mt940", report.get("format").asText());
        assertEquals(2, report.get("linesCreated").asInt());
        List<Map<String, Object>> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        Map<String, Object> payment = lineLabelled(lines, "MT payment");
        assertAmount("250.00", payment.get("amount"));
        assertEquals("2026-11-21", String.valueOf(payment.get("date")));
        assertEquals("Globex Ltd", payment.get("partner_name"));
        assertEquals("GB29NWBK60161331926819", payment.get("account_number"));
        Map<String, Object> bill = lineLabelled(lines, "Mobile bill");
        assertAmount("-19.99", bill.get("amount"));
        assertEquals("2026-11-20", String.valueOf(bill.get("date")));
        assertEquals("Telekom Deutschland", bill.get("partner_name"));
        assertAuditedAndPublished(report, 1);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void bankCsvInTheDemoLayoutPostsToTheUsdJournalOfUs01(Channel channel) throws Exception {
        String csv = StatementFiles.chaseCsv("10000.00", List.of(
                credit("2500.00", "2026-11-19", "Initech Inc", "021000021-987654321", "Invoice 88 " + token, "CH-1-" + token),
                debit("120.40", "2026-11-20", "Office Depot", null, "Supplies " + token, "CH-2-" + token),
                credit("1092.50", "2026-11-21", "Globex GmbH", "DE75512108001245126199", "EUR payment " + token, "CH-3-" + token)
                        .withForeign("1000.00", "EUR")));
        JsonNode report = importThrough(channel, "chase-" + token + ".csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals("csv:chase-usd-demo", report.get("format").asText());
        assertEquals(3, report.get("linesCreated").asInt());
        assertEquals("US01", report.get("statements").get(0).get("company").asText());
        assertEquals("BNK1", report.get("statements").get(0).get("journal").asText());
        List<Map<String, Object>> lines = lines();
        assertEquals(3, lines.size(), lines.toString());
        Map<String, Object> usdJournal = odoo.store().records("account.journal").stream()
                .filter(j -> ACCOUNT_US01.equals(String.valueOf(bankAccountOf(j)))).findFirst().orElseThrow();
        for (Map<String, Object> line : lines) {
            assertEquals(String.valueOf(usdJournal.get("id")), String.valueOf(idOf(line.get("journal_id"))), line.toString());
        }
        Map<String, Object> invoice = lineLabelled(lines, "Invoice 88");
        assertAmount("2500.00", invoice.get("amount"));
        assertEquals("2026-11-19", String.valueOf(invoice.get("date")));
        assertEquals("Initech Inc", invoice.get("partner_name"));
        assertEquals("021000021-987654321", invoice.get("account_number"));
        assertAmount("-120.40", lineLabelled(lines, "Supplies").get("amount"));
        Map<String, Object> eur = lineLabelled(lines, "EUR payment");
        assertTrue(isSet(eur.get("foreign_currency_id")), eur.toString());
        assertAmount("1000.00", eur.get("amount_currency"));
        assertAuditedAndPublished(report, 1);
    }

    @Test
    void bankCsvOfALayoutWithoutBalancesIsPostedAndReportedAsNotBalanceChecked() throws Exception {
        String csv = StatementFiles.chaseSearchCsv(List.of(
                credit("2500.00", "2026-11-19", "Initech Inc", null, "Search invoice " + token, "CS-1-" + token),
                debit("120.40", "2026-11-20", "Office Depot", null, "Search supplies " + token, "CS-2-" + token)));
        JsonNode report = importThrough(Channel.INBOX, "chase-search-" + token + ".csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals("IMPORTED", report.get("status").asText());
        assertEquals("csv:chase-usd-search-demo", report.get("format").asText());
        assertEquals(2, report.get("linesCreated").asInt());
        JsonNode warnings = report.get("warnings");
        assertEquals(1, warnings.size(), report.toString());
        assertEquals("NOT_BALANCE_CHECKED", warnings.get(0).get("code").asText());
        assertTrue(warnings.get(0).get("reason").asText().contains("is not balance-checked: its CSV layout"), warnings.toString());
        assertTrue(warnings.get(0).get("reason").asText().contains("balances: none"), warnings.toString());
        assertFalse(warnings.get(0).get("action").asText().isBlank());
        assertEquals(2, lines().size());
    }

    @Test
    void overlongTextsAndControlCharactersArePostedCutAndCleanWithWarnings() throws Exception {
        String camt = StatementFiles.camt053("L-" + token, List.of(statement("L-" + token + "-" + "I".repeat(100_000), ACCOUNT_BNK1, "0.00",
                        credit("12.00", "2026-11-21", "Glo&#x1;bex Ltd", null, "Long " + token + " " + "x".repeat(5 * 1024 * 1024), "LR-" + token))))
                .replace("<?xml version=\"1.0\"", "<?xml version=\"1.1\"");
        odoo.journal().clear();
        JsonNode report = importThrough(Channel.INBOX, "long-" + token + ".xml", camt.getBytes(StandardCharsets.UTF_8));
        assertEquals("IMPORTED", report.get("status").asText(), report.toString());
        Map<String, Object> line = lineLabelled(lines(), "Long " + token);
        assertEquals(140, String.valueOf(line.get("payment_ref")).length(), "Ustrd is Max140Text");
        assertEquals("Globex Ltd", line.get("partner_name"), "the control character is gone");
        String statementName = odoo.store().records("account.bank.statement").stream().map(st -> String.valueOf(st.get("name")))
                .filter(n -> n.startsWith("L-" + token)).findFirst().orElseThrow();
        assertEquals(35, statementName.length(), "Stmt/Id is Max35Text: " + statementName);
        List<String> codes = new ArrayList<>();
        report.get("warnings").forEach(w -> codes.add(w.get("code").asText()));
        assertTrue(codes.contains("TEXT_SHORTENED") && codes.contains("CONTROL_CHARACTERS_REMOVED"), report.get("warnings").toString());
        report.get("warnings").forEach(w -> assertTrue(w.get("location").asText().startsWith("long-" + token + ".xml line "), w.toString()));
        assertTrue(report.get("errors").isEmpty(), report.toString());
    }

    Object bankAccountOf(Map<String, Object> journal) {
        Object bank = journal.get("bank_account_id");
        if (!isSet(bank)) {
            return null;
        }
        Object id = idOf(bank);
        return odoo.store().records("res.partner.bank").stream().filter(b -> String.valueOf(b.get("id")).equals(String.valueOf(id)))
                .map(b -> b.get("acc_number")).findFirst().orElse(null);
    }

    static Object idOf(Object many2one) {
        return many2one instanceof List<?> pair ? pair.get(0) : many2one;
    }

    @Test
    void reDroppingAnMt940WithOneMoreLinePostsOnlyThatLine() throws Exception {
        StatementFiles.Entry a = credit("10.00", "2026-11-21", "Globex Ltd", null, "First " + token, null);
        StatementFiles.Entry b = debit("4.00", "2026-11-21", "Acme Supplies GmbH", null, "Second " + token, null);
        JsonNode first = importThrough(Channel.INBOX, "mt-a-" + token + ".sta",
                StatementFiles.mt940("MA-" + token, ACCOUNT_BNK1, "100.00", List.of(a)).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, first.get("linesCreated").asInt());
        JsonNode second = importThrough(Channel.INBOX, "mt-b-" + token + ".sta",
                StatementFiles.mt940("MB-" + token, ACCOUNT_BNK1, "100.00", List.of(a, b)).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, second.get("linesCreated").asInt());
        assertEquals(1, second.get("duplicatesSkipped").asInt());
        assertEquals(2, lines().size());
    }

    // ---- refused files ------------------------------------------------------------------------------------------

    /** Files the hub must refuse whole: each is quarantined with a clear error and Odoo sees no posting call. */
    enum BadFile {
        MALFORMED_XML("xml") {
            byte[] content(String token) {
                String camt = oneLineCamt("M-" + token, "Malformed " + token);
                return camt.replace("</BkToCstmrStmt>", "").getBytes(StandardCharsets.UTF_8);
            }
        },
        XXE_PAYLOAD("xml") {
            byte[] content(String token) {
                String camt = StatementFiles.camt053("X-" + token, List.of(statement("X-" + token, ACCOUNT_BNK1, "0.00",
                        credit("1.00", "2026-11-21", "X", null, "XXE-MARK " + token, null))));
                return camt.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n")
                        .replace("XXE-MARK", "&xxe;").getBytes(StandardCharsets.UTF_8);
            }
        },
        BILLION_LAUGHS("xml") {
            byte[] content(String token) {
                StringBuilder dtd = new StringBuilder("<!DOCTYPE Document [<!ENTITY lol0 \"lol\">");
                for (int i = 1; i <= 9; i++) {
                    dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
                }
                dtd.append("]>\n");
                String camt = StatementFiles.camt053("B-" + token, List.of(statement("B-" + token, ACCOUNT_BNK1, "0.00",
                        credit("1.00", "2026-11-21", "X", null, "LOL-MARK " + token, null))));
                return camt.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dtd)
                        .replace("LOL-MARK", "&lol9;").getBytes(StandardCharsets.UTF_8);
            }
        },
        TRUNCATED_MT940("sta") {
            byte[] content(String token) {
                String mt = StatementFiles.mt940("T-" + token, ACCOUNT_BNK1, "500.00", List.of(
                        credit("250.00", "2026-11-21", "Globex Ltd", null, "Cut " + token, "T1"),
                        credit("50.00", "2026-11-21", "Globex Ltd", null, "Cut two " + token, "T2")));
                return mt.substring(0, mt.indexOf(":61:", mt.indexOf(":61:") + 1) + 10).getBytes(StandardCharsets.ISO_8859_1);
            }
        },
        CURRENCY_MISMATCH("xml") {
            byte[] content(String token) {
                return oneLineCamt("C-" + token, "Dollars " + token)
                        .replace("EUR", "USD").getBytes(StandardCharsets.UTF_8);
            }
        },
        EMPTY_FILE("xml") {
            byte[] content(String token) {
                return " \r\n\r\n \n".getBytes(StandardCharsets.UTF_8);
            }
        },
        ZERO_BYTES("sta") {
            byte[] content(String token) {
                return new byte[0];
            }
        },
        UTF16_WITHOUT_BOM("xml") {
            byte[] content(String token) {
                return oneLineCamt("W-" + token, "Wide " + token).getBytes(StandardCharsets.UTF_16LE);
            }
        },
        BINARY_GARBAGE("sta") {
            byte[] content(String token) {
                byte[] garbage = new byte[4096];
                new java.util.Random(token.hashCode()).nextBytes(garbage);
                return garbage;
            }
        },
        XML_THAT_IS_NO_STATEMENT("xml") {
            byte[] content(String token) {
                return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">"
                        + "<ID>" + token + "</ID><IssueDate>2026-11-21</IssueDate></Invoice>\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        // issue #22: what the format forbids is refused before anything is posted
        CSV_UNBALANCED_QUOTE("csv", "INVALID_CONTENT", "unbalanced") {
            byte[] content(String token) {
                // the description's quote never closes: read leniently, it swallows the delimiters and the next line,
                // and a column of that line (555000011.00) becomes the amount of a file without balances
                return ("Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,Counterparty,Counterparty Account,"
                        + "Reference,Original Amount,Original Currency\r\n"
                        + "CREDIT,11/21/2026,\"Invoice 12 " + token + ",100.00,ACH_CREDIT,,,\"Globex\",,Q1-" + token + ",,\r\n"
                        + "CREDIT,11/21/2026,x\",555000011.00,ACH_CREDIT,,,Acme,,Q2-" + token + ",,\r\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        CSV_WITHOUT_ITS_BALANCES("csv", "NO_BALANCES", "no opening and closing booked balance") {
            byte[] content(String token) {
                return oneLineChase("No balance " + token)
                        .replace(",100.00,ACH_CREDIT,100.00,", ",100.00,ACH_CREDIT,,").getBytes(StandardCharsets.UTF_8);
            }
        },
        CSV_ROW_WITH_A_MISSING_COLUMN("csv", "INVALID_CONTENT", "columns where the header has 12") {
            byte[] content(String token) {
                String csv = oneLineChase("Short " + token);
                // the data row loses its last (empty) cell
                return csv.replaceFirst(",\r\n$", "\r\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        CSV_ROW_WITH_AN_EXTRA_COLUMN("csv", "INVALID_CONTENT", "column 13 is not empty") {
            byte[] content(String token) {
                String csv = oneLineChase("Long " + token);
                return csv.replaceFirst("\r\n$", ",extra\r\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_WITHOUT_ITS_CLOSING_BALANCE("xml", "NO_BALANCES", "no closing booked balance") {
            byte[] content(String token) {
                return StatementFiles.camt053("NB-" + token, List.of(statement("NB-" + token, ACCOUNT_BNK1, "100.00",
                                credit("1.00", "2026-11-21", "X", null, "No closing " + token, null))))
                        .replaceFirst("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd>.*?</Bal>", "").getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_NEGATIVE_AMOUNT("xml", "INVALID_CONTENT", "is negative") {
            byte[] content(String token) {
                return oneLineCamt("NG-" + token, "Negative " + token)
                        .replace("<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT", "<Amt Ccy=\"EUR\">-1.00</Amt><CdtDbtInd>CRDT")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_SCIENTIFIC_AMOUNT("xml", "INVALID_CONTENT", "scientific notation") {
            byte[] content(String token) {
                return oneLineCamt("SC-" + token, "Exponent " + token)
                        .replace(">1.00</Amt>", ">1E+20</Amt>").getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_UNKNOWN_VERSION("xml", "UNSUPPORTED_FORMAT", "camt.053.001.99") {
            byte[] content(String token) {
                return oneLineCamt("V-" + token, "Version " + token)
                        .replace("camt.053.001.08", "camt.053.001.99").getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_TWO_DOCUMENTS_GLUED("xml", "MALFORMED_XML", "more than one XML document") {
            byte[] content(String token) {
                String first = oneLineCamt("G1-" + token, "Glued one " + token);
                String second = StatementFiles.camt053("G2-" + token, List.of(statement("G2-" + token, ACCOUNT_BNK2, "0.00",
                        credit("2.00", "2026-11-21", "X", null, "Glued two " + token, null))));
                return (first + second.substring(second.indexOf("<Document"))).getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_TRAILING_GARBAGE("xml", "MALFORMED_XML", "content after the end of its XML document") {
            byte[] content(String token) {
                return (oneLineCamt("TG-" + token, "Garbage " + token) + "%PDF-1.4 garbage").getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_CUT_BEFORE_ITS_LAST_CLOSING_TAGS("xml", "TRUNCATED", "truncated") {
            byte[] content(String token) {
                String camt = oneLineCamt("CT-" + token, "Cut " + token);
                return camt.substring(0, camt.indexOf("</Document>")).getBytes(StandardCharsets.UTF_8);
            }
        },
        CAMT_TRUNCATED("xml", "TRUNCATED", "the file is truncated") {
            byte[] content(String token) {
                String camt = oneLineCamt("TR-" + token, "Truncated " + token);
                return camt.substring(0, camt.indexOf("<RmtInf>") + 4).getBytes(StandardCharsets.UTF_8);
            }
        },
        MT940_AMOUNT_OF_21_DIGITS("sta", "INVALID_CONTENT", "at most 15") {
            byte[] content(String token) {
                return oneLineMt940("A-" + token, "Digits " + token)
                        .replace("C1,00NTRF", "C123456789012345678901,00NTRF").getBytes(StandardCharsets.ISO_8859_1);
            }
        },
        MT940_AMOUNT_WITH_A_DECIMAL_POINT("sta", "INVALID_CONTENT", "decimal point") {
            byte[] content(String token) {
                return oneLineMt940("P-" + token, "Point " + token)
                        .replace("C1,00NTRF", "C1.00NTRF").getBytes(StandardCharsets.ISO_8859_1);
            }
        },
        MT940_AMOUNT_WITH_A_MINUS_SIGN("sta", "INVALID_CONTENT", "has a sign") {
            byte[] content(String token) {
                return oneLineMt940("S-" + token, "Minus " + token)
                        .replace("C1,00NTRF", "D-1,00NTRF").getBytes(StandardCharsets.ISO_8859_1);
            }
        },
        MT940_MARK_X_IN_THE_OPENING_BALANCE("sta", "INVALID_CONTENT", "debit/credit mark 'X' of :60F:") {
            byte[] content(String token) {
                return oneLineMt940("X-" + token, "Mark " + token)
                        .replace(":60F:C", ":60F:X").getBytes(StandardCharsets.ISO_8859_1);
            }
        };

        final String extension;
        final String code;
        final String reason;

        static String oneLineCamt(String id, String remittance) {
            return StatementFiles.camt053(id, List.of(statement(id, ACCOUNT_BNK1, "0.00", credit("1.00", "2026-11-21", "X", null, remittance, null))));
        }

        static String oneLineMt940(String reference, String remittance) {
            return StatementFiles.mt940(reference, ACCOUNT_BNK1, "0.00", List.of(credit("1.00", "2026-11-21", "X", null, remittance, null)));
        }

        static String oneLineChase(String remittance) {
            return StatementFiles.chaseCsv("0.00", List.of(credit("100.00", "2026-11-21", "Globex", null, remittance, null)));
        }

        BadFile(String extension) {
            this(extension, null, null);
        }

        /** A refusal whose code and reason are checked: what the error file says must let a person act. */
        BadFile(String extension, String code, String reason) {
            this.extension = extension;
            this.code = code;
            this.reason = reason;
        }

        abstract byte[] content(String token);
    }

    @ParameterizedTest
    @EnumSource(BadFile.class)
    void badFileIsQuarantinedWithAClearErrorAndNothingPosted(BadFile bad) throws Exception {
        Assumptions.assumeTrue(runsVersionIndependentTests(), "refused files are checked in the Odoo 17 run");
        String name = bad.name().toLowerCase().replace('_', '-') + "-" + token + "." + bad.extension;
        odoo.journal().clear();
        drop(name, bad.content(token));
        JsonNode error = awaitQuarantined(name);
        assertEquals("QUARANTINED", error.get("status").asText(), error.toString());
        assertTrue(error.get("nothingPosted").asBoolean(), error.toString());
        assertTrue(error.get("reason").asText().contains("Nothing was posted"), error.toString());
        JsonNode first = error.get("errors").get(0);
        assertFalse(first.get("code").asText().isBlank(), error.toString());
        assertFalse(first.get("reason").asText().isBlank(), error.toString());
        assertFalse(first.get("location").asText().isBlank(), error.toString());
        assertFalse(first.get("action").asText().isBlank(), error.toString());
        assertTrue(error.hasNonNull("exceptionId"), error.toString());
        assertFalse(error.toString().contains("root:"), "no external entity was resolved");
        assertEquals(0, postingCalls(), odoo.journal().calls().toString());
        System.out.println("[bad-file] " + bad + " -> " + first.get("code").asText() + ": " + first.get("reason").asText());
        if (bad == BadFile.CURRENCY_MISMATCH) {
            assertEquals("CURRENCY_MISMATCH", first.get("code").asText());
        }
        if (bad.code != null) {
            assertEquals(bad.code, first.get("code").asText(), error.toString());
            assertTrue(first.get("reason").asText().contains(bad.reason), error.toString());
            assertTrue(first.get("location").asText().startsWith(name), "the location names the file: " + error);
        }
    }

    // ---- fault injection ------------------------------------------------------------------------------------------

    /** The Odoo lines of this test's token with the token removed, in a stable order: what "same final state" compares. */
    List<String> normalisedLines() {
        return lines().stream().map(l -> String.join("|", String.valueOf(l.get("payment_ref")).replace(token, "*"),
                        new BigDecimal(String.valueOf(l.get("amount"))).stripTrailingZeros().toPlainString(), String.valueOf(l.get("date")),
                        String.valueOf(l.get("partner_name")), String.valueOf(l.get("account_number")), String.valueOf(idOf(l.get("journal_id")))))
                .sorted().toList();
    }

    /** The statement reference a create call carried: which post it was. */
    static String reference(io.financehub.sandbox.odoo.RecordedCall call) {
        JsonNode vals = call.args() != null && call.args().size() > 0 ? call.args().get(0) : null;
        JsonNode first = vals != null && vals.isArray() ? vals.get(0) : vals;
        return first == null ? "" : first.path("reference").asText();
    }

    /** The report agrees with what the emulator holds: its line count and its Odoo statement ids. */
    void assertReportMatchesOdoo(JsonNode report, List<String> failures, String what) {
        List<Long> reported = new ArrayList<>();
        report.get("statements").forEach(st -> st.get("odooStatementIds").forEach(id -> reported.add(id.asLong())));
        List<Long> held = odoo.store().records("account.bank.statement").stream()
                .filter(st -> String.valueOf(st.get("name")).contains(token)).map(st -> ((Number) st.get("id")).longValue()).sorted().toList();
        if (!held.equals(reported.stream().sorted().toList()) || report.get("linesCreated").asInt() != lines().size()) {
            failures.add(what + ": report " + report.get("linesCreated") + " line(s) in " + reported + ", Odoo holds " + lines().size()
                    + " line(s) in " + held);
        }
    }

    @Test
    void everyOdooFaultAtEveryCallOfAMultiPartMultiStatementImportEndsInTheFaultFreeState() throws Exception {
        Assumptions.assumeTrue(runsVersionIndependentTests(), "fault injection runs in the Odoo 17 run");
        // fault-free run: the reference state and the number of Odoo calls one import makes
        odoo.journal().clear();
        JsonNode clean = importThrough(Channel.UPLOAD, "faults-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        assertEquals(4, clean.get("linesCreated").asInt());
        List<String> expected = normalisedLines();
        int calls = odoo.journal().calls().size();
        int writes = (int) odoo.journal().calls().stream().filter(io.financehub.sandbox.odoo.RecordedCall::isWrite).count();
        assertEquals(3, writes, "S1 in two parts, S2 in one: " + odoo.journal().calls());
        List<String> failures = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        for (int call = 1; call <= calls; call++) {
            faults.add(Fault.httpStatus(502).onCall(call));
            faults.add(Fault.connectionReset().onCall(call));
            faults.add(Fault.timeoutAfterCommit(Duration.ofSeconds(4)).onCall(call));
        }
        for (int write = 1; write <= writes; write++) {
            // Odoo commits after the hub's 3 s timeout, or its 5 s request limit kills the create
            faults.add(Fault.slowCommit(Duration.ofSeconds(4)).onWrite(write));
            faults.add(Fault.killedByRequestLimit(Duration.ofSeconds(5)).onWrite(write));
        }
        for (Fault fault : faults) {
            freshOdoo();
            odoo.faults().inject(fault);
            JsonNode report = importThrough(Channel.UPLOAD, "faults-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
            // the import may end while a slow create is still running in Odoo: the state is compared once it is over
            await().atMost(Duration.ofSeconds(10)).until(() -> odoo.requestsInProgress() == 0);
            List<String> actual = normalisedLines();
            int created = report.get("linesCreated").asInt() + report.get("duplicatesSkipped").asInt();
            if (!expected.equals(actual) || created != 4 || !"IMPORTED".equals(report.get("status").asText())) {
                failures.add(fault + ": lines " + actual + ", report " + report);
            }
            assertReportMatchesOdoo(report, failures, fault.toString());
            io.financehub.testing.WriteJournal.resendsWhileUnknown(odoo.journal().calls(), BankStatementsFlowTest::reference)
                    .forEach(broken -> failures.add(fault + ": " + broken));
        }
        odoo.faults().clear();
        assertEquals(List.of(), failures);
    }

    @Test
    void importWhoseRetriesRunOutIsReplayedIntoTheFaultFreeState() throws Exception {
        Assumptions.assumeTrue(runsVersionIndependentTests(), "fault injection runs in the Odoo 17 run");
        importThrough(Channel.UPLOAD, "reference-" + token + ".xml", camtTwoStatements().getBytes(StandardCharsets.UTF_8));
        List<String> expected = normalisedLines();
        freshOdoo();
        // every create after the first is refused by Odoo (serialization failures, rolled back): S1's first part
        // (2 lines) posts, its second part and S2 never do, the file becomes an exception item
        odoo.faults().inject(Fault.odooError("psycopg2.errors.SerializationFailure").on("account.bank.statement", "create")
                .occurrence(2).repeating());
        String name = "outage-" + token + ".xml";
        try {
            drop(name, camtTwoStatements().getBytes(StandardCharsets.UTF_8));
            JsonNode failed = awaitQuarantined(name);
            assertEquals("FAILED", failed.get("status").asText(), failed.toString());
            assertEquals(2, lines().size(), "the first part of the first statement was posted before the outage");
            assertEquals(2, failed.get("linesCreated").asInt(), "the report says what was posted: " + failed);
            assertFalse(failed.get("nothingPosted").asBoolean(), failed.toString());
            String exceptionId = failed.get("exceptionId").asText();
            odoo.faults().clear();
            // so many failures opened the Odoo circuit breaker: as an operator would, wait until Odoo answers again
            awaitOdooReachable();
            given().auth().preemptive().basic("operator", "operator-demo").post("/api/v1/exceptions/" + exceptionId + "/replay")
                    .then().statusCode(200).body("result", equalTo("REPLAYED"));
            JsonNode replayed = awaitArchived(name);
            assertEquals(expected, normalisedLines());
            // the report covers the whole import (first attempt and replay): the same as the fault-free run's
            assertEquals("IMPORTED", replayed.get("status").asText(), replayed.toString());
            assertEquals(4, replayed.get("linesCreated").asInt(), replayed.toString());
            assertEquals(0, replayed.get("duplicatesSkipped").asInt(), replayed.toString());
        } finally {
            odoo.faults().clear();
            awaitOdooReachable();
        }
    }

    @Inject
    io.financehub.odoo.OdooClient odooClient;

    /** Waits (up to the breaker's 30 s delay and its trial calls) until the hub's Odoo circuit breaker lets calls through. */
    void awaitOdooReachable() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                odooClient.fieldsGet("res.company", List.of("type"));
                return "closed".equals(odooClient.circuitState().orElse("closed"));
            } catch (io.financehub.odoo.OdooException e) {
                return false;
            }
        });
    }

    private List<JsonNode> events(String correlationId, int expected) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.read(bootstrap, "finance.bank-statements",
                r -> correlationId.equals(TopicReader.json(r).path("correlationid").asText()), expected,
                Duration.ofSeconds(30), Duration.ZERO)) {
            assertTrue(r.key().startsWith("DE01/") || r.key().startsWith("US01/"), r.key());
            found.add(TopicReader.json(r));
        }
        return found;
    }

    @Inject
    org.apache.camel.CamelContext camel;

    /** A flow that takes no file for longer than hub.inbox.stalled-after is not ready, and says which inbox and file. */
    @Test
    void readinessIsDownWhileAFileWaitsInTheInboxUntakenAndUpOnceItIsTaken() throws Exception {
        Assumptions.assumeTrue(runsVersionIndependentTests(), "runs in the Odoo 17 run");
        String name = "stalled-" + token + ".txt";
        camel.getRouteController().stopRoute("bank-statements-inbox");
        try {
            drop(name, "not a statement".getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(dir("inbox").resolve(name),
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofMinutes(16))));
            io.restassured.response.Response ready = given().get("/q/health/ready");
            assertEquals(503, ready.statusCode(), ready.asString());
            JsonNode check = java.util.stream.StreamSupport.stream(JSON.readTree(ready.asString()).get("checks").spliterator(), false)
                    .filter(c -> c.get("name").asText().equals("inbox progress")).findFirst().orElseThrow(() -> new AssertionError(ready.asString()));
            assertEquals("DOWN", check.get("status").asText(), check.toString());
            assertEquals("1 file(s) waiting, the oldest (" + name + ") for 16 min", check.at("/data/bank-statements inbox").asText());
            assertTrue(check.at("/data/stalled").asText().startsWith("bank-statements inbox: a file has waited longer than 15 min"),
                    check.toString());
        } finally {
            camel.getRouteController().startRoute("bank-statements-inbox");
        }
        awaitQuarantined(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
