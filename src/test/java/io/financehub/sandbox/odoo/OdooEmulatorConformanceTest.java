package io.financehub.sandbox.odoo;

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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance of issues 3 and 24: replays the exchanges recorded against real Odoo 16, 17, 18 and 19 Community servers
 * (src/test/resources/odoo-recordings, see its README) in file order against a fresh emulator in the same version mode
 * and compares status, content type and body. Each suite is one recorded sequence on one database: the shared
 * recordings per version (19 over JSON-2 and, for a few calls, /jsonrpc), the flows' calls of {@code coverage/} (19
 * once over JSON-2 and once over /jsonrpc), and the {@code behaviours/} of each version. Exchanges outside
 * {@link #SCOPE} are still replayed (later ids depend on them) but not compared; {@link #OUT_OF_SCOPE} says why each is
 * left out.
 */
class OdooEmulatorConformanceTest {

    /** Every model method the four flows call, plus the services and HTTP-level behaviour. */
    static final Set<String> SCOPE = Set.of(
            "common.version", "common.login", "object.execute_kw", "common.authenticate", "db.duplicate_database", "service.unknown",
            "http.*",
            "res.partner.search", "res.partner.read", "res.partner.write", "res.partner.create", "res.partner.unlink",
            "res.partner.exists", "res.partner.search_read", "res.partner.name_search", "res.partner.name_get",
            "res.partner.no_such_method", "res.partner.fields_get", "res.partner._get_name", "res.partner._compute_display_name",
            "no.such.model.search", "no.such.model.search_read",
            "account.journal.search_read", "account.journal.read", "account.journal.write", "account.journal.fields_get",
            "account.journal.search",
            "res.partner.bank.search_read", "res.partner.bank.read", "res.partner.bank.create", "res.partner.bank.fields_get",
            "res.bank.create", "res.bank.read", "res.bank.search_read", "res.bank.fields_get",
            "res.company.search_read", "res.company.read", "res.company.write", "res.company.fields_get", "res.company.search",
            "res.currency.search_read", "res.currency.write", "res.currency.fields_get", "res.currency.rate.create",
            "res.currency.search",
            "res.country.search", "res.country.read",
            "account.bank.statement.create", "account.bank.statement.read", "account.bank.statement.search_read",
            "account.bank.statement.fields_get", "account.bank.statement.search",
            "account.bank.statement.line.create", "account.bank.statement.line.search_read",
            "account.bank.statement.line.fields_get",
            "account.payment.search_read", "account.payment.read", "account.payment.create", "account.payment.action_post",
            "account.payment.mark_as_sent", "account.payment.unmark_as_sent", "account.payment.action_mark_as_sent",
            "account.payment.action_reject", "account.payment.action_validate", "account.payment.action_cancel",
            "account.payment.action_draft", "account.payment.unlink", "account.payment.fields_get",
            "account.payment.message_post",
            "account.payment.method.search_read", "account.payment.method.fields_get",
            "account.payment.method.line.search_read", "account.payment.method.line.fields_get",
            "account.move.create", "account.move.action_post", "account.move.read", "account.move.button_draft",
            "account.move.button_cancel", "account.move.unlink", "account.move.fields_get", "account.move.check_access_rights",
            "account.move.search",
            "account.move.line.search_read", "account.move.line.search", "account.move.line.search_count",
            "account.move.line.read_group", "account.move.line.fields_get", "account.move.line.formatted_read_group",
            "purchase.order.create", "purchase.order.read", "purchase.order.search_read", "purchase.order.button_confirm",
            "purchase.order.button_approve", "purchase.order.button_cancel", "purchase.order.message_post",
            "purchase.order.unlink", "purchase.order.fields_get",
            "purchase.order.line.search_read", "purchase.order.line.fields_get", "purchase.order.line.read",
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

    static final String WEBHOOK_REASON = "the recorded exchange is Odoo's call to a webhook listener, not a call to Odoo; "
            + "its setup installs base_automation, which the emulator does not run as a module";

    /**
     * Replayed but not compared, or (for whole files, keyed by their path under odoo-recordings/) not replayed at all,
     * with the reason. Each reason is also a known difference in the emulator's README.
     */
    static final Map<String, String> OUT_OF_SCOPE = Map.of(
            "mail.message.search_read", "chatter tracking messages written by the mail module on every state change are not "
                    + "emulated (only message_post notes are), so their ids and the list differ; no flow reads mail.message",
            "web.session", "setup through the web client's session (login, /web/dataset/call_kw): 19 creates an API key only "
                    + "there, behind an identity check; no flow uses it. The replay gives such a user its API key directly",
            "behaviours/webhook-purchase-order-odoo17.json", WEBHOOK_REASON,
            "behaviours/webhook-purchase-order-odoo18.json", WEBHOOK_REASON,
            "behaviours/webhook-purchase-order-odoo19.json", WEBHOOK_REASON);

    /** How a file is compared when the emulator cannot reproduce all of it: what is left out, and why. */
    record Partial(String reason, boolean statusOnly, boolean idsOnly, Set<String> ignoredKeys) {
        static Partial statusOnly(String reason) {
            return new Partial(reason, true, false, Set.of());
        }

        static Partial idsOnly(String reason) {
            return new Partial(reason, false, true, Set.of());
        }

        static Partial without(Set<String> keys, String reason) {
            return new Partial(reason, false, false, keys);
        }
    }

    static final String WRONG_ROUTE_404 = "the page of a 404 depends on the databases a server holds, not on its version: the "
            + "coverage servers held several databases and answered a request without one with werkzeug's plain page, the "
            + "recording servers of odoo16-18 (one database) with their website's 404 page, which the emulator serves; the "
            + "status, the only thing the hub reads (its protocol probe), is compared";
    static final String TAXES = "taxes are not emulated: the product the buyer ordered got the generic chart's default 15 % purchase "
            + "tax, so Odoo's amount_total is 1,150 where the emulator's is 1,000 (the state, the approval and the buyer, "
            + "what the budget check reads, are compared)";

    /** Files compared in part only, each with its reason (also a known difference in the emulator's README). */
    static final Map<String, Partial> PARTLY_COMPARED = Map.of(
            "coverage/odoo16/002-http-get-web-version.json", Partial.statusOnly(WRONG_ROUTE_404),
            "coverage/odoo17/002-http-get-web-version.json", Partial.statusOnly(WRONG_ROUTE_404),
            "coverage/odoo18/002-http-get-web-version.json", Partial.statusOnly(WRONG_ROUTE_404),
            "odoo19/067-json2-array-body.json", Partial.idsOnly("a body that is not a JSON object reads every one of "
                    + "res.partner's 165 fields, most computed by modules the emulator does not run (mail followers and "
                    + "activities, images, properties, partner autocomplete); which partners it answers is compared"),
            "behaviours/po-double-validation-below-threshold-buyer-read-odoo16.json", Partial.without(Set.of("amount_total"), TAXES),
            "behaviours/po-double-validation-below-threshold-buyer-read-odoo19.json", Partial.without(Set.of("amount_total"), TAXES));

    /**
     * The server's clock while a sequence was recorded where its answers show it (a purchase order's date_order
     * defaults to now): each coverage sequence ran at its own time on 2026-12-05.
     */
    static final Map<String, Instant> CLOCKS = Map.of(
            "coverage/odoo16", Instant.parse("2026-12-05T23:45:52Z"), "coverage/odoo17", Instant.parse("2026-12-05T23:46:23Z"),
            "coverage/odoo18", Instant.parse("2026-12-05T23:50:24Z"), "coverage/odoo19", Instant.parse("2026-12-05T23:50:37Z"),
            "coverage/odoo19-jsonrpc", Instant.parse("2026-12-05T23:50:57Z"));

    static final String COVERAGE_TEMPLATE = "odoo-recordings/coverage/template-seed.json";

    /**
     * Folders of odoo-recordings that hold measurements, not exchanges to replay, with the reason; every other folder is
     * replayed ({@link #everyFolderOfRecordingsIsReplayedOrSaysWhyNot}).
     */
    static final Map<String, String> NOT_REPLAYED = Map.of(
            "speed", "timings of real calls (statement creates by size, paging rates, model actions): the emulator's realistic "
                    + "speed is made from them (Speed.realistic) and checked by RealOdooTimingTest; a duration cannot be replayed",
            "commit-after-giveup", "what a server does after its client gave up and under request limits, over minutes and "
                    + "process restarts: reproduced by the emulator's timing (RealOdooTimingTest) and the README's known differences",
            "duplicates", "identical statement creates sent concurrently, while another runs, and in sequence: a race, not a "
                    + "sequence; the outcome per version is reproduced by RealOdooTimingTest (overlappingCreates...)");

    /** Keys whose values differ by construction (server clock, tracebacks, CSRF tokens). */
    static final Set<String> IGNORED_KEYS = Set.of("create_date", "write_date", "date_approve", "__last_update", "debug");

    /**
     * Ids that depend on the environment: mail.message ids count the chatter messages of modules the emulator
     * does not run, so the id returned by message_post differs.
     */
    static final Set<String> ENVIRONMENT_DEPENDENT_RESULTS = Set.of("purchase.order.message_post", "account.payment.message_post");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Server clock of the 16-18 recordings (2026-11-22); 19, coverage and behaviours were recorded on 2026-12-05. */
    private static final Instant RECORDING_CLOCK = Instant.parse("2026-11-22T05:15:00Z");
    private static final Instant RECORDING_CLOCK_19 = Instant.parse("2026-12-05T22:00:00Z");

    /** The users of the 18 recording by uid: 19's JSON-2 files name no user, their 18 counterparts do. */
    private static final Map<Long, String> USERS_OF_18 = Map.of(6L, "integration", 7L, "buyer");

    /** One recorded exchange; {@code file} is its path under odoo-recordings/ (with {@code #setup-n} for setup steps). */
    record Exchange(String file, JsonNode doc) {
        String scopeKey() {
            JsonNode req = doc.get("request");
            String path = doc.at("/http/path").asText();
            if (path.startsWith("/json/2/")) {
                String[] parts = path.substring("/json/2/".length()).split("/");
                return parts.length == 2 ? parts[0] + "." + parts[1] : "http.*";
            }
            if (path.startsWith("/web/session/") || path.startsWith("/web/dataset/")) {
                return "web.session";
            }
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

        String slug() {
            String name = file.substring(file.lastIndexOf('/') + 1);
            return name.replaceFirst("^\\d+-", "").replaceFirst("\\.json$", "");
        }

        String description() {
            return doc.path("description").asText();
        }

        boolean isJson2() {
            return doc.at("/http/path").asText().startsWith("/json/2/");
        }
    }

    /**
     * One recorded sequence: a fresh emulator of {@code version} (with the extra {@code seed}, if any, making it the
     * database the sequence started from), the exchanges in order, and who made each JSON-2 call (JSON-2 recordings
     * carry the caller's API key as {@code <api-key>}; the replay gives that user a key of its own).
     */
    record Suite(String name, int version, List<Exchange> exchanges, List<String> seeds, Instant clock,
            Function<Exchange, String> caller) {
    }

    private static final Map<String, String> TABLE = new TreeMap<>();

    @org.junit.jupiter.api.AfterAll
    static void printConformanceTable() {
        System.out.println();
        System.out.println("Odoo emulator conformance (recorded exchanges replayed in file order)");
        System.out.println("suite | version | in scope: passed/total | replayed | replayed, not compared");
        TABLE.values().forEach(System.out::println);
        System.out.println("not compared: " + OUT_OF_SCOPE.keySet());
        System.out.println("compared in part: " + PARTLY_COMPARED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> recordedExchangesReplayIdenticallyOnEveryVersion() throws IOException {
        List<Suite> suites = new ArrayList<>();
        for (int v : new int[] {16, 17, 18}) {
            suites.add(new Suite("odoo" + v, v, load("odoo" + v), List.of(), RECORDING_CLOCK, ex -> "admin"));
        }
        Map<String, Long> uidsOf18 = uidsBySlug(load("odoo18"));
        suites.add(new Suite("odoo19", 19, load("odoo19"), List.of(), RECORDING_CLOCK_19,
                ex -> {
                    Long uid = uidsOf18.get(ex.slug().replace("-19-fixed", ""));
                    return uid == null ? "admin" : USERS_OF_18.getOrDefault(uid, "admin");
                }));
        for (String dir : new String[] {"odoo16", "odoo17", "odoo18", "odoo19", "odoo19-jsonrpc"}) {
            int v = Integer.parseInt(dir.substring(4, 6));
            suites.add(new Suite("coverage/" + dir, v, load("coverage/" + dir), List.of(COVERAGE_TEMPLATE),
                    CLOCKS.get("coverage/" + dir), ex -> ex.slug().startsWith("setup-") || ex.slug().startsWith("ax-setup-") ? "admin" : "hub-integration"));
            suites.add(new Suite("resends/" + dir, v, load("resends/" + dir), List.of(COVERAGE_TEMPLATE, "odoo-recordings/resends/seed.json"),
                    RECORDING_CLOCK_19, ex -> "hub-integration"));
        }
        for (int v : new int[] {16, 17, 18, 19}) {
            List<Exchange> behaviours = behaviours(v);
            if (!behaviours.isEmpty()) {
                suites.add(new Suite("behaviours/odoo" + v, v, behaviours, List.of(), RECORDING_CLOCK_19, ex -> {
                    String d = ex.description().toLowerCase(java.util.Locale.ROOT);
                    return !d.startsWith("admin") && d.contains("buyer") ? "buyer" : "admin";
                }));
            }
        }
        // -Dconformance.suites=odoo19,coverage/ replays only the suites whose names start so (while working on one)
        List<String> only = List.of(System.getProperty("conformance.suites", "").split(",")).stream().filter(x -> !x.isBlank()).toList();
        return suites.stream().filter(s -> only.isEmpty() || only.stream().anyMatch(s.name()::startsWith))
                .map(s -> DynamicTest.dynamicTest(s.name(), () -> replay(s)));
    }

    @org.junit.jupiter.api.Test
    void everyFolderOfRecordingsIsReplayedOrSaysWhyNot() {
        Set<String> replayed = Set.of("odoo16", "odoo17", "odoo18", "odoo19", "coverage", "behaviours", "resends");
        for (String entry : listing("odoo-recordings/")) {
            if (!entry.contains(".")) {
                assertTrue(replayed.contains(entry) || NOT_REPLAYED.containsKey(entry),
                        "odoo-recordings/" + entry + " is neither replayed nor in NOT_REPLAYED with a reason");
            }
        }
    }

    /** The recording's files {@code NN[N]-*.json} in order. */
    static List<Exchange> load(String dir) throws IOException {
        List<Exchange> out = new ArrayList<>();
        for (String name : listing("odoo-recordings/" + dir + "/")) {
            if (name.matches("\\d{2,3}-.*\\.json")) {
                out.add(new Exchange(dir + "/" + name, read("odoo-recordings/" + dir + "/" + name)));
            }
        }
        return out;
    }

    /**
     * The behaviours recorded on one version's database, in the order they were recorded there: the lock-date
     * fields, the refused lock-date read, the order a buyer confirmed (its setup steps first), its read-back, the
     * webhook (on a database of its own: not replayed).
     */
    static List<Exchange> behaviours(int version) throws IOException {
        List<Exchange> out = new ArrayList<>();
        for (String prefix : new String[] {"company-fields-get-lock", "company-search-read-period-lock-date",
                "po-double-validation-below-threshold-buyer-confirm", "po-double-validation-below-threshold-buyer-read",
                "webhook-purchase-order"}) {
            String file = "behaviours/" + prefix + "-odoo" + version + ".json";
            if (OdooEmulatorConformanceTest.class.getClassLoader().getResource("odoo-recordings/" + file) == null
                    || OUT_OF_SCOPE.containsKey(file)) {
                continue;
            }
            JsonNode doc = read("odoo-recordings/" + file);
            int n = 0;
            for (JsonNode step : doc.path("setup")) {
                out.add(new Exchange(file + "#setup-" + (++n), step));
            }
            out.add(new Exchange(file, doc));
        }
        return out;
    }

    private static Map<String, Long> uidsBySlug(List<Exchange> exchanges) {
        Map<String, Long> out = new HashMap<>();
        for (Exchange ex : exchanges) {
            JsonNode args = ex.doc().at("/request/params/args");
            if ("object".equals(ex.doc().at("/request/params/service").asText()) && args.size() > 1) {
                out.put(ex.slug(), args.get(1).asLong());
            }
        }
        return out;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = OdooEmulatorConformanceTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }

    private static final Map<String, List<String>> LISTINGS = new LinkedHashMap<>();

    private static List<String> listing(String dir) {
        return LISTINGS.computeIfAbsent(dir, d -> {
            try (InputStream in = OdooEmulatorConformanceTest.class.getClassLoader().getResourceAsStream(d)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().sorted().collect(Collectors.toList());
            } catch (IOException | NullPointerException e) {
                return List.of();
            }
        });
    }

    /** The database the sequence ran on: named by its first call that names one. */
    private static String database(List<Exchange> exchanges) {
        for (Exchange ex : exchanges) {
            JsonNode db = ex.doc().at("/requestHeaders/X-Odoo-Database");
            if (db.isTextual()) {
                return db.asText();
            }
            JsonNode p = ex.doc().at("/request/params");
            if ("db".equals(p.path("service").asText()) && "duplicate_database".equals(p.path("method").asText())) {
                return p.at("/args/2").asText();
            }
            if (Set.of("object", "common").contains(p.path("service").asText()) && p.at("/args/0").isTextual()
                    && !"version".equals(p.path("method").asText())) {
                return p.at("/args/0").asText();
            }
        }
        throw new IllegalStateException("no exchange names the database");
    }

    private void replay(Suite suite) throws Exception {
        List<Exchange> exchanges = suite.exchanges();
        assertTrue(!exchanges.isEmpty(), "recordings of " + suite.name() + " are on the test class path");
        String db = database(exchanges);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        int inScope = 0;
        int passed = 0;
        List<String> failures = new ArrayList<>();
        OdooEmulator.Builder builder = OdooEmulator.builder().version(suite.version()).database(db)
                .clock(Clock.fixed(suite.clock(), ZoneOffset.UTC));
        suite.seeds().forEach(builder::seedResource);
        try (OdooEmulator emu = builder.start()) {
            for (Exchange ex : exchanges) {
                String key = ex.scopeKey();
                HttpResponse<String> response;
                try {
                    response = send(http, emu.url(), ex.doc(), ex.isJson2() ? apiKey(emu, suite.caller().apply(ex)) : null);
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
        System.out.printf("%s conformance: %d/%d in-scope exchanges pass (%d replayed)%n", suite.name(), passed, inScope, exchanges.size());
        TABLE.put(suite.name(), String.format("%-22s | %2d | %9s | %4d | %d", suite.name(), suite.version(), passed + "/" + inScope,
                exchanges.size(), exchanges.size() - inScope));
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(failures.isEmpty(), suite.name() + ": " + failures.size() + " exchanges differ:\n" + String.join("\n", failures));
    }

    /**
     * The API key the replay gives {@code login} (in the recording, the user's own key, redacted): set on the user
     * when it exists, so a call made before the user exists is refused as it would be.
     */
    private static String apiKey(OdooEmulator emu, String login) {
        String key = "replay-key-" + login;
        for (Map<String, Object> user : emu.store().records("res.users")) {
            if (login.equals(user.get("login"))) {
                List<Object> keys = new ArrayList<>();
                if (user.get("api_keys") instanceof List<?> existing) {
                    keys.addAll(existing);
                }
                if (!keys.contains(key)) {
                    keys.add(key);
                    emu.store().writeStored("res.users", ((Number) user.get("id")).longValue(), Map.of("api_keys", keys));
                }
            }
        }
        return key;
    }

    static HttpResponse<String> send(HttpClient http, URI base, JsonNode doc, String apiKey) throws IOException, InterruptedException {
        JsonNode h = doc.get("http");
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(h.get("path").asText())).timeout(Duration.ofSeconds(30));
        JsonNode req = doc.get("request");
        String body = req == null || req.isNull() ? null : req.isTextual() ? req.asText() : JSON.writeValueAsString(req);
        if (h.hasNonNull("requestContentType")) {
            b.header("Content-Type", h.get("requestContentType").asText());
        }
        JsonNode headers = doc.path("requestHeaders");
        headers.fields().forEachRemaining(e -> {
            String value = e.getValue().asText();
            if (apiKey != null && value.contains("<api-key>")) {
                value = value.replace("<api-key>", apiKey);
            }
            if (!Set.of("host", "content-length", "connection").contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                b.header(e.getKey(), value);
            }
        });
        b.method(h.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String compare(Exchange ex, HttpResponse<String> response) throws IOException {
        JsonNode h = ex.doc().get("http");
        if (response.statusCode() != h.get("status").asInt()) {
            return "status " + response.statusCode() + " instead of " + h.get("status").asInt() + "; body " + abbreviate(response.body());
        }
        Partial partial = PARTLY_COMPARED.get(ex.file());
        if (partial != null && partial.statusOnly()) {
            return null;
        }
        if (partial != null && partial.idsOnly()) {
            List<Long> expected = new ArrayList<>();
            ex.doc().get("response").forEach(r -> expected.add(r.path("id").asLong()));
            List<Long> actual = new ArrayList<>();
            JSON.readTree(response.body()).forEach(r -> actual.add(r.path("id").asLong()));
            return expected.equals(actual) ? null : "records " + actual + " instead of " + expected;
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
        if (expected.isTextual() && !(contentType != null && contentType.startsWith("application/json"))) {
            String e = maskCsrf(expected.asText());
            String a = maskCsrf(response.body());
            return e.equals(a) ? null : "body differs: expected " + abbreviate(e) + " but was " + abbreviate(a);
        }
        JsonNode actual = JSON.readTree(response.body());
        boolean envDependentResult = ENVIRONMENT_DEPENDENT_RESULTS.contains(ex.scopeKey());
        String d = diff("$", expected, actual, envDependentResult, partial == null ? Set.of() : partial.ignoredKeys());
        if (d != null && actual.has("error") && !expected.has("error")) {
            d += " — emulator answered " + actual.at("/error/data/name").asText() + ": " + actual.at("/error/data/message").asText();
        } else if (d != null && actual.isObject() && actual.has("name") && actual.has("message") && !expected.has("message")) {
            d += " — emulator answered " + actual.get("name").asText() + ": " + actual.get("message").asText();
        }
        return d;
    }

    private static String maskCsrf(String s) {
        return s.replaceAll("csrf_token: \"[0-9a-f]+o\\d+\"", "csrf_token: \"*\"");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static String diff(String path, JsonNode e, JsonNode a, boolean envDependentResult, Set<String> alsoIgnored) {
        if (envDependentResult && ("$.result".equals(path) || "$".equals(path) || "$[0]".equals(path) || "$.result[0]".equals(path))
                && e.isIntegralNumber() && a != null && a.isIntegralNumber()) {
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
                if (IGNORED_KEYS.contains(k) || alsoIgnored.contains(k)) {
                    continue;
                }
                String d = diff(path + "." + k, e.get(k), a.get(k), envDependentResult, alsoIgnored);
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!e.has(k) && !IGNORED_KEYS.contains(k) && !alsoIgnored.contains(k)) {
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
                String d = diff(path + "[" + i + "]", e.get(i), a.get(i), envDependentResult, alsoIgnored);
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
