package io.financehub.k8s;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.financehub.flows.budgetchecks.BudgetPlatformClient;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.embedded.LoopbackPorts;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules of k8s/monitoring use only metrics the hub really exports:
 * the hub is driven through each signal an operator watches (a budget check while the finance platform is
 * unreachable, a bank file refused, a statement whose creation answer Odoo loses, exception items) and every metric
 * name in every panel and rule must then be in its {@code /q/metrics} scrape.
 */
@QuarkusTest
@TestProfile(MonitoringSignalsTest.PlatformUnreachable.class)
class MonitoringSignalsTest {

    /** The finance platform provider pointed at a port nobody listens on: every budget check falls back to policy. */
    public static class PlatformUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String client = BudgetPlatformClient.class.getName();
            return Map.of("hub.budget-checks.provider", "platform",
                    "hub.budget-checks.platform.url", "http://127.0.0.1:" + LoopbackPorts.free() + "/platform",
                    client + "/positions/Retry/delay", "10",
                    client + "/positions/Retry/jitter", "5");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Synthesized by Prometheus for every target, not exported by the hub. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase", "irate", "by",
            "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "absent", "clamp_min",
            "clamp_max", "histogram_quantile", "topk", "bottomk", "label_values", "humanize", "humanizeDuration", "time", "vector");

    private static String camt(String iban, String ref) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                <GrpHdr><MsgId>MON-%1$s</MsgId><CreDtTm>2026-11-21T18:00:00</CreDtTm></GrpHdr>
                <Stmt><Id>MON-STMT-%1$s</Id><Acct><Id><IBAN>%2$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-21</Dt></Dt></Bal>
                <Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-21</Dt></BookgDt>
                <ValDt><Dt>2026-11-21</Dt></ValDt><AcctSvcrRef>MON-REF-%1$s</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>Invoice %1$s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                </Stmt></BkToCstmrStmt></Document>
                """.formatted(ref, iban);
    }

    private static String upload(String name, String content) {
        return given().auth().preemptive().basic("integration", "integration-demo").contentType("application/xml").body(content)
                .queryParam("fileName", name).post("/api/v1/bank-statements").then().statusCode(202).extract().path("importId");
    }

    private static String status(String importId) {
        return given().auth().preemptive().basic("operator", "operator-demo").get("/api/v1/bank-statements/imports/" + importId)
                .then().extract().path("status");
    }

    private static String scrape() {
        return given().auth().preemptive().basic("operator", "operator-demo").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Names of the series in a Prometheus text scrape. */
    static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** Metric names a PromQL expression selects: identifiers less functions, keywords, label names and strings. */
    static Set<String> metricsIn(String promql) {
        String stripped = promql.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(stripped);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL_WORDS.contains(word) && !stripped.substring(m.end()).stripLeading().startsWith("(")) {
                names.add(word);
            }
        }
        return names;
    }

    /** Every PromQL expression of the dashboard (panel targets and variable queries) and of the alert rules. */
    static List<String> expressions() throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(Path.of("k8s/monitoring/odoo-finance-hub.json").toFile());
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        dashboard.at("/templating/list").forEach(v -> {
            if (v.has("definition")) {
                out.add(v.path("definition").asText().replaceFirst("^label_values\\((.*),[^,]*\\)$", "$1"));
            }
        });
        JsonNode rules = YAML.readTree(Path.of("k8s/monitoring/prometheusrule.yaml").toFile());
        rules.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        return out;
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsInARealScrape() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);

        // budget fallback: the platform does not answer
        String decision = given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body("{\"orderReference\":\"MON-" + token + "\",\"revision\":\"r1\",\"company\":{\"key\":\"DE01\"},\"supplier\":\"Acme Supplies GmbH\","
                        + "\"category\":null,\"requestedBy\":\"buyer\",\"orderDate\":\"2026-11-20\",\"lines\":[{\"costCentre\":{\"company\":"
                        + "{\"key\":\"DE01\"},\"code\":\"SALES\"},\"amount\":{\"amount\":4000.00,\"currency\":\"EUR\"}}]}")
                .post("/api/v1/budget-checks").then().statusCode(200).extract().path("outcome");
        assertEquals("HOLD", decision);

        // a bank file refused whole (unknown account): quarantined, an exception item
        String refused = upload("mon-unknown-" + token + ".xml", camt("DE44500105175407324931", token + "-X"));
        // a statement whose create Odoo commits but whose answer is lost: looked for, found, counted as committed
        OdooTestResource.emulator(17).faults().inject(Fault.timeoutAfterCommit(Duration.ofMillis(200)).on("account.bank.statement", "create"));
        String posted = upload("mon-lost-" + token + ".xml", camt("DE89370400440532013000", token));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> "QUARANTINED".equals(status(refused)) && "IMPORTED".equals(status(posted)));

        String scrape = scrape();
        assertTrue(scrape.contains("odoo_client_unknown_outcomes_total{") && scrape.contains("outcome=\"committed\""), "the lost answer was settled");
        Set<String> exported = exported(scrape);
        List<String> expressions = expressions();
        assertTrue(expressions.size() > 20, expressions.toString());
        Set<String> used = new TreeSet<>();
        for (String e : expressions) {
            Set<String> names = metricsIn(e);
            assertFalse(names.isEmpty(), "no metric found in " + e);
            used.addAll(names);
        }
        used.removeAll(PROMETHEUS_OWN);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "used by the dashboard or the alerts but not exported by the hub");
        for (String signal : List.of("hub_exceptions_raised_total", "hub_events_outbox_waiting", "odoo_client_circuit_state",
                "hub_bank_statements_files_total", "hub_payment_sagas_unfinished", "hub_payment_sagas_unfinished_oldest_seconds",
                "hub_budget_checks_platform_fallbacks_total", "odoo_client_unknown_outcomes_waiting", "odoo_client_unknown_outcomes_total")) {
            assertTrue(used.contains(signal), signal + " is watched by neither the dashboard nor an alert");
        }
        assertTrue(Files.readString(Path.of("k8s/monitoring/prometheusrule.yaml")).contains("hub_payment_sagas_unfinished_oldest_seconds"));
    }

    @Test
    void metricNamesAreReadFromPromqlAsPrometheusWould() {
        assertEquals(Set.of("a_total", "b_seconds_count"), metricsIn(
                "sum by (flow, error_type) (rate(a_total{outcome=\"failed\", x=~\"y|z\"}[5m])) / max without (le) (b_seconds_count)"));
        assertEquals(Set.of("up"), metricsIn("up{service=~\"odoo-finance-hub-.*\"} == 0"));
    }
}
