package io.financehub.flows.budgetchecks;

import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The external finance platform as budget provider, faulted with WireMock: timeouts, 500s and connection
 * resets end in the policy's fallback (low-risk queued and decided after recovery, high-value held with
 * BUDGET_PLATFORM_UNAVAILABLE), and the circuit breaker opens and closes, visible in the metrics.
 */
@QuarkusTest
@TestProfile(FinancePlatformProviderTest.PlatformProvider.class)
class FinancePlatformProviderTest {

    public static class PlatformProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String client = BudgetPlatformClient.class.getName();
            return Map.of("hub.budget-checks.provider", "platform",
                    client + "/positions/Timeout/value", "400",
                    client + "/positions/CircuitBreaker/delay", "1500",
                    client + "/positions/Retry/delay", "50",
                    client + "/positions/Retry/jitter", "20",
                    client + "/commit/Timeout/value", "400");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(FinancePlatformTestResource.class));
        }
    }

    static final String POSITIONS = "{\"positions\":[{\"costCentre\":\"SALES\",\"period\":\"2026\","
            + "\"budget\":{\"amount\":50000.00,\"currency\":\"EUR\"},\"available\":{\"amount\":40000.00,\"currency\":\"EUR\"}}]}";

    @Inject
    BudgetLedger ledger;

    String token;

    @BeforeEach
    void healthyPlatform() {
        token = UUID.randomUUID().toString().substring(0, 8);
        var wm = FinancePlatformTestResource.server;
        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(POSITIONS)));
        wm.stubFor(put(urlPathMatching("/platform/commitments/.*")).willReturn(aResponse().withStatus(204)));
        // let a circuit opened by an earlier test close again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> decide("warm-" + UUID.randomUUID(), "100.00").getString("outcome").equals("APPROVE"));
        wm.resetRequests();
    }

    static JsonPath decide(String order, String amount) {
        return given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(BudgetChecksFlowTest.request(order, "r1", "Acme Supplies GmbH", "2026-11-20", Map.of("SALES", amount)))
                .post("/api/v1/budget-checks").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void platformAnswerDecidesAndTheCommitmentIsHeldOnThePlatform() {
        JsonPath d = decide("W1-" + token, "800.00");
        assertEquals("APPROVE", d.getString("outcome"));
        FinancePlatformTestResource.server.verify(postRequestedFor(urlEqualTo("/platform/budget-availability"))
                .withRequestBody(matchingJsonPath("$.orderReference", equalTo("W1-" + token))));
        FinancePlatformTestResource.server.verify(putRequestedFor(urlEqualTo("/platform/commitments/W1-" + token))
                .withRequestBody(matchingJsonPath("$.lines[0].costCentre", equalTo("SALES"))));
        assertEquals("REJECT", decide("W2-" + token, "45000.00").getString("outcome"), "more than available on the platform");
    }

    @Test
    void faultsQueueLowRiskOrdersUntilRecoveryAndHoldHighValueOnes() {
        var wm = FinancePlatformTestResource.server;
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(500)));
        JsonPath held = decide("H-" + token, "4000.00");
        assertEquals("HOLD", held.getString("outcome"));
        assertEquals("BUDGET_PLATFORM_UNAVAILABLE", held.getString("codes[0]"));

        assertTrue(held.getString("nextAction").contains("answered 500") || held.getString("nextAction").contains("circuit open"),
                held.getString("nextAction"));
        assertTrue(metric("ft_circuitbreaker_opened_total") >= 1, "the circuit opened:\n" + ftMetrics());

        // each further fault meets a closed circuit, so the platform is really called and really fails
        closeCircuit();
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        JsonPath queued = decide("Q-" + token, "900.00");
        assertEquals("QUEUED", queued.getString("outcome"));
        assertEquals("BUDGET_PLATFORM_UNAVAILABLE", queued.getString("codes[0]"));
        // the retries' last failure may already meet the circuit this fault opened
        assertTrue(queued.getString("nextAction").contains("finance platform unreachable") || queued.getString("nextAction").contains("circuit open"),
                queued.getString("nextAction"));
        wm.verify(moreThanOrExactly(1), postRequestedFor(urlEqualTo("/platform/budget-availability"))
                .withRequestBody(matchingJsonPath("$.orderReference", equalTo("Q-" + token))));

        closeCircuit();
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody(POSITIONS)));
        JsonPath timedOut = decide("T-" + token, "50.00");
        assertEquals("QUEUED", timedOut.getString("outcome"), "a timeout is a platform failure too");
        assertTrue(timedOut.getString("nextAction").contains("did not answer in time") || timedOut.getString("nextAction").contains("circuit open"),
                timedOut.getString("nextAction"));
        wm.verify(moreThanOrExactly(1), postRequestedFor(urlEqualTo("/platform/budget-availability"))
                .withRequestBody(matchingJsonPath("$.orderReference", equalTo("T-" + token))));

        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(POSITIONS)));
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
                .until(() -> ledger.decided("Q-" + token, "r1").isPresent() && ledger.decided("T-" + token, "r1").isPresent());
        assertTrue(ledger.decided("Q-" + token, "r1").get().contains("\"APPROVE\""), "the queued order was decided after recovery");
        assertTrue(ledger.decided("H-" + token, "r1").isEmpty(), "a held order waits for a new check");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateGauge("closed") == 1.0);
        assertEquals("ESCALATE", decide("H-" + token, "4000.00").getString("outcome"), "the held order passes once re-checked");
    }

    @Test
    void concurrentChecksOfOneRevisionRecordOneDecisionAndAnswerTheOthersAsRepeats() throws Exception {
        // the platform answers slowly, so the checks overlap: the webhook and polling racing for one order, for example
        FinancePlatformTestResource.server.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(150).withHeader("Content-Type", "application/json").withBody(POSITIONS)));
        String order = "C-" + token;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<JsonPath>>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> decide(order, "300.00")));
            }
            for (var a : answers) {
                assertEquals("APPROVE", a.get().getString("outcome"));
            }
        } finally {
            pool.shutdown();
        }
        String subject = BudgetChecks.subject("DE01", order);
        assertEquals(1, audit.bySubject(subject).stream().filter(e -> e.action.equals("budget-check.approve")).count(),
                "one decision recorded for the revision: " + audit.bySubject(subject).stream().map(e -> e.action).toList());
        assertTrue(ledger.decided(order, "r1").orElseThrow().contains("\"APPROVE\""));
    }

    @Inject
    io.financehub.governance.audit.AuditTrail audit;

    @Inject
    org.apache.camel.ProducerTemplate producer;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void orderHeldWhilePlatformIsDownIsRecheckedByPollingUntilDecidedAndNotedOnce() throws Exception {
        var odoo = io.financehub.testing.OdooTestResource.emulator(17);
        odoo.reset();
        BudgetTestData.forgetOdooOrders(dataSource);
        // the demo order waiting for approval: 7,200.00 EUR, above the low-risk limit
        long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]").get(0);
        String name = String.valueOf(odoo.store().record("purchase.order", po).orElseThrow().get("name"));
        String subject = BudgetChecks.subject("DE01", name);
        java.util.function.Supplier<List<String>> notes = () -> odoo.store().records("mail.message").stream()
                .filter(m -> "purchase.order".equals(m.get("model")) && ((Number) m.get("res_id")).longValue() == po)
                .map(m -> String.valueOf(m.get("body"))).toList();
        java.util.function.Supplier<List<String>> audited = () -> audit.bySubject(subject).stream().map(e -> e.action).toList();
        var wm = FinancePlatformTestResource.server;
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(500)));

        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals(1, notes.get().size(), notes.get().toString());
        assertTrue(notes.get().get(0).contains("HOLD") && notes.get().get(0).contains("BUDGET_PLATFORM_UNAVAILABLE"), notes.get().get(0));
        assertEquals(List.of("budget-check.hold"), audited.get());
        // time moves on: the checkpoint is past the order, which Odoo does not change while it waits
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("update checkpoint set value = '2099-01-01T00:00:00Z' where name = '" + PurchaseOrderPolling.CHECKPOINT + "'");
        }
        producer.requestBody("direct:budget-checks-poll-once", "");
        wm.verify(moreThanOrExactly(2), postRequestedFor(urlEqualTo("/platform/budget-availability"))
                .withRequestBody(matchingJsonPath("$.orderReference", equalTo(name))));
        assertEquals(1, notes.get().size(), "held again: not noted, audited or published again: " + notes.get());
        assertEquals(List.of("budget-check.hold"), audited.get());

        closeCircuit();
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals(2, notes.get().size(), "decided once the platform answers: " + notes.get());
        assertTrue(ledger.decided(name, revisionOf(notes.get().get(1))).isPresent(), notes.get().get(1));
        producer.requestBody("direct:budget-checks-poll-once", "");
        assertEquals(2, notes.get().size(), "a decided order is no longer polled for: " + notes.get());
    }

    /**
     * A confirmed order the hub never decided is committed on the platform whatever its positions say, and an overspend
     * is an alert; a revision id the platform decided is not answered again for other content.
     */
    @Test
    void aConfirmedOrderIsCommittedOnThePlatformAndAnOverspendIsAnAlert() throws Exception {
        var odoo = io.financehub.testing.OdooTestResource.emulator(17);
        odoo.reset();
        BudgetTestData.forgetOdooOrders(dataSource);
        long partner = odoo.store().search("res.partner", "[[\"name\",\"=\",\"Acme Supplies GmbH\"]]").get(0);
        long sales = odoo.store().records("account.analytic.account").stream()
                .filter(a -> "CC-100".equals(a.get("code")) && ((Number) a.get("company_id")).longValue() == 1)
                .map(a -> ((Number) a.get("id")).longValue()).findFirst().orElseThrow();
        long po = odoo.store().create("purchase.order", Map.of("partner_id", partner, "company_id", 1, "state", "purchase",
                "date_order", "2026-11-18 09:00:00", "order_line", List.of(List.of(0, 0, Map.of("name", "Fair stand", "product_qty", 1,
                        "price_unit", 1500.0, "analytic_distribution", Map.of(Long.toString(sales), 100))))));
        String name = String.valueOf(odoo.store().record("purchase.order", po).orElseThrow().get("name"));
        var wm = FinancePlatformTestResource.server;
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(POSITIONS.replace("40000.00", "1000.00"))));

        var d = producer.requestBody(BudgetChecksFlow.ENDPOINT_ODOO_ORDER, po, io.financehub.canonical.budget.BudgetDecision.class);
        assertEquals(io.financehub.canonical.budget.BudgetDecision.Outcome.RECORDED, d.outcome(), d.toString());
        assertEquals(List.of("CONFIRMED_IN_ODOO", "BUDGET_EXCEEDED"), d.codes());
        assertTrue(d.nextAction().contains("overspent by 500.00 EUR"), d.nextAction());
        wm.verify(1, putRequestedFor(urlEqualTo("/platform/commitments/" + name)).withRequestBody(matchingJsonPath("$.lines[0].costCentre",
                equalTo("SALES"))));
        List<String> notes = odoo.store().records("mail.message").stream().filter(m -> "purchase.order".equals(m.get("model"))
                && ((Number) m.get("res_id")).longValue() == po).map(m -> String.valueOf(m.get("body"))).toList();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("RECORDED [CONFIRMED_IN_ODOO, BUDGET_EXCEEDED]"), notes.get(0));
        // found again (polling, a webhook): the commitment stands, the platform is not asked again
        assertEquals(d, producer.requestBody(BudgetChecksFlow.ENDPOINT_ODOO_ORDER, po, io.financehub.canonical.budget.BudgetDecision.class));
        wm.verify(1, putRequestedFor(urlEqualTo("/platform/commitments/" + name)));

        assertEquals("APPROVE", decide("RV-" + token, "100.00").getString("outcome"));
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(BudgetChecksFlowTest.request("RV-" + token, "r1", "Acme Supplies GmbH", "2026-11-20", Map.of("SALES", "30000.00")))
                .post("/api/v1/budget-checks").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("Revision 'r1' of order 'RV-" + token + "' was decided before"));
    }

    /** The revision a chatter note names ("(revision abc, reserved ...)"). */
    static String revisionOf(String note) {
        Matcher m = Pattern.compile("\\(revision ([^,]+),").matcher(note);
        assertTrue(m.find(), note);
        return m.group(1);
    }

    /** A healthy platform until a check passes again (the circuit closes), then the faults of the next step. */
    void closeCircuit() {
        var wm = FinancePlatformTestResource.server;
        wm.stubFor(post(urlEqualTo("/platform/budget-availability")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(POSITIONS)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> decide("warm-" + UUID.randomUUID(), "100.00").getString("outcome").equals("APPROVE"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stateGauge("closed") == 1.0);
    }

    static String ftMetrics() {
        return given().auth().preemptive().basic("operator", "operator-demo").get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("ft_circuitbreaker") && l.contains("positions")).reduce("", (a, b) -> a + b + "\n");
    }

    static double metric(String name) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*positions[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(ftMetrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static double stateGauge(String state) {
        Matcher m = Pattern.compile("^ft_circuitbreaker_state_current\\{[^}]*positions[^}]*state=\"" + state + "\"[^}]*} ([0-9.eE+-]+)$",
                Pattern.MULTILINE).matcher(ftMetrics());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
