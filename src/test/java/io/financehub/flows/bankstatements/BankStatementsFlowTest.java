package io.financehub.flows.bankstatements;

import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK1;
import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK2;
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
import io.financehub.odoo.emulator.OdooEmulator;
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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statement files in, Odoo bank statement lines out: exactly once, with archive, audit and events. */
@QuarkusTest
class BankStatementsFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OdooBankJournals journals;

    OdooEmulator odoo;
    String token;

    @BeforeEach
    void freshOdoo() {
        odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        journals.clear();
        token = UUID.randomUUID().toString().substring(0, 8);
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
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report) || Files.exists(dir("quarantine").resolve(name + ".error.json")));
        assertTrue(Files.exists(report), "not archived but quarantined: " + readIfExists(dir("quarantine").resolve(name + ".error.json")));
        assertTrue(Files.exists(report.resolveSibling(name)), "the original file is archived next to its report");
        return JSON.readTree(report.toFile());
    }

    JsonNode awaitQuarantined(String name) throws IOException {
        Path error = dir("quarantine").resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error));
        assertTrue(Files.exists(dir("quarantine").resolve(name)), "the rejected file itself is quarantined");
        return JSON.readTree(error.toFile());
    }

    static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(nothing)";
    }

    List<Map<String, Object>> lines() {
        return odoo.store().records("account.bank.statement.line").stream()
                .filter(l -> String.valueOf(l.get("payment_ref")).contains(token)).toList();
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
        // one create call per statement, lines included
        assertEquals(2, odoo.journal().count("account.bank.statement", "create"));

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

    private List<JsonNode> events(String correlationId, int expected) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "bank-statements-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("finance.bank-statements"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(r.value());
                    if (correlationId.equals(event.path("correlationid").asText())) {
                        assertTrue(r.key().startsWith("DE01/"), r.key());
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}
