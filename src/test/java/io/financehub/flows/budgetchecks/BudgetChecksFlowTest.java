package io.financehub.flows.budgetchecks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.Money;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.sandbox.odoo.OdooEmulator;
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
import io.financehub.sandbox.odoo.SentWebhook;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.financehub.api.budgetchecks.OdooWebhookAuthentication;

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
        polling.forgetFailures();
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

    static final String SECRET = "test-webhook-secret";

    /** Odoo's stock webhook: the secret in the URL, no header but the content type (null: the URL without a secret). */
    Response webhook(String secret, Object body) {
        return given().contentType("application/json").header(io.financehub.api.CorrelationIdFilter.HEADER, correlation()).body(body)
                .post(secret == null ? WEBHOOK : WEBHOOK + "/" + secret);
    }

    @Inject
    PurchaseOrderWebhooks webhooks;

    @Inject
    WebhookReceipts receipts;

    /** Sends the order's webhook as Odoo's rule does (its id and state), waits for the receipt and answers what it came to. */
    WebhookReceipts.Stored receipt(long po) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_action", "Send Webhook Notification(#301)");
        body.put("_id", po);
        body.put("_model", "purchase.order");
        body.put("id", po);
        body.put("state", state(po));
        long receipt = webhook(SECRET, body).then().statusCode(202).extract().jsonPath().getLong("receipt");
        return awaitReceipt(receipt);
    }

    WebhookReceipts.Stored awaitReceipt(long receipt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var stored = receipts.receipt(receipt).orElseThrow();
            if (stored.doneAt().isPresent()) {
                return stored;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("webhook receipt " + receipt + " was not done in 20 s: " + receipts.receipt(receipt));
    }

    /** The order's check through Odoo's webhook: what the check answered (a decision, the commitments released, why not checked). */
    JsonNode decided(long po) {
        var stored = receipt(po);
        assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.CHECKED), stored.outcome(), stored.toString());
        try {
            return JSON.readTree(stored.result().orElseThrow());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertOutcome(String outcome, JsonNode decision) {
        assertEquals(outcome, decision.path("outcome").asText(), decision.toString());
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

    /** An order decided the same way again (a client's retry, every poll of an order left waiting) is logged once. */
    @Test
    void aRejectionDecidedAgainIsLoggedOnce() {
        ledger.put("DE01", "SALES", "2034-02", Money.of("10.00", "EUR"), "test");
        String order = "LOG-" + token;
        List<String> lines = io.financehub.testing.LogCapture.during(() -> {
            for (int i = 0; i < 3; i++) {
                check(request(order, "r1", "Acme Supplies GmbH", "2034-02-10", Map.of("SALES", "99.99"))).then().statusCode(200)
                        .body("outcome", equalTo("REJECT"));
            }
        });
        List<String> rejected = lines.stream().filter(l -> l.contains("Order " + order + " rejected")).toList();
        assertEquals(1, rejected.size(), "logged: " + rejected);
    }

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
        given().contentType("application/json").header(OdooWebhookAuthentication.HEADER, "not-the-secret").body(Map.of("_id", po))
                .post(WEBHOOK).then().statusCode(401).contentType("application/problem+json");
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
        long receipt = webhook(SECRET, Map.of("_id", po, "_model", "purchase.order", "amount_total", 10.0, "state", "to approve"))
                .then().statusCode(202).extract().jsonPath().getLong("receipt");
        JsonNode decision = JSON.readTree(awaitReceipt(receipt).result().orElseThrow());
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
        assertOutcome("ESCALATE", decided(po));
        assertEquals(1, messages(po).size());
        assertEquals(held, ledger.commitments(name(po)));
        assertDecisionRecordedOnce(po, "budget-check.escalate", "ESCALATE");
    }

    @Test
    void orderWaitingForApprovalThatPassesIsApprovedInOdooWithItsMessage() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("400.00", Map.of("CC-300", 50, "CC-200", 50)),
                Map.entry("100.00", Map.of("CC-300", 100))));
        assertOutcome("APPROVE", decided(po));
        assertEquals("purchase", state(po));
        assertEquals(1, odoo.journal().count("purchase.order", "button_approve"));
        assertTrue(messages(po).get(0).contains("Budget check: APPROVE"), messages(po).toString());
        var note = odoo.journal().calls("purchase.order", "message_post").stream()
                .filter(c -> c.args().toString().contains("[" + po + "]")).toList();
        assertEquals(1, note.size(), note.toString());
        assertEquals("comment", note.get(0).kwargs().path("message_type").asText(), "an internal note: " + note);
        assertEquals("mail.mt_note", note.get(0).kwargs().path("subtype_xmlid").asText());
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
        String groupsField = odooVersion >= 19 ? "group_ids" : "groups_id"; // renamed in 19
        odoo.store().read("res.users", hubUser, groupsField).orElseThrow().get(groupsField).forEach(g -> groups.add(g.asLong()));
        long manager = odoo.store().records("res.groups").stream().filter(g -> "purchase.group_purchase_manager".equals(g.get("xmlid")))
                .map(g -> ((Number) g.get("id")).longValue()).findFirst().orElseThrow();
        long user = odoo.store().records("res.groups").stream().filter(g -> "purchase.group_purchase_user".equals(g.get("xmlid")))
                .map(g -> ((Number) g.get("id")).longValue()).findFirst().orElseThrow();
        List<Long> userNotManager = new ArrayList<>(groups.stream().filter(g -> g != manager && g != user).toList());
        userNotManager.add(user); // a purchase user (19 gives the hub's user the manager group only, which implies it)
        odoo.store().writeStored("res.users", hubUser, Map.of(groupsField, userNotManager));
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("500.00", Map.of("CC-300", 100))));

        var failed = receipt(po);
        assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.FAILED), failed.outcome(), failed.toString());
        assertTrue(failed.result().orElseThrow().contains("did not approve"), failed.toString());
        assertEquals("to approve", state(po), "Odoo refused the approval");
        var item = exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.of(io.financehub.governance.exceptions.ExceptionState.NEW), 100)
                .stream().filter(e -> correlation().equals(e.correlationId)).findFirst().orElseThrow();
        assertTrue(item.errorMessage.contains("Odoo did not approve purchase order " + name(po) + " although its budget check approved"
                + " it (the budget stays reserved)") && item.errorMessage.contains("Purchase / Administrator"), item.errorMessage);
        assertEquals(IllegalStateException.class.getName(), item.errorClass);
        assertEquals(1, exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.empty(), 1000).stream()
                .filter(e -> correlation().equals(e.correlationId)).count(), "one item for the failed check");
        assertFalse(ledger.commitments(name(po)).isEmpty(), "the budget stays reserved for the approved decision");

        // the right granted, the item replayed: the order is approved, its budget reserved once
        odoo.store().writeStored("res.users", hubUser, Map.of(groupsField, groups));
        var replayed = exceptions.replay(item.id, "operator");
        assertTrue(replayed.failure().isEmpty(), replayed + " payload [" + new String(item.payload == null ? new byte[0] : item.payload) + "] endpoint " + item.replayEndpoint + " route " + item.routeId);
        assertEquals("purchase", state(po));
        assertEquals(0, ledger.commitments(name(po)).get("IT").amount().compareTo(new BigDecimal("500.00")));
    }

    @Test
    void aNoteOdooRefusesBecomesOneExceptionItemAfterTheApproval() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("120.00", Map.of("CC-300", 100))));
        odoo.faults().inject(io.financehub.sandbox.odoo.Fault.odooError("odoo.exceptions.UserError").on("purchase.order", "message_post"));
        try {
            var failed = receipt(po);
            assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.FAILED), failed.outcome(), failed.toString());
        } finally {
            odoo.faults().clear();
        }
        assertEquals("purchase", state(po), "approved before the note was refused");
        assertEquals(1, odoo.journal().count("purchase.order", "message_post"), "a refusal is not sent again");
        var items = exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.empty(), 1000).stream()
                .filter(e -> correlation().equals(e.correlationId)).toList();
        assertEquals(1, items.size(), "one item, whichever route failed: " + items.stream().map(e -> e.routeId).toList());
        assertEquals(io.financehub.odoo.OdooValidationException.class.getName(), items.get(0).errorClass);
        assertEquals(BudgetChecksFlow.ENDPOINT_ODOO_ORDER, items.get(0).replayEndpoint, "replayed as the order by its id");
    }

    @Test
    void blockedSupplierIsRejectedInOdooAndStaysWaiting() {
        long po = order("Broken Bank Vendor", "to approve", List.of(Map.entry("100.00", Map.of("CC-100", 100))));
        JsonNode rejected = decided(po);
        assertOutcome("REJECT", rejected);
        assertEquals("SUPPLIER_BLOCKED", rejected.at("/codes/0").asText());
        assertEquals("to approve", state(po));
        assertEquals(0, odoo.journal().count("purchase.order", "button_approve"));
        assertTrue(messages(po).get(0).contains("SUPPLIER_BLOCKED"), messages(po).toString());
        assertDecisionRecordedOnce(po, "budget-check.reject", "REJECT");
    }

    @Test
    void orderMovedToAnotherPeriodIsCheckedAgainstThatPeriodsBudget() {
        long po = order("Acme Supplies GmbH", "to approve", "2026-12-18 09:00:00", List.of(Map.entry("300.00", Map.of("CC-100", 100))));
        assertOutcome("APPROVE", decided(po));
        BigDecimal before = ledger.budget("DE01", "SALES", "2026").orElseThrow().committed().amount();
        // the buyer moves the approved (confirmed) order into next year, which has no budget: not the same revision any more,
        // and committed in Odoo all the same: recorded, 2026's reservation released, and an alert since no budget can hold it
        assertEquals("purchase", state(po));
        client.write("purchase.order", List.of(po), Map.of("date_order", "2027-01-08 09:00:00"));
        JsonNode moved = decided(po);
        assertOutcome("RECORDED", moved);
        assertEquals(List.of("CONFIRMED_IN_ODOO", "NO_BUDGET"), JSON.convertValue(moved.get("codes"), List.class));
        assertTrue(ledger.commitments(name(po)).isEmpty(), "2026's reservation is released");
        assertEquals(0, ledger.budget("DE01", "SALES", "2026").orElseThrow().committed().amount()
                .compareTo(before.subtract(new BigDecimal("300.00"))));
    }

    @Test
    void cancelledOrderReleasesItsCommitment() {
        long po = order("Acme Supplies GmbH", "to approve", List.of(Map.entry("300.00", Map.of("CC-100", 100))));
        assertOutcome("APPROVE", decided(po));
        assertFalse(ledger.commitments(name(po)).isEmpty());
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(po)), Map.of());
        assertEquals(1, decided(po).path("commitmentsReleased").asInt());
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
            assertOutcome("APPROVE", decided(po));
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
    CommitmentSettling settling;

    @Inject
    PurchaseOrderPolling polling;

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
            assertOutcome("APPROVE", decided(pos.get(pos.size() - 1)));
        }
        long cancelled = pos.get(0);
        long billedQuietly = pos.get(1);
        long untouched = pos.get(2);
        settling.sweepOnNextPass();
        assertTrue(settle().fullSweep());
        Thread.sleep(1100); // Odoo's write_date counts seconds: the cancellation is newer than anything the sweep saw
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(cancelled)), Map.of());
        CommitmentSettling.Settled first = settle();
        assertFalse(first.fullSweep());
        assertEquals(1, first.released(), first.toString());
        assertEquals(Map.of("IT", "RELEASED"), ledger.states(name(cancelled)));

        Thread.sleep(1100);
        // the vendor bill raises the lines' billed quantities only: the order's own write_date does not move
        for (long line : odoo.store().search("purchase.order.line", "[[\"order_id\",\"=\"," + billedQuietly + "]]")) {
            odoo.store().writeStored("purchase.order.line", line, Map.of("qty_invoiced",
                    odoo.store().record("purchase.order.line", line).orElseThrow().get("product_qty")));
        }
        CommitmentSettling.Settled second = settle();
        assertFalse(second.fullSweep());
        // only the newest change the previous pass saw is read again (a second of write_date holds more than one write)
        assertEquals(1, second.ordersRead(), "only orders Odoo changed since the previous pass are read: " + second);
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(billedQuietly)), "not seen without a new write_date");

        settling.sweepOnNextPass();
        CommitmentSettling.Settled sweep = settle();
        assertTrue(sweep.fullSweep());
        assertTrue(sweep.ordersRead() >= 2, sweep.toString());
        assertEquals(Map.of("IT", "CONSUMED"), ledger.states(name(billedQuietly)));
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(untouched)));
        var line = ledger.budget("DE01", "IT", "2036-08").orElseThrow();
        assertEquals(new BigDecimal("200.00"), amount(line.consumed()), line.toString());
        assertEquals(new BigDecimal("300.00"), amount(line.reserved()), line.toString());
    }

    CommitmentSettling.Settled settle() {
        return producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "", CommitmentSettling.Settled.class);
    }

    @Test
    void escalatedOrderEarmarksItsBudgetVisiblyAndTheEarmarkBecomesAReservationWhenApprovedInOdoo() {
        ledger.put("DE01", "IT", "2036-06", Money.of("5000.00", "EUR"), "test");
        long po = order("Acme Supplies GmbH", "to approve", "2036-06-18 09:00:00", List.of(Map.entry("4000.00", Map.of("CC-300", 100))));
        JsonNode escalated = decided(po);
        assertOutcome("ESCALATE", escalated);
        assertEquals("TEAM_LEAD", escalated.path("levelNeeded").asText());
        assertTrue(escalated.path("nextAction").asText().contains("earmarked"), escalated.toString());
        assertEquals("to approve", state(po));
        assertEquals(Map.of("IT", "PENDING"), ledger.states(name(po)));
        var line = ledger.budget("DE01", "IT", "2036-06").orElseThrow();
        assertEquals(new BigDecimal("4000.00"), amount(line.pending()), line.toString());
        assertEquals(0, line.reserved().amount().signum(), "an earmark is not an approved reservation: " + line);
        // the earmark counts: approving the escalated order later can never overspend, and others are told why
        check(request("E-" + token, "r1", "Acme Supplies GmbH", "2036-06-10", Map.of("IT", "1500.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("BUDGET_EXCEEDED"))
                .body("nextAction", org.hamcrest.Matchers.containsString("4,000.00 EUR of the budget is earmarked for escalated orders"));
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
        assertOutcome("ESCALATE", decided(po));
        client.callMethod("purchase.order", "button_cancel", List.of(List.of(po)), Map.of());
        producer.requestBody(BudgetChecksFlow.ENDPOINT_SETTLE, "");
        assertEquals(Map.of("IT", "RELEASED"), ledger.states(name(po)));
        assertEquals(0, ledger.budget("DE01", "IT", "2036-07").orElseThrow().committed().amount().signum());
        check(request("E2-" + token, "r1", "Acme Supplies GmbH", "2036-07-10", Map.of("IT", "4500.00"))).then()
                .body("outcome", equalTo("ESCALATE"));
    }

    @Test
    void pollingGetsPastMoreOrdersWrittenInTheCheckpointsSecondThanOnePollReads() throws Exception {
        PurchaseOrderPolling polling = io.quarkus.arc.ClientProxy.unwrap(this.polling);
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


    // ---- what a budget owner would refuse (API) ----------------------------------------------------------------------

    /** A request with the given lines (cost centre, its company, amount), which may repeat a cost centre. */
    static Map<String, Object> requestWithLines(String order, String revision, String date, String... costCentreCompanyAmount) {
        Map<String, Object> r = request(order, revision, "Acme Supplies GmbH", date, Map.of());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < costCentreCompanyAmount.length; i += 3) {
            lines.add(Map.of("costCentre", Map.of("company", Map.of("key", costCentreCompanyAmount[i + 1]), "code", costCentreCompanyAmount[i]),
                    "amount", Map.of("amount", new BigDecimal(costCentreCompanyAmount[i + 2]), "currency", "EUR")));
        }
        r.put("lines", lines);
        return r;
    }

    @Test
    void negativeAmountsNettingOtherCompaniesCostCentresAndExcessDecimalsAreRefusedNamingTheFieldAndReserveNothing() {
        ledger.put("DE01", "IT", "2033-06", Money.of("10000.00", "EUR"), "test");
        ledger.put("US01", "IT", "2033-06", Money.of("10000.00", "USD"), "test");
        check(requestWithLines("N1-" + token, "r1", "2033-06-10", "IT", "DE01", "-800.00")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("lines[0].amount.amount: -800.00 is not a commitment"));
        check(requestWithLines("N2-" + token, "r1", "2033-06-10", "IT", "DE01", "5000.00", "IT", "DE01", "-4999.00")).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("lines[1].amount.amount: -4999.00 is not a commitment"));
        check(requestWithLines("N3-" + token, "r1", "2033-06-10", "IT", "US01", "100.00")).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("lines[0].costCentre.company.key: cost centre IT of company 'US01' "
                        + "cannot be charged by an order of company 'DE01'"));
        check(requestWithLines("N4-" + token, "r1", "2033-06-10", "IT", "DE01", "10.12345")).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("lines[0].amount.amount: the amount has 5 decimals; EUR has 2"));
        check(requestWithLines("N5-" + token, "r1", "2033-06-10", "IT", "DE01", "10." + "1".repeat(400))).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("lines[0].amount.amount: the amount has 400 decimals; EUR has 2"));
        assertEquals(0, ledger.budget("DE01", "IT", "2033-06").orElseThrow().committed().amount().signum(), "nothing reserved");
        assertEquals(0, ledger.budget("US01", "IT", "2033-06").orElseThrow().committed().amount().signum(), "nothing reserved");
        for (int i = 1; i <= 5; i++) {
            assertTrue(ledger.decided("N" + i + "-" + token, "r1").isEmpty(), "no decision stored for a refused request");
        }
    }

    @Test
    void aBlockedSupplierOrCategoryWithInvisibleOrNoBreakSpacesIsStillRejected() {
        ledger.put("DE01", "SALES", "2033-07", Money.of("10000.00", "EUR"), "test");
        Map<String, Object> zeroWidth = request("Z1-" + token, "r1", "Broken Ba\u200Bnk Vendor", "2033-07-10", Map.of("SALES", "10.00"));
        JsonNode rejected = JSON.valueToTree(check(zeroWidth).then().statusCode(200).extract().as(Map.class));
        assertOutcome("REJECT", rejected);
        assertEquals("SUPPLIER_BLOCKED", rejected.at("/codes/0").asText());
        check(request("Z2-" + token, "r1", "Broken\u00A0Bank Vendor", "2033-07-10", Map.of("SALES", "10.00"))).then()
                .body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("SUPPLIER_BLOCKED"));
        Map<String, Object> category = request("Z3-" + token, "r1", "Acme Supplies GmbH", "2033-07-10", Map.of("SALES", "10.00"));
        category.put("category", "Gift\u00A0\u200Ccards");
        check(category).then().body("outcome", equalTo("REJECT")).body("codes[0]", equalTo("CATEGORY_BLOCKED"));
        assertEquals(0, ledger.budget("DE01", "SALES", "2033-07").orElseThrow().committed().amount().signum());
    }

    @Test
    void aRevisionIdSentAgainWithOtherContentIsRefusedAndItsDecisionStands() {
        ledger.put("DE01", "IT", "2033-08", Money.of("100000.00", "EUR"), "test");
        String order = "V-" + token;
        check(request(order, "r1", "Acme Supplies GmbH", "2033-08-10", Map.of("IT", "100.00"))).then().statusCode(200)
                .body("outcome", equalTo("APPROVE"));
        check(request(order, "r1", "Acme Supplies GmbH", "2033-08-10", Map.of("IT", "50000.00"))).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Revision 'r1' of order '" + order + "' was decided before (APPROVE) "
                        + "for other content"));
        check(request(order, "r1", "Broken Bank Vendor", "2033-08-10", Map.of("IT", "100.00"))).then().statusCode(409);
        assertEquals(0, ledger.budget("DE01", "IT", "2033-08").orElseThrow().committed().amount().compareTo(new BigDecimal("100.00")));
        // the same content again is the same revision: its decision, nothing reserved twice; new content under a new id is decided
        check(request(order, "r1", "Acme Supplies GmbH", "2033-08-21", Map.of("IT", "100.00"))).then().statusCode(200)
                .body("outcome", equalTo("APPROVE"));
        check(request(order, "r2", "Acme Supplies GmbH", "2033-08-10", Map.of("IT", "50000.00"))).then().statusCode(200)
                .body("outcome", equalTo("ESCALATE"));
        assertEquals(0, ledger.budget("DE01", "IT", "2033-08").orElseThrow().committed().amount().compareTo(new BigDecimal("50000.00")));
        assertTrue(exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.empty(), 500).stream()
                .noneMatch(e -> e.subject != null && e.subject.endsWith("/" + order)), "a caller's mistake is answered, not an exception item");
    }

    // ---- Odoo as it really behaves: order states, self-confirmed orders, its own webhook --------------------------------

    @TestHTTPResource("/api/v1/webhooks/odoo/purchase-orders/test-webhook-secret")
    URI stockWebhookUrl;

    @Inject
    CamelContext camel;

    /** The hub's own mapper (Optional, java.time): what the flow's answers are written with. */
    @Inject
    ObjectMapper hubJson;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** A JSON-RPC call as one of the emulator's users (the buyer, the admin), as Odoo's web client makes it for them. */
    JsonNode rpcAs(String login, String model, String method, List<?> args, Map<String, ?> kwargs) throws Exception {
        long uid = odoo.store().search("res.users", "[[\"login\",\"=\",\"" + login + "\"]]").get(0);
        Map<String, Object> body = Map.of("jsonrpc", "2.0", "method", "call", "id", 1, "params", Map.of("service", "object",
                "method", "execute_kw", "args", List.of(odoo.database(), uid, login, model, method, args, kwargs)));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(odoo.url().resolve("/jsonrpc"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        assertFalse(json.has("error"), json.toString());
        return json.get("result");
    }

    /** A draft order created by {@code login} in Odoo: one line on a cost centre, dated in the given month. */
    long orderBy(String login, String amount, String costCentre, String date) throws Exception {
        Map<String, Object> line = Map.of("name", "Item " + token, "product_qty", 1, "price_unit", Double.parseDouble(amount),
                "analytic_distribution", Map.of(Long.toString(analytic(costCentre)), 100));
        return rpcAs(login, "purchase.order", "create", List.of(Map.of("partner_id", partner("Acme Supplies GmbH"), "date_order", date,
                "order_line", List.of(List.of(0, 0, line)))), Map.of("context", Map.of("allowed_company_ids", List.of(1)))).asLong();
    }

    /** Odoo's stock automation rule on purchase orders, calling the hub's webhook URL with the secret (17 and later). */
    void stockWebhookRule() {
        odoo.addWebhookRule("purchase.order", List.of("state"), stockWebhookUrl, List.of("name", "state", "write_date", "amount_total", "partner_id"));
    }

    /** Waits until every receipt of the order is done and answers them. */
    List<WebhookReceipts.Stored> receiptsDone(long po, int atLeast) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25)).until(() -> {
            List<WebhookReceipts.Stored> all = receipts.receiptsOf(po);
            return all.size() >= atLeast && all.stream().allMatch(r -> r.doneAt().isPresent());
        });
        return receipts.receiptsOf(po);
    }

    @Test
    void aDraftOrRequestForQuotationIsNotCheckedReservesNothingAndPostsNothing() throws Exception {
        if (odooVersion >= 17) {
            stockWebhookRule();
        }
        long draft = orderBy("buyer", "300.00", "CC-300", "2033-09-10 09:00:00");
        if (odooVersion >= 17) {
            // Odoo's webhook on create: the order is not even committed while the call is open; the answer says why nothing happens
            List<WebhookReceipts.Stored> receipts = receiptsDone(draft, 1);
            assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.NOTHING_TO_CHECK), receipts.get(0).outcome(), receipts.toString());
            assertTrue(receipts.get(0).result().orElseThrow().contains("a draft commits no budget"), receipts.toString());
        }
        // the answer to the webhook as Odoo 17 sends it for a new order (its recorded body, this order's id)
        String recorded = "{\"_action\": \"Send Webhook Notification(#304)\", \"_id\": " + draft + ", \"_model\": \"purchase.order\", "
                + "\"amount_total\": 300.0, \"id\": " + draft + ", \"name\": \"" + name(draft) + "\", \"partner_id\": 7, \"state\": \"draft\"}";
        given().contentType("application/json").body(recorded).post(WEBHOOK + "/" + SECRET).then().statusCode(202)
                .body("state", equalTo("draft")).body("check", org.hamcrest.Matchers.containsString("not checked: a draft commits no budget"));
        // whatever the way in (a replay, a webhook without the state), a draft is answered as not checked
        JsonNode answer = hubJson.valueToTree(producer.requestBody(BudgetChecksFlow.ENDPOINT_ODOO_ORDER, draft));
        assertEquals("draft", answer.path("state").asText(), answer.toString());
        assertTrue(answer.path("reason").asText().contains("nothing is checked or reserved"), answer.toString());
        rpcAs("buyer", "purchase.order", "write", List.of(List.of(draft), Map.of("state", "sent")), Map.of());
        assertEquals("sent", hubJson.valueToTree(producer.requestBody(BudgetChecksFlow.ENDPOINT_ODOO_ORDER, draft)).path("state").asText());
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals(List.of(), messages(draft), "no note on a draft");
        assertTrue(ledger.commitments(name(draft)).isEmpty(), "nothing reserved for a draft");
        assertTrue(audit.bySubject(BudgetChecks.subject("DE01", name(draft))).isEmpty(), "no decision");
    }

    /**
     * Below the company's double-validation amount (5,000 in the demo) Odoo confirms a buyer's order straight to
     * purchase, as it does any order a purchase manager confirms: the hub never decided them, yet they are commitments.
     * Found by the webhook (17+) and by polling, recorded; one that overspends its budget is an alert.
     */
    @Test
    void ordersOdooConfirmsByItselfAreRecordedAsCommitmentsAndAnOverspendIsAnAlert() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        ledger.put("DE01", "IT", "2033-10", Money.of("1000.00", "EUR"), "test");
        if (odooVersion >= 17) {
            stockWebhookRule();
        }
        double alertsBefore = meters.counter("hub.budget_checks.commitments_over_budget", "company", "DE01").count();
        long small = orderBy("buyer", "600.00", "CC-300", "2033-10-10 09:00:00");
        rpcAs("buyer", "purchase.order", "button_confirm", List.of(List.of(small)), Map.of());
        assertEquals("purchase", state(small), "Odoo confirmed it itself: below the double-validation amount");
        long managers = orderBy("admin", "700.00", "CC-300", "2033-10-11 09:00:00");
        rpcAs("admin", "purchase.order", "button_confirm", List.of(List.of(managers)), Map.of());
        assertEquals("purchase", state(managers));
        if (odooVersion >= 17) {
            receiptsDone(small, 2);
            receiptsDone(managers, 2);
        }
        producer.requestBody("direct:budget-checks-poll-once", "");
        producer.requestBody("direct:budget-checks-poll-once", "");

        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(small)));
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(managers)));
        var line = ledger.budget("DE01", "IT", "2033-10").orElseThrow();
        assertEquals(new BigDecimal("1300.00"), amount(line.reserved()), "both are committed, beyond the budget: " + line);
        // whichever of the two the hub records second no longer fits: overspent by 300.00 either way (1,300 on 1,000);
        // the first is recorded without a note
        List<String> smallNotes = messages(small);
        List<String> managersNotes = messages(managers);
        assertEquals(1, smallNotes.size() + managersNotes.size(), "one of them within budget, recorded without a note: "
                + smallNotes + managersNotes);
        long over = smallNotes.isEmpty() ? managers : small;
        String note = smallNotes.isEmpty() ? managersNotes.get(0) : smallNotes.get(0);
        assertTrue(note.contains("Budget check: RECORDED [CONFIRMED_IN_ODOO, BUDGET_EXCEEDED]") && note.contains("overspent by 300.00 EUR")
                && note.contains("reserved " + (over == small ? "600.00" : "700.00") + " EUR"), note);
        assertEquals(alertsBefore + 1, meters.counter("hub.budget_checks.commitments_over_budget", "company", "DE01").count());
        var alerts = exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.of(
                io.financehub.governance.exceptions.ExceptionState.NEW), 500).stream()
                // order names restart with the emulator's data: an earlier test's order of this name is not this one
                .filter(e -> BudgetChecks.subject("DE01", name(over)).equals(e.subject) && !e.createdAt.isBefore(started)).toList();
        assertEquals(1, alerts.size(), "one exception item for the overspend: " + alerts.stream()
                .map(e -> e.routeId + " " + e.correlationId + ": " + e.errorMessage).toList());
        assertTrue(alerts.get(0).errorMessage.contains("overspent by 300.00 EUR"), alerts.get(0).errorMessage);
        assertTrue(exceptions.replay(alerts.get(0).id, "operator").failure().isPresent(), "a notice is settled in Odoo, not replayed");
        for (long po : List.of(small, managers)) {
            assertEquals(List.of("budget-check.recorded"), audit.bySubject(BudgetChecks.subject("DE01", name(po))).stream()
                    .filter(e -> !e.recordedAt.isBefore(started) && e.action.startsWith("budget-check.")).map(e -> e.action).toList(),
                    "recorded once, whatever found it first");
        }
    }

    @Test
    void anOrderTheCheckRejectedButAPersonConfirmedInOdooIsRecordedAndAnAlert() {
        ledger.put("DE01", "IT", "2034-01", Money.of("100.00", "EUR"), "test");
        long po = order("Acme Supplies GmbH", "to approve", "2034-01-18 09:00:00", List.of(Map.entry("500.00", Map.of("CC-300", 100))));
        JsonNode rejected = decided(po);
        assertOutcome("REJECT", rejected);
        // controlling raises the budget, and a purchase manager approves the order in Odoo instead of re-submitting it
        ledger.put("DE01", "IT", "2034-01", Money.of("10000.00", "EUR"), "test");
        client.callMethod("purchase.order", "button_approve", List.of(List.of(po)), Map.of());
        JsonNode recorded = decided(po);
        assertOutcome("RECORDED", recorded);
        assertEquals(List.of("CONFIRMED_IN_ODOO", "REJECTED_BEFORE"), JSON.convertValue(recorded.get("codes"), List.class), recorded.toString());
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(po)));
        assertTrue(messages(po).get(1).contains("the budget check had rejected this revision [BUDGET_EXCEEDED]"), messages(po).toString());
        assertEquals(1, exceptions.list(java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.of(
                io.financehub.governance.exceptions.ExceptionState.NEW), 500).stream()
                .filter(e -> BudgetChecks.subject("DE01", name(po)).equals(e.subject) && correlation().equals(e.correlationId)).count());
    }

    /**
     * Odoo's stock rule (17, 18: sent from inside the transaction, before it commits): the hub answers at once and checks
     * the order once Odoo shows the change. Here the transaction stays open a while after the call, so the hub's first read
     * still sees the draft; the order is decided on its committed state (waiting for approval) and approved.
     */
    @Test
    void odoosStockWebhookIsCheckedOnceOdooHasCommittedTheChange() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(odooVersion >= 17, "Odoo 16 has no webhook action: polling checks its orders");
        ledger.put("DE01", "IT", "2033-11", Money.of("5000.00", "EUR"), "test");
        odoo.store().writeStored("res.company", 1, Map.of("po_double_validation_amount", 100.0));
        stockWebhookRule();
        long po = orderBy("buyer", "500.00", "CC-300", "2033-11-10 09:00:00");
        // Odoo's transaction stays open after the call until the hub has read the order once (at most 5 s)
        long hubUser = odoo.store().search("res.users", "[[\"login\",\"=\",\"hub-integration\"]]").get(0);
        odoo.webhookCommitDelay(Duration.ofSeconds(5), () -> odoo.journal().calls("purchase.order", "read").stream()
                .anyMatch(c -> c.uid() != null && c.uid() == hubUser));
        rpcAs("buyer", "purchase.order", "button_confirm", List.of(List.of(po)), Map.of());
        // draft (nothing to check), to approve (checked: approved by the hub), purchase (the hub's approval: already decided)
        List<WebhookReceipts.Stored> receipts = receiptsDone(po, 3);
        assertEquals("purchase", state(po), "approved by the hub on the committed state: " + receipts);
        assertEquals(List.of(PurchaseOrderWebhooks.Outcome.NOTHING_TO_CHECK, PurchaseOrderWebhooks.Outcome.CHECKED,
                PurchaseOrderWebhooks.Outcome.CHECKED), receipts.stream().map(r -> r.outcome().orElseThrow()).toList(), receipts.toString());
        SentWebhook toApprove = odoo.webhooksSent().stream().filter(w -> w.body().contains("\"state\": \"to approve\"")).findFirst().orElseThrow();
        if (odooVersion >= 19) {
            // 19 sends the call once the transaction has committed: the first read already sees the change
            assertFalse(toApprove.insideTransaction(), toApprove.toString());
        } else {
            assertTrue(receipts.get(1).attempts() >= 2, "the first read saw the order before Odoo committed it: " + receipts.get(1));
            assertTrue(toApprove.insideTransaction(), toApprove.toString());
            assertTrue(odoo.journal().calls("purchase.order", "read").stream().anyMatch(c -> c.timestamp().isBefore(toApprove.committedAt())),
                    "the hub read the order while Odoo's transaction was still open");
        }
        List<String> notes = messages(po);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("Budget check: APPROVE") && notes.get(0).contains("500.00 EUR reserved"), notes.get(0));
        assertEquals(Map.of("IT", "RESERVED"), ledger.states(name(po)));
        assertEquals(0, ledger.commitments(name(po)).get("IT").amount().compareTo(new BigDecimal("500.00")));
    }

    @Test
    void theWebhookAnswersAtOnceWithoutOdooAndItsReceiptIsCheckedEvenAfterAStop() throws Exception {
        long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]").get(0);
        camel.getRouteController().stopRoute(BudgetChecksFlow.ROUTE_WEBHOOKS);
        try {
            odoo.faults().inject(io.financehub.sandbox.odoo.Fault.latency(Duration.ofSeconds(3)).repeating());
            long started = System.nanoTime();
            long receipt = webhook(SECRET, Map.of("_id", po, "_model", "purchase.order", "state", "to approve")).then().statusCode(202)
                    .body("orderId", equalTo((int) po)).body("check", org.hamcrest.Matchers.containsString("checked once Odoo shows"))
                    .extract().jsonPath().getLong("receipt");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 500, "answered well within Odoo's 1-second timeout");
            assertEquals(0, odoo.journal().calls().size(), "no Odoo call in the request");
            // the old header form, for callers that can send one: the same answer
            given().contentType("application/json").header(OdooWebhookAuthentication.HEADER, SECRET).body(Map.of("_id", po))
                    .post(WEBHOOK).then().statusCode(202);
            odoo.faults().clear();
            Thread.sleep(300);
            assertTrue(receipts.receipt(receipt).orElseThrow().doneAt().isEmpty(), "kept until checked");
        } finally {
            odoo.faults().clear();
            camel.getRouteController().startRoute(BudgetChecksFlow.ROUTE_WEBHOOKS);
        }
        List<WebhookReceipts.Stored> receipts = receiptsDone(po, 2);
        assertTrue(receipts.stream().allMatch(r -> r.outcome().equals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.CHECKED))), receipts.toString());
        assertEquals(1, messages(po).size(), "one decision, one note: " + messages(po));
        // the secret is in no metric: the URL's template names it, never its value (a wrong one neither)
        webhook("not-the-secret", Map.of("_id", po)).then().statusCode(401);
        String metrics = given().auth().preemptive().basic("operator", "operator-demo").get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(SECRET) || metrics.contains("not-the-secret"), "the webhook secret leaks into /q/metrics");
    }

    /**
     * Odoo delivers one call more than once (its own retry): the order is checked once, one decision, one note. The demo
     * order waiting for approval is escalated, so it stays as the call announced it while the call comes again.
     */
    @Test
    void theSameWebhookDeliveredAgainIsCheckedOnceWithOneDecisionAndOneNote() throws Exception {
        long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]").get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_action", "Send Webhook Notification(#301)");
        body.put("_id", po);
        body.put("_model", "purchase.order");
        body.put("name", name(po));
        body.put("state", "to approve");
        body.put("write_date", String.valueOf(odoo.store().record("purchase.order", po).orElseThrow().get("write_date")));
        long linesRead = odoo.journal().count("purchase.order.line", "read");
        // twice at once (one round of the route, or two), then once more after the check
        long first = webhook(SECRET, body).then().statusCode(202).extract().jsonPath().getLong("receipt");
        long second = webhook(SECRET, body).then().statusCode(202).extract().jsonPath().getLong("receipt");
        awaitReceipt(first);
        awaitReceipt(second);
        long third = webhook(SECRET, body).then().statusCode(202).extract().jsonPath().getLong("receipt");
        awaitReceipt(third);

        List<WebhookReceipts.Stored> all = receipts.receiptsOf(po);
        assertEquals(List.of(PurchaseOrderWebhooks.Outcome.CHECKED, PurchaseOrderWebhooks.Outcome.DUPLICATE,
                PurchaseOrderWebhooks.Outcome.DUPLICATE), all.stream().map(r -> r.outcome().orElseThrow()).toList(), all.toString());
        assertOutcome("ESCALATE", JSON.readTree(all.get(0).result().orElseThrow()));
        all.stream().skip(1).forEach(r -> assertTrue(r.result().orElseThrow().contains("Odoo delivered this call before (order " + po
                + ", to approve"), r.toString()));
        assertEquals(1, odoo.journal().count("purchase.order.line", "read") - linesRead, "the order's lines read by one check");
        assertEquals(1, messages(po).size(), "one note: " + messages(po));
        assertEquals(List.of("budget-check.escalate"), audit.bySubject(BudgetChecks.subject("DE01", name(po))).stream()
                .filter(e -> correlation().equals(e.correlationId)).map(e -> e.action).filter(a -> a.startsWith("budget-check.")).toList(),
                "one decision");

        // another change of the order (Odoo writes it: a new write date) is another delivery, checked: the same revision,
        // so the same decision and still one note
        Thread.sleep(1100);
        odoo.store().writeStored("purchase.order", po, Map.of("notes", "delivery by the dock " + token));
        Map<String, Object> later = new LinkedHashMap<>(body);
        later.put("write_date", String.valueOf(odoo.store().record("purchase.order", po).orElseThrow().get("write_date")));
        assertNotEquals(body.get("write_date"), later.get("write_date"));
        long fourth = webhook(SECRET, later).then().statusCode(202).extract().jsonPath().getLong("receipt");
        assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.CHECKED), awaitReceipt(fourth).outcome(),
                receipts.receipt(fourth).toString());
        assertEquals(2, odoo.journal().count("purchase.order.line", "read") - linesRead);
        assertEquals(1, messages(po).size(), "one note: " + messages(po));
    }

    /**
     * A delivery's key is written only once its check ran: while Odoo holds the check's read of the order lines (what a
     * crash at that moment leaves in the store) there is none, so a receipt claimed again after a crash is checked, not
     * closed as a duplicate of a check that never finished.
     */
    @Test
    void aWebhookDeliveryIsKeyedOnlyOnceItsCheckRan() throws Exception {
        long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]").get(0);
        odoo.faults().inject(io.financehub.sandbox.odoo.Fault.latency(Duration.ofSeconds(2)).on("purchase.order.line", "read").occurrence(1));
        try {
            long receipt = webhook(SECRET, Map.of("_id", po, "_model", "purchase.order", "state", "to approve", "write_date",
                    String.valueOf(odoo.store().record("purchase.order", po).orElseThrow().get("write_date"))))
                    .then().statusCode(202).extract().jsonPath().getLong("receipt");
            long linesRead = odoo.journal().count("purchase.order.line", "read");
            long whileHeld = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (receipts.receipt(receipt).orElseThrow().doneAt().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the receipt is checked");
                assertEquals(0, deliveryKeys(po), "no key for the delivery while its check runs");
                if (odoo.journal().count("purchase.order.line", "read") == linesRead && odoo.faults().pending() == 0) {
                    whileHeld++;
                }
                Thread.sleep(50);
            }
            assertTrue(whileHeld > 10, "the store was looked at while Odoo held the check's read (" + whileHeld + " samples)");
            assertEquals(java.util.Optional.of(PurchaseOrderWebhooks.Outcome.CHECKED), receipts.receipt(receipt).orElseThrow().outcome());
            assertEquals(1, deliveryKeys(po), "the key, once the check ran");
        } finally {
            odoo.faults().clear();
        }
    }

    int deliveryKeys(long po) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "select count(*) from idempotency_key where repository = 'budgetWebhookDeliveries' and key like ?")) {
            ps.setString(1, po + "/%");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * An order polling cannot check (a line without a cost centre) is one exception item, however many polls read it
     * again in the checkpoint's second; once Odoo changes it, the next poll checks it again.
     */
    @Test
    void anOrderPollingCannotCheckIsOneExceptionItemUntilOdooChangesIt() throws Exception {
        odoo.store().writeStored("res.company", 1, Map.of("po_double_validation_amount", 100.0));
        if (odooVersion >= 17) {
            stockWebhookRule(); // the webhook's check fails first: polling, reading the same change, adds no second item
        }
        Map<String, Object> line = Map.of("name", "No cost centre " + token, "product_qty", 1, "price_unit", 250.0);
        long po = rpcAs("buyer", "purchase.order", "create", List.of(Map.of("partner_id", partner("Acme Supplies GmbH"),
                "date_order", "2033-12-20 09:00:00", "order_line", List.of(List.of(0, 0, line)))),
                Map.of("context", Map.of("allowed_company_ids", List.of(1)))).asLong();
        rpcAs("buyer", "purchase.order", "button_confirm", List.of(List.of(po)), Map.of());
        assertEquals("to approve", state(po));
        if (odooVersion >= 17) {
            receiptsDone(po, 2);
        }
        for (int poll = 0; poll < 3; poll++) {
            producer.requestBody("direct:budget-checks-poll-once", "");
        }
        java.util.function.Supplier<List<io.financehub.governance.exceptions.ExceptionItem>> items = () -> exceptions.list(
                java.util.Optional.of(BudgetChecksFlow.FLOW), java.util.Optional.of(io.financehub.governance.exceptions.ExceptionState.NEW), 500)
                .stream().filter(e -> e.payload != null && new String(e.payload, java.nio.charset.StandardCharsets.UTF_8).equals(Long.toString(po)))
                .toList();
        assertEquals(1, items.get().size(), "one item for three polls: " + items.get());
        assertTrue(items.get().get(0).errorMessage.contains("cost centre"), items.get().get(0).errorMessage);
        Thread.sleep(1100); // Odoo's write_date has whole seconds
        rpcAs("admin", "purchase.order", "write", List.of(List.of(po), Map.of("origin", "changed " + token)), Map.of());
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals(2, items.get().size(), "changed in Odoo, checked again: " + items.get());
        assertEquals(List.of(), messages(po), "nothing written to Odoo for an order the hub cannot check");
    }

    @Test
    void aLostWebhookIsCaughtByPolling() throws Exception {
        ledger.put("DE01", "OPERATIONS", "2033-12", Money.of("5000.00", "EUR"), "test");
        odoo.store().writeStored("res.company", 1, Map.of("po_double_validation_amount", 100.0));
        if (odooVersion >= 17) {
            // the hub is down, or answered too late: Odoo logs the failure and goes on
            odoo.addWebhookRule("purchase.order", List.of("state"), URI.create("http://127.0.0.1:9/api/v1/webhooks/odoo/purchase-orders/x"),
                    List.of("state"));
        }
        long po = orderBy("buyer", "250.00", "CC-200", "2033-12-10 09:00:00");
        rpcAs("buyer", "purchase.order", "button_confirm", List.of(List.of(po)), Map.of());
        assertEquals("to approve", state(po));
        if (odooVersion >= 17) {
            assertTrue(odoo.webhooksSent().stream().allMatch(w -> w.error().isPresent()), odoo.webhooksSent().toString());
        }
        assertTrue(receipts.receiptsOf(po).isEmpty());
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals("purchase", state(po));
        assertTrue(messages(po).get(0).contains("Budget check: APPROVE"), messages(po).toString());
    }
}
