package io.financehub.flows.budgetchecks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.odoo.emulator.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.TopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Purchase orders checked against policy and the built-in ledger: through the API, Odoo's webhook and
 * polling; decisions in Odoo (approval, chatter), in the audit trail and on Kafka; no overspend under load.
 */
@QuarkusTest
class BudgetChecksFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEBHOOK = "/api/v1/webhooks/odoo/purchase-orders";

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/v1/budget-checks")
    URI checksUri;

    @Inject
    BudgetLedger ledger;

    @Inject
    AuditTrail audit;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProducerTemplate producer;

    @Inject
    io.financehub.odoo.OdooClient client;

    OdooEmulator odoo;
    String token;

    @BeforeEach
    void fresh() throws Exception {
        odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        token = UUID.randomUUID().toString().substring(0, 8);
        // Odoo order names restart with the emulator's data; their ledger history must go with it.
        BudgetTestData.forgetOdooOrders(dataSource);
        ledger.loadDeclared(List.of());
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static Map<String, Object> request(String order, String revision, String supplier, String date, Map<String, String> lines) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("orderReference", order);
        r.put("revision", revision);
        r.put("company", Map.of("key", "DE01"));
        r.put("supplier", supplier);
        r.put("requestedBy", "buyer");
        r.put("orderDate", date);
        List<Map<String, Object>> ls = new ArrayList<>();
        lines.forEach((cc, amount) -> ls.add(Map.of("costCentre", Map.of("company", Map.of("key", "DE01"), "code", cc),
                "amount", Map.of("amount", new BigDecimal(amount), "currency", "EUR"))));
        r.put("lines", ls);
        return r;
    }

    static Response check(Map<String, Object> request) {
        return given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(request).post("/api/v1/budget-checks");
    }

    long partner(String name) {
        return odoo.store().records("res.partner").stream().filter(p -> name.equals(p.get("name")))
                .map(p -> ((Number) p.get("id")).longValue()).findFirst().orElseThrow();
    }

    long analytic(String code) {
        return odoo.store().records("account.analytic.account").stream()
                .filter(a -> code.equals(a.get("code")) && ((Number) a.get("company_id")).longValue() == 1)
                .map(a -> ((Number) a.get("id")).longValue()).findFirst().orElseThrow();
    }

    /** A purchase order of company 1 in the given state with one line per (price, distribution). */
    long order(String supplier, String state, List<Map.Entry<String, Map<String, Number>>> lines) {
        return order(supplier, state, "2026-11-18 09:00:00", lines);
    }

    long order(String supplier, String state, String date, List<Map.Entry<String, Map<String, Number>>> lines) {
        List<Object> commands = new ArrayList<>();
        for (Map.Entry<String, Map<String, Number>> l : lines) {
            Map<String, Object> distribution = new LinkedHashMap<>();
            l.getValue().forEach((code, pct) -> distribution.put(Long.toString(analytic(code)), pct));
            Map<String, Object> vals = new LinkedHashMap<>();
            vals.put("name", "Item " + token);
            vals.put("product_qty", 1);
            vals.put("price_unit", Double.parseDouble(l.getKey()));
            vals.put("analytic_distribution", distribution);
            commands.add(List.of(0, 0, vals));
        }
        Map<String, Object> po = new LinkedHashMap<>();
        po.put("partner_id", partner(supplier));
        po.put("company_id", 1);
        po.put("state", state);
        po.put("date_order", date);
        po.put("order_line", commands);
        return odoo.store().create("purchase.order", po);
    }

    String state(long order) {
        return String.valueOf(odoo.store().record("purchase.order", order).orElseThrow().get("state"));
    }

    String name(long order) {
        return String.valueOf(odoo.store().record("purchase.order", order).orElseThrow().get("name"));
    }

    List<String> messages(long order) {
        return odoo.store().records("mail.message").stream()
                .filter(m -> "purchase.order".equals(m.get("model")) && ((Number) m.get("res_id")).longValue() == order)
                .map(m -> String.valueOf(m.get("body"))).toList();
    }

    Response webhook(String secret, Object body) {
        var spec = given().contentType("application/json").header(io.financehub.api.CorrelationIdFilter.HEADER, correlation()).body(body);
        if (secret != null) {
            spec = spec.header(OdooWebhookAuthentication.HEADER, secret);
        }
        return spec.post(WEBHOOK);
    }

    /** This test's correlation id, sent with every webhook call: its audit entries and events are told apart by it. */
    String correlation() {
        return "budget-test-" + token;
    }

    /**
     * The order's decision was recorded exactly once for this test's calls: one audit entry with {@code action} and one
     * event on {@value BudgetChecksFlow#TOPIC} with {@code outcome}, keyed by company/order (a repeat adds neither).
     */
    void assertDecisionRecordedOnce(long po, String action, String outcome) {
        String subject = BudgetChecks.subject("DE01", name(po));
        List<String> actions = audit.bySubject(subject).stream().filter(e -> correlation().equals(e.correlationId)).map(e -> e.action).toList();
        assertEquals(List.of(action), actions, "audit entries of " + subject);
        List<ConsumerRecord<String, String>> published = TopicReader.read(bootstrap, BudgetChecksFlow.TOPIC,
                r -> r.key().equals("DE01/" + name(po)) && r.value().contains(correlation()), 1, Duration.ofSeconds(15), Duration.ofSeconds(2));
        assertEquals(1, published.size(), "events of " + subject + ": " + published);
        assertTrue(published.get(0).value().contains("\"outcome\":\"" + outcome + "\""), published.get(0).value());
    }

    // ---- the synchronous API and the ledger ------------------------------------------------------------------

    @Test
    void sixtyFourConcurrentChecksApproveExactlyWhatTheBudgetFitsAndNeverOverspend() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("integration:integration-demo".getBytes(StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            int[] fits = {0, 1, 17, 63, 64};
            for (int round = 0; round < fits.length; round++) {
                int k = fits[round];
                String period = String.format("2031-%02d", round + 1);
                ledger.put("DE01", "SALES", period, Money.of(new BigDecimal(k).multiply(new BigDecimal("99.99")), "EUR"), "test");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    byte[] body = JSON.writeValueAsBytes(request("C-" + token + "-" + round + "-" + i, "r1", "Acme Supplies GmbH",
                            period + "-15", Map.of("SALES", "99.99")));
                    answers.add(pool.submit(() -> {
                        start.await();
                        HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(checksUri).header("Authorization", auth)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, rsp.statusCode(), rsp.body());
                        return JSON.readTree(rsp.body());
                    }));
                }
                start.countDown();
                int approved = 0;
                int exceeded = 0;
                for (Future<JsonNode> f : answers) {
                    JsonNode d = f.get();
                    if (d.get("outcome").asText().equals("APPROVE")) {
                        approved++;
                    } else if (d.get("outcome").asText().equals("REJECT") && d.get("codes").toString().contains("BUDGET_EXCEEDED")) {
                        exceeded++;
                    }
                }
                assertEquals(k, approved, "round " + round + ": approved");
                assertEquals(64 - k, exceeded, "round " + round + ": rejected for budget");
                var line = ledger.budget("DE01", "SALES", period).orElseThrow();
                assertTrue(line.committed().compareTo(line.amount()) <= 0, "overspent: " + line);
                assertEquals(0, line.committed().amount().compareTo(new BigDecimal(k).multiply(new BigDecimal("99.99"))), line.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The ledger reads budgets without locking them and reserves with a guarded update: when another order takes
     * the budget between this check's read and its reservation, the guard refuses, nothing of the first attempt
     * stays (neither its reservation nor its event), and the check is decided again under the budget row's lock, on
     * what is left.
     */
    @Test
    void budgetTakenBetweenTheReadAndTheReservationIsDecidedAgainUnderLock() throws Exception {
        String period = "2032-09";
        ledger.put("DE01", "OPERATIONS", period, Money.of("1000.00", "EUR"), "test");
        List<Money> seen = new ArrayList<>();
        // each decision's event goes to a topic no publisher reads, so the outbox keeps what was committed
        String topic = "test.budget-guard." + token;
        BudgetLedger.Records<String> records = new BudgetLedger.Records<>(d -> null,
                d -> new io.financehub.events.EventOutbox.Pending(topic, d, d));
        BudgetLedger.Result<String> result = ledger.check(ledgerRequest("G-" + token, "800.00"), positions -> {
            seen.add(positions.get(0).available().orElseThrow());
            if (seen.size() == 1) {
                // another order reserves 700 of the 1000 after this check read them
                var taken = ledger.check(ledgerRequest("G2-" + token, "700.00"), p -> new BudgetLedger.Verdict<>("G2:APPROVE", true),
                        d -> d, d -> d, d -> true, records);
                assertEquals("G2:APPROVE", taken.decision());
                return new BudgetLedger.Verdict<>("APPROVE", true);
            }
            return positions.get(0).exceeded() ? new BudgetLedger.Verdict<>("REJECT", false) : new BudgetLedger.Verdict<>("APPROVE", true);
        }, d -> d, d -> d, d -> true, records);
        assertEquals("REJECT", result.decision());
        assertEquals(2, seen.size(), "decided once on the unlocked read, once under lock");
        assertEquals(0, seen.get(0).amount().compareTo(new BigDecimal("1000.00")), seen.toString());
        assertEquals(0, seen.get(1).amount().compareTo(new BigDecimal("300.00")), seen.toString());
        // only the other order's 700 is committed, and the refused order holds nothing
        assertEquals(0, ledger.budget("DE01", "OPERATIONS", period).orElseThrow().committed().amount().compareTo(new BigDecimal("700.00")));
        assertTrue(ledger.commitments("G-" + token).isEmpty(), ledger.commitments("G-" + token).toString());
        assertEquals("REJECT", ledger.decided("G-" + token, "r1").orElseThrow());
        assertEquals(List.of("G2:APPROVE", "REJECT"), BudgetDecisionEventsTest.outboxKeys(dataSource, topic), "one event per committed decision, none of the refused attempt");
    }

    static io.financehub.canonical.budget.BudgetCheckRequest ledgerRequest(String order, String amount) {
        var company = new io.financehub.canonical.CompanyRef("DE01");
        return new io.financehub.canonical.budget.BudgetCheckRequest(order, "r1", company, "Acme Supplies GmbH", java.util.Optional.empty(),
                "test", java.time.LocalDate.parse("2032-09-10"), List.of(new io.financehub.canonical.budget.BudgetCheckRequest.Line(
                        new io.financehub.canonical.CostCentreRef(company, "OPERATIONS"), Money.of(amount, "EUR"))));
    }

    @Test
    void recheckOfTheSameRevisionReturnsTheSameDecisionWithoutReservingTwice() {
        ledger.put("DE01", "IT", "2032-01", Money.of("1000.00", "EUR"), "test");
        String order = "R-" + token;
        Map<String, Object> r = request(order, "r1", "Acme Supplies GmbH", "2032-01-10", Map.of("IT", "600.00"));
        check(r).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        check(r).then().statusCode(200).body("outcome", equalTo("APPROVE")).body("revision", equalTo("r1"));
        assertEquals(0, ledger.budget("DE01", "IT", "2032-01").orElseThrow().committed().amount().compareTo(new BigDecimal("600.00")));
        // a different order of 600 no longer fits: the first was reserved once, not twice
        check(request("R2-" + token, "r1", "Acme Supplies GmbH", "2032-01-10", Map.of("IT", "400.01"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("BUDGET_EXCEEDED"));
    }

    @Test
    void anOrderAmendedBackToAnEarlierRevisionOrReconfirmedAfterCancellationIsCommittedAgain() {
        ledger.put("DE01", "IT", "2032-03", Money.of("1000.00", "EUR"), "test");
        String order = "B-" + token;
        Map<String, Object> first = request(order, "r1", "Acme Supplies GmbH", "2032-03-10", Map.of("IT", "100.00"));
        check(first).then().body("outcome", equalTo("APPROVE"));
        check(request(order, "r2", "Acme Supplies GmbH", "2032-03-10", Map.of("IT", "700.00"))).then().body("outcome", equalTo("APPROVE"));
        // the order is changed back to exactly what it was (an Odoo revision is a digest of the content, so it is r1 again):
        // the ledger must hold r1's amount again, not keep r2's under r1's stored decision
        check(first).then().body("outcome", equalTo("APPROVE"));
        assertEquals(0, ledger.budget("DE01", "IT", "2032-03").orElseThrow().committed().amount().compareTo(new BigDecimal("100.00")));
        assertEquals(java.util.Set.of("IT"), ledger.commitments(order).keySet());
        assertEquals(0, ledger.commitments(order).get("IT").amount().compareTo(new BigDecimal("100.00")), ledger.commitments(order).toString());

        // cancelled in Odoo (its commitment released), set back to draft and confirmed unchanged: reserved again
        ledger.releaseOrder(order);
        assertEquals(0, ledger.budget("DE01", "IT", "2032-03").orElseThrow().committed().amount().signum());
        check(first).then().body("outcome", equalTo("APPROVE"));
        assertEquals(0, ledger.budget("DE01", "IT", "2032-03").orElseThrow().committed().amount().compareTo(new BigDecimal("100.00")),
                "a reconfirmed order counts against the budget again");
        check(first).then().body("outcome", equalTo("APPROVE"));
        assertEquals(0, ledger.budget("DE01", "IT", "2032-03").orElseThrow().committed().amount().compareTo(new BigDecimal("100.00")),
                "and a plain re-check still reserves nothing twice");
    }

    @Test
    void amendedOrderMovesItsReservationByTheDifference() {
        ledger.put("DE01", "IT", "2032-02", Money.of("1000.00", "EUR"), "test");
        ledger.put("DE01", "SALES", "2032-02", Money.of("1000.00", "EUR"), "test");
        String order = "A-" + token;
        check(request(order, "r1", "Acme Supplies GmbH", "2032-02-10", Map.of("IT", "900.00"))).then().body("outcome", equalTo("APPROVE"));
        // revision 2 lowers IT and adds SALES: 900 already held by this order does not count against it
        check(request(order, "r2", "Acme Supplies GmbH", "2032-02-10", Map.of("IT", "950.00", "SALES", "30.00"))).then()
                .body("outcome", equalTo("APPROVE"));
        assertEquals(0, ledger.budget("DE01", "IT", "2032-02").orElseThrow().committed().amount().compareTo(new BigDecimal("950.00")));
        assertEquals(0, ledger.budget("DE01", "SALES", "2032-02").orElseThrow().committed().amount().compareTo(new BigDecimal("30.00")));
        // revision 3 drops SALES: its commitment is released
        check(request(order, "r3", "Acme Supplies GmbH", "2032-02-10", Map.of("IT", "100.00"))).then().body("outcome", equalTo("APPROVE"));
        assertEquals(0, ledger.budget("DE01", "SALES", "2032-02").orElseThrow().committed().amount().signum());
        assertEquals(0, ledger.budget("DE01", "IT", "2032-02").orElseThrow().committed().amount().compareTo(new BigDecimal("100.00")));
    }

    @Test
    void policyRoutesOrdersToApproveEscalateOrReject() {
        ledger.put("DE01", "OPERATIONS", "2032-03", Money.of("100000.00", "EUR"), "test");
        check(request("P1-" + token, "r1", "Acme Supplies GmbH", "2032-03-01", Map.of("OPERATIONS", "999.99"))).then()
                .body("outcome", equalTo("APPROVE")).body("reserved.amount", equalTo(999.99f));
        check(request("P2-" + token, "r1", "Acme Supplies GmbH", "2032-03-01", Map.of("OPERATIONS", "4000.00"))).then()
                .body("outcome", equalTo("ESCALATE")).body("levelNeeded", equalTo("TEAM_LEAD")).body("codes[0]", equalTo("AUTHORITY_REQUIRED"));
        check(request("P3-" + token, "r1", "Acme Supplies GmbH", "2032-03-01", Map.of("OPERATIONS", "20000.00"))).then()
                .body("outcome", equalTo("ESCALATE")).body("levelNeeded", equalTo("DEPARTMENT_HEAD"));
        check(request("P4-" + token, "r1", "Broken Bank Vendor", "2032-03-01", Map.of("OPERATIONS", "10.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("SUPPLIER_BLOCKED")).body("reserved.amount", equalTo(0.0f));
        check(request("P5-" + token, "r1", "Acme Supplies GmbH", "2040-01-01", Map.of("OPERATIONS", "10.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("NO_BUDGET"));
        check(request("P6-" + token, "r1", "Acme Supplies GmbH", "2032-03-01", Map.of("OPERATIONS", "2000000.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("BUDGET_EXCEEDED"));
        // the top of the delegation of authority: the CFO up to 1,000,000; beyond every level, no one may approve
        ledger.put("DE01", "OPERATIONS", "2032-05", Money.of("10000000.00", "EUR"), "test");
        check(request("P7-" + token, "r1", "Acme Supplies GmbH", "2032-05-01", Map.of("OPERATIONS", "600000.00"))).then()
                .body("outcome", equalTo("ESCALATE")).body("levelNeeded", equalTo("CFO"));
        check(request("P8-" + token, "r1", "Acme Supplies GmbH", "2032-05-01", Map.of("OPERATIONS", "1000000.01"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("NO_AUTHORITY_LEVEL")).body("reserved.amount", equalTo(0.0f));
        assertTrue(ledger.commitments("P8-" + token).isEmpty(), "a rejected order holds nothing");
        // levels and automatic approval are per currency and company: a US01 order in USD
        ledger.put("US01", "SALES", "2032-03", Money.of("100000.00", "USD"), "test");
        check(usRequest("U1-" + token, "SALES", "999.00")).then().body("outcome", equalTo("APPROVE"));
        check(usRequest("U2-" + token, "SALES", "7500.00")).then().body("outcome", equalTo("ESCALATE")).body("levelNeeded", equalTo("DEPARTMENT_HEAD"))
                .body("nextAction", org.hamcrest.Matchers.containsString("USD"));
    }

    /** A US01 order in USD on one cost centre. */
    static Map<String, Object> usRequest(String order, String costCentre, String amount) {
        Map<String, Object> r = request(order, "r1", "Acme Supplies GmbH", "2032-03-01", Map.of());
        r.put("company", Map.of("key", "US01"));
        r.put("lines", List.of(Map.of("costCentre", Map.of("company", Map.of("key", "US01"), "code", costCentre),
                "amount", Map.of("amount", new BigDecimal(amount), "currency", "USD"))));
        return r;
    }

    @Test
    void orderInACategoryBlockedByTheApprovalPolicyIsRejectedAndReservesNothing() {
        ledger.put("DE01", "SALES", "2032-04", Money.of("100000.00", "EUR"), "test");
        Map<String, Object> r = request("G-" + token, "r1", "Acme Supplies GmbH", "2032-04-01", Map.of("SALES", "50.00"));
        r.put("category", "gift cards"); // approval-policy.yaml blocks "Gift cards"
        check(r).then().statusCode(200).body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("CATEGORY_BLOCKED"))
                .body("nextAction", org.hamcrest.Matchers.containsString("blocked-categories"));
        assertTrue(ledger.commitments("G-" + token).isEmpty());
        r.put("category", "Office supplies");
        r.put("orderReference", "G2-" + token);
        check(r).then().statusCode(200).body("outcome", equalTo("APPROVE"));
    }

    @Test
    void budgetsFromAPlanningPlatformAreValidatedAllOrNothing() {
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(List.of(Map.of("company", "DE01", "costCentre", "IT", "period", "2033", "amount", 5000, "currency", "EUR"),
                        Map.of("company", "DE01", "costCentre", "NOPE", "period", "2033-13", "amount", 1, "currency", "EUR")))
                .post("/api/v1/budgets").then().statusCode(400).contentType("application/problem+json");
        assertTrue(ledger.budget("DE01", "IT", "2033").isEmpty(), "nothing is set when one entry is wrong");
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(List.of(Map.of("company", "DE01", "costCentre", "IT", "period", "2033", "amount", 5000, "currency", "EUR")))
                .post("/api/v1/budgets").then().statusCode(200).body("budgets", equalTo(1));
        assertEquals(0, ledger.budget("DE01", "IT", "2033").orElseThrow().amount().amount().compareTo(new BigDecimal("5000")));
        // valid entries, but the store refuses the second (beyond numeric(19,4)): the first is not set either
        int status = given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(List.of(Map.of("company", "DE01", "costCentre", "IT", "period", "2033", "amount", 6000, "currency", "EUR"),
                        Map.of("company", "DE01", "costCentre", "SALES", "period", "2033", "amount", new BigDecimal("1E+20"), "currency", "EUR")))
                .post("/api/v1/budgets").then().extract().statusCode();
        assertTrue(status >= 400, "refused: " + status);
        assertEquals(0, ledger.budget("DE01", "IT", "2033").orElseThrow().amount().amount().compareTo(new BigDecimal("5000")),
                "all or nothing: the first budget of the refused request was not set");
        assertTrue(ledger.budget("DE01", "SALES", "2033").isEmpty());
    }

    // ---- Odoo: webhook, write-back, polling ---------------------------------------------------------------

    @Test
    void webhookWithAWrongOrMissingSecretIsRefusedAndNothingHappens() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("500.00", Map.of("CC-100", 100))));
        odoo.journal().clear();
        webhook(null, Map.of("_id", po, "_model", "purchase.order")).then().statusCode(401).contentType("application/problem+json");
        webhook("not-the-secret", Map.of("_id", po, "_model", "purchase.order")).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(Map.of("_id", po)).post(WEBHOOK).then().statusCode(403);
        assertEquals(0, odoo.journal().calls().size(), "no Odoo call was made");
        assertEquals("to approve", state(po));
        assertTrue(ledger.commitments(name(po)).isEmpty(), "nothing reserved");
    }

    @Test
    void webhookUsesOdoosAmountsNotTheBodysAndSplitsByAnalyticDistribution() throws Exception {
        // the demo order waiting for approval: 6 laptops = 7,200.00 EUR over CC-100/200/300 at 33.33/33.33/33.34
        long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]").get(0);
        JsonNode decision = JSON.readTree(webhook("test-webhook-secret", Map.of("_id", po, "_model", "purchase.order",
                "amount_total", 10.0, "state", "to approve")).then().statusCode(200).extract().asString());
        assertEquals("ESCALATE", decision.get("outcome").asText(), decision.toString());
        assertEquals("DEPARTMENT_HEAD", decision.get("levelNeeded").asText());
        assertEquals(0, decision.get("reserved").get("amount").decimalValue().compareTo(new BigDecimal("7200.00")));
        Map<String, Money> held = ledger.commitments(name(po));
        assertEquals(Map.of("SALES", new BigDecimal("2399.76"), "OPERATIONS", new BigDecimal("2399.76"), "IT", new BigDecimal("2400.48")),
                held.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().amount().setScale(2))));
        assertEquals("to approve", state(po), "an escalated order stays waiting for its approver");
        List<String> chatter = messages(po);
        assertEquals(1, chatter.size(), chatter.toString());
        assertTrue(chatter.get(0).contains("ESCALATE to DEPARTMENT_HEAD") && chatter.get(0).contains("AUTHORITY_REQUIRED")
                && chatter.get(0).contains("Next action"), chatter.get(0));
        // the same revision again: same decision, no second message, nothing reserved twice
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("ESCALATE"));
        assertEquals(1, messages(po).size());
        assertEquals(held, ledger.commitments(name(po)));
        assertDecisionRecordedOnce(po, "budget-check.escalate", "ESCALATE");
    }

    @Test
    void orderWaitingForApprovalThatPassesIsApprovedInOdooWithItsMessage() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("400.00", Map.of("CC-300", 50, "CC-200", 50)),
                Map.entry("100.00", Map.of("CC-300", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        assertEquals("purchase", state(po));
        assertEquals(1, odoo.journal().count("purchase.order", "button_approve"));
        assertTrue(messages(po).get(0).contains("Budget check: APPROVE"), messages(po).toString());
        Map<String, Money> held = ledger.commitments(name(po));
        assertEquals(0, held.get("IT").amount().compareTo(new BigDecimal("300.00")));
        assertEquals(0, held.get("OPERATIONS").amount().compareTo(new BigDecimal("200.00")));
        assertDecisionRecordedOnce(po, "budget-check.approve", "APPROVE");
    }

    @Inject
    io.financehub.governance.exceptions.ExceptionQueue exceptions;

    @Test
    void approvalOdooRefusesSilentlyBecomesAnExceptionItemThatAReplayCompletes() {
        // double validation above 100.00, and the hub's Odoo user is no purchase manager: button_approve does nothing
        long company = 1;
        odoo.store().writeStored("res.company", company, Map.of("po_double_validation", "two_step", "po_double_validation_amount", 100.0));
        long hubUser = odoo.store().search("res.users", "[[\"login\",\"=\",\"hub-integration\"]]").get(0);
        List<Long> groups = new ArrayList<>();
        odoo.store().read("res.users", hubUser, "groups_id").orElseThrow().get("groups_id").forEach(g -> groups.add(g.asLong()));
        long manager = odoo.store().records("res.groups").stream().filter(g -> "purchase.group_purchase_manager".equals(g.get("xmlid")))
                .map(g -> ((Number) g.get("id")).longValue()).findFirst().orElseThrow();
        odoo.store().writeStored("res.users", hubUser, Map.of("groups_id", groups.stream().filter(g -> g != manager).toList()));
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("500.00", Map.of("CC-300", 100))));

        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(409).body(org.hamcrest.Matchers.containsString("did not approve"));
        assertEquals("to approve", state(po), "Odoo refused the approval");
        var item = exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.of(io.financehub.governance.exceptions.ExceptionState.NEW), 100)
                .stream().filter(e -> correlation().equals(e.correlationId)).findFirst().orElseThrow();
        assertTrue(item.errorMessage.contains("did not approve") && item.errorMessage.contains("Purchase / Administrator"), item.errorMessage);
        assertFalse(ledger.commitments(name(po)).isEmpty(), "the budget stays reserved for the approved decision");

        // the right granted, the item replayed: the order is approved, its budget reserved once
        odoo.store().writeStored("res.users", hubUser, Map.of("groups_id", groups));
        var replayed = exceptions.replay(item.id, "operator");
        assertTrue(replayed.failure().isEmpty(), replayed + " payload [" + new String(item.payload == null ? new byte[0] : item.payload) + "] endpoint " + item.replayEndpoint + " route " + item.routeId);
        assertEquals("purchase", state(po));
        assertEquals(0, ledger.commitments(name(po)).get("IT").amount().compareTo(new BigDecimal("500.00")));
    }

    @Test
    void blockedSupplierIsRejectedInOdooAndStaysWaiting() {
        long po = order("Broken Bank Vendor", "to approve", List.of(Map.entry("100.00", Map.of("CC-100", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("REJECT"))
                .body("codes[0]", equalTo("SUPPLIER_BLOCKED"));
        assertEquals("to approve", state(po));
        assertEquals(0, odoo.journal().count("purchase.order", "button_approve"));
        assertTrue(messages(po).get(0).contains("SUPPLIER_BLOCKED"), messages(po).toString());
        assertDecisionRecordedOnce(po, "budget-check.reject", "REJECT");
    }

    @Test
    void orderMovedToAnotherPeriodIsCheckedAgainstThatPeriodsBudget() {
        long po = order("Acme Supplies GmbH", "to approve", "2026-12-18 09:00:00", List.of(Map.entry("300.00", Map.of("CC-100", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        BigDecimal before = ledger.budget("DE01", "SALES", "2026").orElseThrow().committed().amount();
        // the buyer moves the order into next year, which has no budget: not the same revision any more
        client.callMethod("purchase.order", "write", List.of(List.of(po), Map.of("date_order", "2027-01-08 09:00:00")), Map.of());
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("REJECT"))
                .body("codes[0]", equalTo("NO_BUDGET"));
        assertTrue(ledger.commitments(name(po)).isEmpty(), "2026's reservation is released");
        assertEquals(0, ledger.budget("DE01", "SALES", "2026").orElseThrow().committed().amount()
                .compareTo(before.subtract(new BigDecimal("300.00"))));
    }

    @Test
    void cancelledOrderReleasesItsCommitment() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("300.00", Map.of("CC-100", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        assertFalse(ledger.commitments(name(po)).isEmpty());
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(po)), Map.of());
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200);
        assertTrue(ledger.commitments(name(po)).isEmpty(), "released");
    }

    /** What Odoo does to a purchase order when its vendor bill is posted: every line billed in full. */
    void billInFull(long po) {
        List<Long> lines = odoo.store().search("purchase.order.line", "[[\"order_id\",\"=\"," + po + "]]");
        assertFalse(lines.isEmpty());
        for (long id : lines) {
            Object qty = odoo.store().record("purchase.order.line", id).orElseThrow().get("product_qty");
            odoo.store().writeStored("purchase.order.line", id, Map.of("qty_invoiced", qty));
        }
        odoo.store().writeStored("purchase.order", po, Map.of());
    }

    BigDecimal amount(Money m) {
        return m.amount().setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    @Test
    void billedOrderConsumesItsCommitmentAndCancelledOrderReleasesItWhenPollingRereadsThem() {
        ledger.put("DE01", "IT", "2036-05", Money.of("5000.00", "EUR"), "test");
        long billed = order("Acme Supplies GmbH", "to approve", "2036-05-18 09:00:00", List.of(Map.entry("300.00", Map.of("CC-300", 100))));
        long cancelled = order("Acme Supplies GmbH", "to approve", "2036-05-18 09:00:00", List.of(Map.entry("200.00", Map.of("CC-300", 100))));
        long unbilled = order("Acme Supplies GmbH", "to approve", "2036-05-18 09:00:00", List.of(Map.entry("100.00", Map.of("CC-300", 100))));
        for (long po : List.of(billed, cancelled, unbilled)) {
            webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        }
        assertEquals(new BigDecimal("600.00"), amount(ledger.budget("DE01", "IT", "2036-05").orElseThrow().reserved()));
        // in Odoo: the first order's vendor bill is posted, the second order is cancelled; no webhook fires
        billInFull(billed);
        assertEquals("invoiced", odoo.store().read("purchase.order", billed, "invoice_status").orElseThrow().get("invoice_status").asText());
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(cancelled)), Map.of());

        producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "");

        assertEquals(Map.of("IT", "CONSUMED"), ledger.states(name(billed)));
        assertEquals(Map.of("IT", "RELEASED"), ledger.states(name(cancelled)));
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(unbilled)));
        var line = ledger.budget("DE01", "IT", "2036-05").orElseThrow();
        assertEquals(new BigDecimal("300.00"), amount(line.consumed()), line.toString());
        assertEquals(new BigDecimal("100.00"), amount(line.reserved()), line.toString());
        assertEquals(new BigDecimal("400.00"), amount(line.committed()), "billed still counts, cancelled no longer: " + line);
        // settling again changes nothing
        producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "");
        assertEquals(line, ledger.budget("DE01", "IT", "2036-05").orElseThrow());
    }

    @Inject
    OdooPurchaseOrders purchaseOrders;

    /**
     * Settling follows Odoo's changes, not the number of open orders: a pass reads the orders written since the
     * newest change the previous pass saw; the periodic full sweep still finds what moved without a new
     * write_date (here a vendor bill that only raised the lines' billed quantities).
     */
    @Test
    void settlingReadsOnlyOrdersChangedSinceThePreviousPassAndTheFullSweepCatchesTheRest() throws Exception {
        ledger.put("DE01", "IT", "2036-08", Money.of("5000.00", "EUR"), "test");
        List<Long> pos = new ArrayList<>();
        for (String amount : List.of("100.00", "200.00", "300.00")) {
            pos.add(order("Acme Supplies GmbH", "to approve", "2036-08-18 09:00:00", List.of(Map.entry(amount, Map.of("CC-300", 100)))));
            webhook("test-webhook-secret", Map.of("_id", pos.get(pos.size() - 1))).then().statusCode(200).body("outcome", equalTo("APPROVE"));
        }
        long cancelled = pos.get(0);
        long billedQuietly = pos.get(1);
        long untouched = pos.get(2);
        purchaseOrders.sweepOnNextPass();
        assertTrue(settle().fullSweep());
        Thread.sleep(1100); // Odoo's write_date counts seconds: the cancellation is newer than anything the sweep saw
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(cancelled)), Map.of());
        OdooPurchaseOrders.Settled first = settle();
        assertFalse(first.fullSweep());
        assertEquals(1, first.released(), first.toString());
        assertEquals(Map.of("IT", "RELEASED"), ledger.states(name(cancelled)));

        Thread.sleep(1100);
        // the vendor bill raises the lines' billed quantities only: the order's own write_date does not move
        for (long line : odoo.store().search("purchase.order.line", "[[\"order_id\",\"=\"," + billedQuietly + "]]")) {
            odoo.store().writeStored("purchase.order.line", line, Map.of("qty_invoiced",
                    odoo.store().record("purchase.order.line", line).orElseThrow().get("product_qty")));
        }
        OdooPurchaseOrders.Settled second = settle();
        assertFalse(second.fullSweep());
        // only the newest change the previous pass saw is read again (a second of write_date holds more than one write)
        assertEquals(1, second.ordersRead(), "only orders Odoo changed since the previous pass are read: " + second);
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(billedQuietly)), "not seen without a new write_date");

        purchaseOrders.sweepOnNextPass();
        OdooPurchaseOrders.Settled sweep = settle();
        assertTrue(sweep.fullSweep());
        assertTrue(sweep.ordersRead() >= 2, sweep.toString());
        assertEquals(Map.of("IT", "CONSUMED"), ledger.states(name(billedQuietly)));
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(untouched)));
        var line = ledger.budget("DE01", "IT", "2036-08").orElseThrow();
        assertEquals(new BigDecimal("200.00"), amount(line.consumed()), line.toString());
        assertEquals(new BigDecimal("300.00"), amount(line.reserved()), line.toString());
    }

    OdooPurchaseOrders.Settled settle() {
        return producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "", OdooPurchaseOrders.Settled.class);
    }

    @Test
    void escalatedOrderEarmarksItsBudgetVisiblyAndTheEarmarkBecomesAReservationWhenApprovedInOdoo() {
        ledger.put("DE01", "IT", "2036-06", Money.of("5000.00", "EUR"), "test");
        long po = order("Acme Supplies GmbH", "to approve", "2036-06-18 09:00:00", List.of(Map.entry("4000.00", Map.of("CC-300", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("ESCALATE"))
                .body("levelNeeded", equalTo("TEAM_LEAD")).body("nextAction", org.hamcrest.Matchers.containsString("earmarked"));
        assertEquals("to approve", state(po));
        assertEquals(Map.of("IT", "PENDING"), ledger.states(name(po)));
        var line = ledger.budget("DE01", "IT", "2036-06").orElseThrow();
        assertEquals(new BigDecimal("4000.00"), amount(line.pending()), line.toString());
        assertEquals(0, line.reserved().amount().signum(), "an earmark is not an approved reservation: " + line);
        // the earmark counts: approving the escalated order later can never overspend, and others are told why
        check(request("E-" + token, "r1", "Acme Supplies GmbH", "2036-06-10", Map.of("IT", "1500.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("BUDGET_EXCEEDED"))
                .body("nextAction", org.hamcrest.Matchers.containsString("4000.00 EUR of the budget is earmarked for escalated orders"));
        // the team lead approves it in Odoo
        client.callMethod("purchase.order", "button_approve", List.of(List.of(po)), Map.of());
        producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "");
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(po)));
        line = ledger.budget("DE01", "IT", "2036-06").orElseThrow();
        assertEquals(new BigDecimal("4000.00"), amount(line.reserved()), line.toString());
        assertEquals(0, line.pending().amount().signum(), line.toString());
    }

    @Test
    void escalatedOrderCancelledInOdooGivesItsEarmarkBack() {
        ledger.put("DE01", "IT", "2036-07", Money.of("5000.00", "EUR"), "test");
        long po = order("Acme Supplies GmbH", "to approve", "2036-07-18 09:00:00", List.of(Map.entry("4000.00", Map.of("CC-300", 100))));
        webhook("test-webhook-secret", Map.of("_id", po)).then().statusCode(200).body("outcome", equalTo("ESCALATE"));
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(po)), Map.of());
        producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "");
        assertEquals(Map.of("IT", "RELEASED"), ledger.states(name(po)));
        assertEquals(0, ledger.budget("DE01", "IT", "2036-07").orElseThrow().committed().amount().signum());
        check(request("E2-" + token, "r1", "Acme Supplies GmbH", "2036-07-10", Map.of("IT", "4500.00"))).then()
                .body("outcome", equalTo("ESCALATE"));
    }

    @Test
    void pollingGetsPastMoreOrdersWrittenInTheCheckpointsSecondThanOnePollReads() throws Exception {
        OdooPurchaseOrders polling = io.quarkus.arc.ClientProxy.unwrap(purchaseOrders);
        int limit = polling.pollLimit;
        polling.pollLimit = 2;
        try {
            // three orders written in one second (Odoo's write_date has whole seconds), behind the demo order; all stay
            // waiting after their check (a blocked supplier), so every poll finds them again
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
            List<Long> orders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                orders.add(order("Broken Bank Vendor", "to approve", List.of(Map.entry("10" + i + ".00", Map.of("CC-200", 100)))));
            }
            for (int poll = 0; poll < 4; poll++) {
                producer.requestBody("direct:budget-checks-poll-once", "");
            }
            for (long po : orders) {
                assertEquals(1, messages(po).size(), "order " + name(po) + " was polled and checked once: " + messages(po));
                assertTrue(messages(po).get(0).contains("SUPPLIER_BLOCKED"), messages(po).toString());
            }
        } finally {
            polling.pollLimit = limit;
        }
    }

    @Test
    void pollingChecksOrdersWaitingForApproval() {
        long small = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("250.00", Map.of("CC-200", 100))));
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals("purchase", state(small));
        long demo = odoo.store().search("purchase.order", "[[\"name\",\"!=\",\"" + name(small) + "\"],[\"state\",\"=\",\"to approve\"]]").get(0);
        assertTrue(messages(demo).stream().anyMatch(m -> m.contains("ESCALATE")), "the demo order was checked too");
    }

}
