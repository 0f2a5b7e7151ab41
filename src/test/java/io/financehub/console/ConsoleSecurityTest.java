package io.financehub.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.flows.payments.PaymentBatchStore;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.testing.OdooTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's gate over plain HTTP: every page and action needs a signed-in user with its role, every POST needs the
 * CSRF token of its own cookie and user (a refused POST changes nothing), the login form too, the session cookie never
 * reaches the API, and accounts are shown in full to payment-approvers only.
 */
@QuarkusTest
class ConsoleSecurityTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PaymentBatchStore batches;

    @Inject
    ExceptionQueue queue;

    @Inject
    ProducerTemplate producer;

    @Inject
    io.financehub.governance.FragileService fragile;

    @BeforeEach
    void freshPayments() throws Exception {
        OdooTestResource.emulator(odooVersion).reset();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from payment_batch_payment");
            s.executeUpdate("delete from payment_batch");
            s.executeUpdate("delete from saga_log where saga_type = 'payment-file'");
        }
    }

    /** A fresh run as treasurer (operator and payment-approver): the above-threshold batch waiting for four eyes. */
    static UUID pendingBatchPreparedByTreasurer() throws IOException {
        JsonNode run = JSON.readTree(given().auth().preemptive().basic("treasurer", "treasurer-demo").post("/api/v1/payment-runs")
                .then().statusCode(200).extract().asString());
        for (JsonNode b : run.get("batches")) {
            if ("PENDING_APPROVAL".equals(b.get("state").asText())) {
                return UUID.fromString(b.get("id").asText());
            }
        }
        throw new AssertionError("the demo run made no batch waiting for approval: " + run);
    }

    /** Every console resource class, from the compiled package. */
    static List<Class<?>> consoleResources() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        Path dir = Path.of("target", "classes", "io", "financehub", "console");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
                Class<?> c = Class.forName("io.financehub.console." + f.getFileName().toString().replace(".class", ""));
                if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    out.add(c);
                }
            }
        }
        assertTrue(out.size() >= 8, "console resources found: " + out);
        return out;
    }

    record Endpoint(String method, String path, Method java) {
    }

    static List<Endpoint> endpoints() throws Exception {
        List<Endpoint> out = new ArrayList<>();
        for (Class<?> c : consoleResources()) {
            String base = c.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method m : c.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST" : null;
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replace("//", "/")
                        .replace("{id}", UUID.randomUUID().toString());
                out.add(new Endpoint(verb, path, m));
            }
        }
        return out;
    }

    @Test
    void everyConsoleClassIsGuardedAndEveryMethodNamesWhoMayUseIt() throws Exception {
        for (Class<?> c : consoleResources()) {
            assertTrue(c.isAnnotationPresent(ConsolePage.class), c.getSimpleName() + " is not a @ConsolePage: the guard would not see it");
        }
        for (Endpoint e : endpoints()) {
            ConsoleAccess access = e.java().getAnnotation(ConsoleAccess.class);
            assertNotNull(access, e + " declares no @ConsoleAccess");
            if (e.method().equals("POST")) {
                assertFalse(List.of(access.value()).contains(ConsoleAccess.PUBLIC), e + " is a public action");
            }
        }
    }

    @Test
    void everyConsolePageAndActionSendsAnAnonymousVisitorToTheLoginPage() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            boolean isPublic = List.of(e.java().getAnnotation(ConsoleAccess.class).value()).contains(ConsoleAccess.PUBLIC);
            Response r = e.method().equals("GET") ? ConsoleClient.anonymous().get(e.path())
                    : ConsoleClient.anonymous().post(e.path(), Map.of("reason", "x"), false);
            if (isPublic) {
                assertEquals(200, r.statusCode(), e.toString());
                continue;
            }
            assertEquals(303, r.statusCode(), e + ": " + r.statusCode());
            assertTrue(r.header("Location").endsWith("/console/login"), e + " → " + r.header("Location"));
            checked.add(e.method() + " " + e.path());
        }
        assertTrue(checked.size() >= 15, checked.toString());
        // a wrong password is no way in either
        Response wrong = given().redirects().follow(false).auth().preemptive().basic("operator", "wrong").get("/console/exceptions");
        assertTrue(wrong.statusCode() == 401 || wrong.statusCode() == 303, "wrong password: " + wrong.statusCode());
    }

    @Test
    void eachPageIsForTheRolesOfItsDataAndSaysSo() {
        Map<String, String[]> users = Map.of("operator", new String[] {"operator-demo"}, "approver", new String[] {"approver-demo"},
                "auditor", new String[] {"auditor-demo"}, "integration", new String[] {"integration-demo"});
        Map<String, List<String>> allowed = Map.of(
                "/console", List.of("operator", "approver", "auditor", "integration"),
                "/console/bank-imports", List.of("operator"),
                "/console/payment-batches", List.of("operator", "approver"),
                "/console/exceptions", List.of("operator"),
                "/console/budgets", List.of("operator"),
                "/console/actuals-exports", List.of("operator"),
                "/console/audit", List.of("auditor"));
        allowed.forEach((path, who) -> users.forEach((user, password) -> {
            Response r = new ConsoleClient(user, password[0]).get(path);
            if (who.contains(user)) {
                assertEquals(200, r.statusCode(), user + " " + path);
                assertTrue(r.contentType().startsWith("text/html"), path);
            } else {
                assertEquals(403, r.statusCode(), user + " " + path);
                assertTrue(r.asString().contains("which this page needs"), user + " " + path);
            }
        }));
    }

    @Test
    void consoleAnswersKeepPagesOutOfCachesAndFramesAndSetTheCsrfCookieForConsolePathsOnly() {
        Response r = new ConsoleClient("operator", "operator-demo").get("/console");
        assertEquals("no-store", r.header("Cache-Control"));
        assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'"), r.header("Content-Security-Policy"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        String setCookie = r.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith(Csrf.COOKIE + "=")).findFirst()
                .orElseThrow();
        assertTrue(setCookie.contains("Path=/console"), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    }

    @Test
    void anApprovalWithoutTheTokenOfItsOwnCookieAndUserIsRefusedAndChangesNothing() throws Exception {
        UUID id = pendingBatchPreparedByTreasurer();
        String page = "/console/payment-batches/" + id;
        String action = page + "/approve";
        ConsoleClient approver = new ConsoleClient("approver", "approver-demo");
        assertEquals(200, approver.get(page).statusCode());
        String own = approver.token;
        assertNotNull(own, "the batch page carries a CSRF token in its forms");

        Response none = approver.post(action, Map.of(), false);
        assertEquals(403, none.statusCode());
        assertTrue(none.asString().contains("security token"), none.asString());
        approver.token = "A" + own.substring(1);
        assertEquals(403, approver.post(action, Map.of(), true).statusCode(), "a tampered token");
        // another user's valid token with this browser's cookie: refused (tokens are bound to the user)
        ConsoleClient approver2 = new ConsoleClient("approver2", "approver2-demo");
        approver2.cookies.putAll(approver.cookies);
        approver2.get(page);
        approver.token = approver2.token;
        assertEquals(403, approver.post(action, Map.of(), true).statusCode(), "approver2's token for approver");
        // the right token for another cookie: refused (a planted cookie does not help)
        ConsoleClient other = new ConsoleClient("approver", "approver-demo");
        other.get(page);
        approver.token = other.token;
        assertEquals(403, approver.post(action, Map.of(), true).statusCode(), "a token of another cookie");
        assertEquals("PENDING_APPROVAL", batches.find(id).orElseThrow().view().state(), "no refused POST changed the batch");

        approver.token = own;
        Response ok = approver.post(action, Map.of(), true);
        assertEquals(303, ok.statusCode(), ok.asString());
        assertEquals("SENT", batches.find(id).orElseThrow().view().state());
        assertTrue(approver.get(ok.header("Location").replaceFirst("^https?://[^/]+", "")).asString().contains("approved by approver and sent"));
    }

    @Test
    void aDiscardWithoutTheTokenIsRefusedAndTheItemStaysNew() {
        String correlationId = "console-" + UUID.randomUUID();
        fragile.breakPermanently();
        try {
            producer.sendBodyAndHeaders("direct:test-fragile", "payload-" + correlationId, Map.of(HubHeaders.CORRELATION_ID, correlationId));
        } finally {
            fragile.fix();
        }
        UUID id = QuarkusTransaction.requiringNew().call(() -> ExceptionItem.<ExceptionItem>find("correlationId", correlationId)
                .firstResult().id);
        ConsoleClient operator = new ConsoleClient("operator", "operator-demo");
        operator.get("/console/exceptions/" + id);
        assertEquals(403, operator.post("/console/exceptions/" + id + "/discard", Map.of("reason", "no token"), false).statusCode());
        assertEquals(403, operator.post("/console/exceptions/" + id + "/replay", Map.of(), false).statusCode());
        assertEquals("NEW", queue.find(id).orElseThrow().state.name());
        assertEquals(0, queue.find(id).orElseThrow().attempts, "the refused replay sent nothing");
        // a reason with a control character is refused as the API refuses it, naming where
        Response bad = operator.post("/console/exceptions/" + id + "/discard", Map.of("reason", "bad\u0007reason"), true);
        assertEquals(303, bad.statusCode());
        String shown = operator.get(bad.header("Location").replaceFirst("^https?://[^/]+", "")).asString();
        assertTrue(shown.contains("control character at position 4"), shown);
        assertEquals("NEW", queue.find(id).orElseThrow().state.name());
        Response discarded = operator.post("/console/exceptions/" + id + "/discard", Map.of("reason", "test message, never real"), true);
        assertEquals(303, discarded.statusCode());
        assertEquals("DISCARDED", queue.find(id).orElseThrow().state.name());
        assertEquals("operator", queue.find(id).orElseThrow().decidedBy);
    }

    @Test
    void theLoginFormIsCsrfCheckedAndItsSessionCookieStaysOnTheConsolesPaths() {
        Response noToken = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "operator").formParam("j_password", "operator-demo").post("/console/j_security_check");
        assertEquals(403, noToken.statusCode());
        assertFalse(noToken.getCookies().containsKey("quarkus-credential"), "no session without the login form's token");

        ConsoleClient browser = ConsoleClient.anonymous();
        assertEquals(200, browser.get("/console/login").statusCode());
        Response login = given().redirects().follow(false).cookies(browser.cookies).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "operator").formParam("j_password", "operator-demo")
                .post("/console/j_security_check?csrf=" + browser.token);
        assertEquals(302, login.statusCode(), login.asString());
        String session = login.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith("quarkus-credential=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + login.headers()));
        assertTrue(session.contains("Path=/console"), session);
        assertTrue(session.toLowerCase(java.util.Locale.ROOT).contains("httponly"), session);
        assertTrue(session.contains("SameSite=Strict"), session);
        browser.cookies.put("quarkus-credential", login.getCookie("quarkus-credential"));
        Response overview = browser.get("/console");
        assertEquals(200, overview.statusCode());
        assertTrue(overview.asString().contains("<strong id=\"user\">operator</strong>"));

        Response out = browser.post("/console/logout", Map.of(), true);
        assertEquals(303, out.statusCode(), out.asString());
        assertTrue(out.header("Location").endsWith("/console/login?signed-out=1"), out.header("Location"));
        String cleared = out.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith("quarkus-credential=")).findFirst()
                .orElseThrow(() -> new AssertionError("signing out does not clear the session cookie: " + out.headers()));
        assertTrue(cleared.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || cleared.contains("Expires=Thu, 01 Jan 1970"), cleared);

        Response failed = given().redirects().follow(false).cookies(browser.cookies).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "operator").formParam("j_password", "not-it").post("/console/j_security_check?csrf="
                        + new Csrf(java.util.Optional.empty()).token(browser.cookies.get(Csrf.COOKIE), ""));
        assertEquals(403, failed.statusCode(), "a token signed with another key is not this console's");

        // a wrong password with the form's own token: the login page again, saying so (not the API's JSON 401)
        ConsoleClient again = ConsoleClient.anonymous();
        assertEquals(200, again.get("/console/login").statusCode());
        Response refused = given().redirects().follow(false).cookies(again.cookies).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "operator").formParam("j_password", "not-it").post("/console/j_security_check?csrf=" + again.token);
        assertEquals(303, refused.statusCode(), refused.asString());
        assertEquals("/console/login?failed=1", java.net.URI.create(refused.header("Location")).getRawPath() + "?"
                + java.net.URI.create(refused.header("Location")).getRawQuery());
        assertFalse(refused.getCookies().containsKey("quarkus-credential"), "no session for a refused password");
        assertTrue(again.get("/console/login?failed=1").asString().contains("was not accepted"));
    }

    @Test
    void accountsAreShownInFullToPaymentApproversOnly() throws Exception {
        UUID id = pendingBatchPreparedByTreasurer();
        String account = batches.find(id).orElseThrow().snapshot().lines().get(0).creditorAccount().replace(" ", "");
        String grouped = account.replaceAll("(.{4})(?!$)", "$1 ");
        String operatorPage = new ConsoleClient("operator", "operator-demo").get("/console/payment-batches/" + id).asString();
        assertFalse(operatorPage.contains(account) || operatorPage.contains(grouped), "operator sees a full account");
        assertTrue(operatorPage.contains(io.financehub.canonical.AccountMasking.mask(account)), "operator sees it masked");
        assertFalse(operatorPage.contains("id=\"approve\""), "an operator has no approve button");
        String approverPage = new ConsoleClient("approver", "approver-demo").get("/console/payment-batches/" + id).asString();
        assertTrue(approverPage.contains(grouped), "the approver checks the account it releases money to");
        assertTrue(approverPage.contains("id=\"approve\""));
    }
}
