package io.financehub.odoo.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance of issue 3: replays the exchanges recorded against real Odoo 16, 17 and 18 Community servers
 * (src/test/resources/odoo-recordings) in file order against a fresh emulator in the same version mode and
 * compares status, content type and body. Exchanges outside {@link #SCOPE} are still replayed (later ids
 * depend on them) but not compared; {@link #OUT_OF_SCOPE} says why each is left out.
 */
class OdooEmulatorConformanceTest {

    /** Every model method the four flows call, plus the services and HTTP-level behaviour. */
    static final Set<String> SCOPE = Set.of(
            "common.version", "common.login", "object.execute_kw", "common.authenticate", "db.duplicate_database", "service.unknown",
            "http.*",
            "res.partner.search", "res.partner.read", "res.partner.write", "res.partner.create", "res.partner.unlink",
            "res.partner.exists", "res.partner.search_read", "res.partner.name_search", "res.partner.name_get",
            "res.partner.no_such_method", "res.partner.fields_get", "res.partner._get_name", "res.partner._compute_display_name",
            "no.such.model.search",
            "account.journal.search_read", "account.journal.read", "account.journal.write", "account.journal.fields_get",
            "res.partner.bank.search_read", "res.partner.bank.read", "res.partner.bank.create", "res.partner.bank.fields_get",
            "res.bank.create", "res.bank.read", "res.bank.search_read", "res.bank.fields_get",
            "res.company.search_read", "res.company.read", "res.company.write", "res.company.fields_get",
            "res.currency.search_read", "res.currency.write", "res.currency.fields_get", "res.currency.rate.create",
            "account.bank.statement.create", "account.bank.statement.read", "account.bank.statement.search_read",
            "account.bank.statement.fields_get",
            "account.bank.statement.line.create", "account.bank.statement.line.search_read",
            "account.bank.statement.line.fields_get",
            "account.payment.search_read", "account.payment.read", "account.payment.create", "account.payment.action_post",
            "account.payment.mark_as_sent", "account.payment.unmark_as_sent", "account.payment.action_mark_as_sent",
            "account.payment.action_reject", "account.payment.action_validate", "account.payment.action_cancel",
            "account.payment.action_draft", "account.payment.unlink", "account.payment.fields_get",
            "account.payment.method.search_read", "account.payment.method.fields_get",
            "account.payment.method.line.search_read", "account.payment.method.line.fields_get",
            "account.move.create", "account.move.action_post", "account.move.read", "account.move.button_draft",
            "account.move.button_cancel", "account.move.unlink", "account.move.fields_get", "account.move.check_access_rights",
            "account.move.line.search_read", "account.move.line.search", "account.move.line.search_count",
            "account.move.line.read_group", "account.move.line.fields_get",
            "purchase.order.create", "purchase.order.read", "purchase.order.search_read", "purchase.order.button_confirm",
            "purchase.order.button_approve", "purchase.order.button_cancel", "purchase.order.message_post",
            "purchase.order.unlink", "purchase.order.fields_get",
            "purchase.order.line.search_read", "purchase.order.line.fields_get",
            "account.account.search_read", "account.account.read", "account.account.create", "account.account.fields_get",
            "account.analytic.account.search_read", "account.analytic.account.read", "account.analytic.account.create",
            "account.analytic.account.write", "account.analytic.account.fields_get",
            "account.analytic.plan.create", "account.analytic.plan.fields_get",
            "account.analytic.line.search_read", "account.analytic.line.fields_get",
            "res.users.has_group", "res.users.create", "res.users.read", "res.users.write",
            "ir.model.data.search_read", "product.product.create", "account.payment.register.create",
            "account.payment.register.read", "account.payment.register.action_create_payments",
            "ir.config_parameter.search_read", "ir.config_parameter.check_access_rights",
            "ir.config_parameter.has_access", "ir.config_parameter.check_access");

    /** Replayed but not compared, with the reason. */
    static final Map<String, String> OUT_OF_SCOPE = Map.of(
            "mail.message.search_read", "chatter tracking messages written by the mail module on every state change are not "
                    + "emulated (only message_post notes are), so their ids and the list differ; no flow reads mail.message");

    /** Keys whose values differ by construction (server clock, tracebacks, CSRF tokens). */
    static final Set<String> IGNORED_KEYS = Set.of("create_date", "write_date", "date_approve", "__last_update", "debug");

    /**
     * Ids that depend on the environment: mail.message ids count the chatter messages of modules the emulator
     * does not run, so the id returned by message_post differs.
     */
    static final Set<String> ENVIRONMENT_DEPENDENT_RESULTS = Set.of("purchase.order.message_post");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECORDING_CLOCK = Instant.parse("2026-11-22T05:15:00Z");

    record Exchange(String file, JsonNode doc) {
        String scopeKey() {
            JsonNode req = doc.get("request");
            String path = doc.at("/http/path").asText();
            if (!"/jsonrpc".equals(path) || req == null || !req.isObject() || !req.path("params").has("service")) {
                return "http.*";
            }
            JsonNode p = req.get("params");
            String service = p.path("service").asText();
            JsonNode args = p.path("args");
            if ("object".equals(service) && args.size() >= 5) {
                return args.get(3).asText() + "." + args.get(4).asText();
            }
            if (!Set.of("common", "object", "db").contains(service)) {
                return "service.unknown";
            }
            return service + "." + p.path("method").asText();
        }
    }

    private static final Map<Integer, String> TABLE = new java.util.TreeMap<>();

    @org.junit.jupiter.api.AfterAll
    static void printConformanceTable() {
        System.out.println();
        System.out.println("Odoo emulator conformance (recorded exchanges replayed in file order)");
        System.out.println("version | in scope: passed/total | replayed | replayed, not compared");
        TABLE.values().forEach(System.out::println);
        System.out.println("not compared: " + OUT_OF_SCOPE);
    }

    @TestFactory
    Stream<DynamicTest> recordedExchangesReplayIdenticallyOnEveryVersion() {
        return Stream.of(16, 17, 18).map(v -> DynamicTest.dynamicTest("odoo" + v, () -> replay(v)));
    }

    static List<Exchange> load(int version) throws IOException {
        List<Exchange> out = new ArrayList<>();
        String dir = "odoo-recordings/odoo" + version + "/";
        for (int i = 1; i < 1000; i++) {
            String prefix = String.format("%03d-", i);
            String name = findResource(dir, prefix);
            if (name == null) {
                break;
            }
            try (InputStream in = OdooEmulatorConformanceTest.class.getClassLoader().getResourceAsStream(dir + name)) {
                out.add(new Exchange(name, JSON.readTree(in)));
            }
        }
        return out;
    }

    private static final Map<String, List<String>> LISTINGS = new LinkedHashMap<>();

    private static String findResource(String dir, String prefix) throws IOException {
        List<String> files = LISTINGS.computeIfAbsent(dir, d -> {
            try (InputStream in = OdooEmulatorConformanceTest.class.getClassLoader().getResourceAsStream(d)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
            } catch (IOException | NullPointerException e) {
                return List.of();
            }
        });
        for (String f : files) {
            if (f.startsWith(prefix) && f.endsWith(".json")) {
                return f;
            }
        }
        return null;
    }

    private void replay(int version) throws Exception {
        List<Exchange> exchanges = load(version);
        assertTrue(exchanges.size() > 150, "recordings of odoo" + version + " are on the test class path");
        String db = exchanges.get(0).doc().at("/request/params/args/2").asText();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        int inScope = 0;
        int passed = 0;
        List<String> failures = new ArrayList<>();
        try (OdooEmulator emu = OdooEmulator.builder().version(version).database(db)
                .clock(Clock.fixed(RECORDING_CLOCK, ZoneOffset.UTC)).start()) {
            for (Exchange ex : exchanges) {
                String key = ex.scopeKey();
                HttpResponse<String> response;
                try {
                    response = send(http, emu.url(), ex.doc());
                } catch (IOException e) {
                    inScope++;
                    failures.add(ex.file() + " [" + key + "]: no HTTP answer: " + e);
                    continue;
                }
                if (!SCOPE.contains(key)) {
                    if (!OUT_OF_SCOPE.containsKey(key)) {
                        failures.add(ex.file() + ": " + key + " is neither in SCOPE nor in OUT_OF_SCOPE");
                    }
                    continue;
                }
                inScope++;
                String diff = compare(ex, response);
                if (diff == null) {
                    passed++;
                } else {
                    failures.add(ex.file() + " [" + key + "]: " + diff);
                }
            }
        }
        System.out.printf("Odoo %d conformance: %d/%d in-scope exchanges pass (%d replayed)%n", version, passed, inScope, exchanges.size());
        TABLE.put(version, String.format("%7d | %22s | %8d | %d", version, passed + "/" + inScope, exchanges.size(),
                exchanges.size() - inScope));
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(failures.isEmpty(), "Odoo " + version + ": " + failures.size() + " exchanges differ:\n" + String.join("\n", failures));
    }

    static HttpResponse<String> send(HttpClient http, URI base, JsonNode doc) throws IOException, InterruptedException {
        JsonNode h = doc.get("http");
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(h.get("path").asText())).timeout(Duration.ofSeconds(30));
        JsonNode req = doc.get("request");
        String body = req == null || req.isNull() ? null : req.isTextual() ? req.asText() : JSON.writeValueAsString(req);
        if (h.hasNonNull("requestContentType")) {
            b.header("Content-Type", h.get("requestContentType").asText());
        }
        JsonNode headers = doc.path("requestHeaders");
        headers.fields().forEachRemaining(e -> b.header(e.getKey(), e.getValue().asText()));
        b.method(h.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String compare(Exchange ex, HttpResponse<String> response) throws IOException {
        JsonNode h = ex.doc().get("http");
        if (response.statusCode() != h.get("status").asInt()) {
            return "status " + response.statusCode() + " instead of " + h.get("status").asInt() + "; body " + abbreviate(response.body());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (h.hasNonNull("responseContentType") && !h.get("responseContentType").asText().equals(contentType)) {
            return "content type " + contentType + " instead of " + h.get("responseContentType").asText();
        }
        if (h.hasNonNull("responseLocation")) {
            String location = response.headers().firstValue("Location").orElse("");
            if (!URLDecoder.decode(location, StandardCharsets.UTF_8).endsWith(URLDecoder.decode(h.get("responseLocation").asText(), StandardCharsets.UTF_8))) {
                return "Location " + location + " instead of " + h.get("responseLocation").asText();
            }
        }
        JsonNode expected = ex.doc().get("response");
        if (expected.isTextual()) {
            String e = maskCsrf(expected.asText());
            String a = maskCsrf(response.body());
            return e.equals(a) ? null : "body differs: expected " + abbreviate(e) + " but was " + abbreviate(a);
        }
        JsonNode actual = JSON.readTree(response.body());
        boolean envDependentResult = ENVIRONMENT_DEPENDENT_RESULTS.contains(ex.scopeKey());
        String d = diff("$", expected, actual, envDependentResult);
        if (d != null && actual.has("error") && !expected.has("error")) {
            d += " — emulator answered " + actual.at("/error/data/name").asText() + ": " + actual.at("/error/data/message").asText();
        }
        return d;
    }

    private static String maskCsrf(String s) {
        return s.replaceAll("csrf_token: \"[0-9a-f]+o\\d+\"", "csrf_token: \"*\"");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static String diff(String path, JsonNode e, JsonNode a, boolean envDependentResult) {
        if (envDependentResult && "$.result".equals(path) && e.isIntegralNumber() && a != null && a.isIntegralNumber()) {
            return null;
        }
        if (a == null || a.isMissingNode()) {
            return path + ": missing, expected " + abbreviate(e.toString());
        }
        if (e.isObject()) {
            if (!a.isObject()) {
                return path + ": expected object " + abbreviate(e.toString()) + " but was " + abbreviate(a.toString());
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (IGNORED_KEYS.contains(k)) {
                    continue;
                }
                String d = diff(path + "." + k, e.get(k), a.get(k), envDependentResult);
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!e.has(k) && !IGNORED_KEYS.contains(k)) {
                    return path + ": unexpected key " + k + " = " + abbreviate(a.get(k).toString());
                }
            }
            return null;
        }
        if (e.isArray()) {
            if (!a.isArray() || a.size() != e.size()) {
                return path + ": expected " + abbreviate(e.toString()) + " but was " + abbreviate(a.toString());
            }
            for (int i = 0; i < e.size(); i++) {
                String d = diff(path + "[" + i + "]", e.get(i), a.get(i), envDependentResult);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isNumber() && a.isNumber()) {
            return e.decimalValue().compareTo(a.decimalValue()) == 0 && e.isIntegralNumber() == a.isIntegralNumber()
                    ? null : path + ": expected " + e + " but was " + a;
        }
        return e.equals(a) ? null : path + ": expected " + abbreviate(e.toString()) + " but was " + abbreviate(a.toString());
    }
}
