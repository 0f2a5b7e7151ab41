package io.financehub.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.financehub.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error of the API is {@code application/problem+json} with a stable type, a detail naming what was wrong
 * and where, and the correlation id; every JSON body is read strictly. The JSON operations come from the OpenAPI
 * document, so an operation added later is walked too (and must add its valid example below).
 */
@QuarkusTest
class ApiErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET_HEADER = "X-Hub-Webhook-Secret";

    /** A valid body of every JSON operation ("METHOD path" as in the OpenAPI document). */
    static final Map<String, String> EXAMPLES = Map.of(
            "POST /api/v1/budget-checks", """
                    {"orderReference":"PO-STRICT-1","revision":"r1","company":{"key":"DE01"},"supplier":"Acme Supplies GmbH",
                     "category":null,"requestedBy":"buyer","orderDate":"2041-01-15","lines":[{"costCentre":{"company":{"key":"DE01"},
                     "code":"SALES"},"amount":{"amount":800.00,"currency":"EUR"}}]}""",
            "POST /api/v1/budgets", """
                    [{"company":"DE01","costCentre":"SALES","period":"2041","amount":1000.00,"currency":"EUR"}]""",
            "POST /api/v1/actuals-exports", """
                    {"company":"DE01","period":"2041-01","mode":"full","finalExport":false}""",
            "POST /api/v1/exceptions/{id}/discard", """
                    {"reason":"settled in Odoo by hand"}""",
            "POST /api/v1/payment-batches/{id}/reject", """
                    {"reason":"wrong execution date"}""",
            "POST /api/v1/webhooks/odoo/purchase-orders", """
                    {"_id":424242,"_model":"purchase.order"}""",
            "POST /api/v1/webhooks/odoo/purchase-orders/{secret}", """
                    {"_id":424242,"_model":"purchase.order"}""");

    /** Problem types a refused JSON body may have. */
    static final List<String> BODY_PROBLEM_TYPES = List.of("invalid-json", "unknown-field", "invalid-field", "missing-field",
            "invalid-request");

    record JsonOperation(String method, String path, String concretePath, String role) {
        String key() {
            return method + " " + path;
        }

        RequestSpecification caller() {
            RequestSpecification spec = switch (role) {
                case "integration" -> given().auth().preemptive().basic("integration", "integration-demo");
                case "operator" -> given().auth().preemptive().basic("operator", "operator-demo");
                case "payment-approver" -> given().auth().preemptive().basic("approver", "approver-demo");
                case "auditor" -> given().auth().preemptive().basic("auditor", "auditor-demo");
                case "odoo-webhook" -> given().header(SECRET_HEADER, "test-webhook-secret");
                default -> throw new IllegalArgumentException("no test user for role " + role);
            };
            return spec.contentType("application/json").accept("application/json");
        }

        Response send(String body) {
            return caller().body(body.getBytes(StandardCharsets.UTF_8)).request(method, concretePath);
        }
    }

    /** The operations of the OpenAPI document that take a JSON body. */
    static List<JsonOperation> jsonOperations() throws IOException {
        JsonNode openapi = JSON.readTree(given().auth().preemptive().basic("operator", "operator-demo")
                .accept("application/json").get("/q/openapi").asString());
        List<JsonOperation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue; // test-only operations of the benchmarks
            }
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().path("requestBody").path("content").has("application/json")) {
                    continue;
                }
                String role = op.getValue().path("security").path(0).fields().next().getValue().path(0).asText();
                // the webhook's secret is part of its URL (Odoo's stock rule sends no header)
                String concrete = path.getKey().replace("{secret}", "test-webhook-secret").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                operations.add(new JsonOperation(op.getKey().toUpperCase(), path.getKey(), concrete, role));
            }
        }
        assertTrue(operations.size() >= 6, "JSON operations found: " + operations);
        for (JsonOperation operation : operations) {
            assertTrue(EXAMPLES.containsKey(operation.key()), "add a valid example body for " + operation.key());
        }
        return operations;
    }

    /** A broken body and the word its problem's detail must contain. */
    record Broken(String body, String named) {
    }

    static Broken broken(String kind, JsonOperation operation) throws IOException {
        String valid = EXAMPLES.get(operation.key());
        JsonNode tree = JSON.readTree(valid);
        ObjectNode first = (ObjectNode) (tree.isArray() ? tree.get(0) : tree);
        String stringField = firstStringField(first);
        String prefix = tree.isArray() ? "[0]." : "";
        return switch (kind) {
            case "malformed" -> new Broken(valid.substring(0, valid.indexOf(':', valid.indexOf(stringField)) + 1), "line 1");
            case "trailing-garbage" -> new Broken(valid + " approve", "after its JSON value");
            case "second-value" -> new Broken(valid + valid, "after its JSON value");
            case "unknown-key" -> {
                first.put("surplus", 1);
                yield new Broken(JSON.writeValueAsString(tree), "'surplus'");
            }
            case "duplicate-key" -> new Broken(valid.replaceFirst("\"" + stringField + "\":",
                    "\"" + stringField + "\":\"x\",\"" + stringField + "\":"), "'" + stringField + "'");
            case "wrong-type" -> {
                first.set(stringField, IntNode.valueOf(7));
                yield new Broken(JSON.writeValueAsString(tree), prefix + stringField);
            }
            case "object-for-string" -> {
                first.set(stringField, JSON.createObjectNode().put("value", "x"));
                yield new Broken(JSON.writeValueAsString(tree), prefix + stringField);
            }
            case "nul-in-string" -> {
                first.set(stringField, TextNode.valueOf(first.get(stringField).asText() + "\u0000"));
                yield new Broken(JSON.writeValueAsString(tree), prefix + stringField);
            }
            case "line-break-in-name" -> {
                first.set(stringField, TextNode.valueOf(first.get(stringField).asText() + "\nforged log line"));
                yield new Broken(JSON.writeValueAsString(tree), prefix + stringField);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String firstStringField(ObjectNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual()) {
                return field.getKey();
            }
        }
        throw new IllegalStateException("no string field in " + object);
    }

    @ParameterizedTest
    @ValueSource(strings = { "malformed", "trailing-garbage", "second-value", "unknown-key", "duplicate-key", "wrong-type",
            "object-for-string", "nul-in-string" })
    void everyJsonOperationRefusesABrokenBodyWith400NamingWhere(String kind) throws IOException {
        List<String> checked = new ArrayList<>();
        for (JsonOperation operation : jsonOperations()) {
            if (kind.equals("unknown-key") && operation.role().equals("odoo-webhook")) {
                continue; // Odoo's webhook sends the record fields its automation rule chose: taken, not read (README)
            }
            Broken broken = broken(kind, operation);
            Response response = operation.send(broken.body());
            String what = kind + " to " + operation.key() + ": " + response.statusCode() + " " + response.asString();
            assertEquals(400, response.statusCode(), what);
            assertProblem(response, what);
            String type = response.jsonPath().getString("type");
            assertTrue(BODY_PROBLEM_TYPES.stream().anyMatch(t -> type.equals(Problem.TYPE_PREFIX + t)), what);
            assertTrue(response.jsonPath().getString("detail").contains(broken.named()), what + " does not name " + broken.named());
            assertTrue(response.jsonPath().getString("detail").indexOf('\u0000') < 0, what + " echoes the NUL");
            checked.add(operation.key());
        }
        assertFalse(checked.isEmpty());
    }

    @Test
    void theValidExamplesAreReadWithoutComplaint() throws IOException {
        for (JsonOperation operation : jsonOperations()) {
            if (operation.role().equals("odoo-webhook")) {
                continue; // a valid webhook starts a check of an Odoo order (BudgetChecksFlowTest)
            }
            Response response = operation.send(EXAMPLES.get(operation.key()));
            assertTrue(response.statusCode() != 400 && response.statusCode() < 500,
                    operation.key() + ": " + response.statusCode() + " " + response.asString());
            if (operation.path().equals("/api/v1/budget-checks")) {
                // money is answered as it is sent: a client may send it back as it came
                assertEquals(java.util.Set.of("amount", "currency"), response.jsonPath().getMap("reserved").keySet(), response.asString());
            }
        }
    }

    @Test
    void freeTextTakesLineBreaksWhereNamesAndIdsRefuseThem() throws IOException {
        JsonOperation budgets = jsonOperations().stream().filter(o -> o.path().equals("/api/v1/budgets")).findFirst().orElseThrow();
        Broken broken = broken("line-break-in-name", budgets);
        Response refused = budgets.send(broken.body());
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.jsonPath().getString("detail").contains("[0].company") && refused.jsonPath().getString("detail")
                .contains("U+000A"), refused.asString());
        // a reason may run over several lines: read, then refused only because the batch does not exist
        Response reason = given().auth().preemptive().basic("approver", "approver-demo").contentType("application/json")
                .body("{\"reason\":\"wrong date\\nsee ticket 4711\"}").post("/api/v1/payment-batches/" + UUID.randomUUID() + "/reject");
        assertEquals(404, reason.statusCode(), reason.asString());
    }

    @Test
    void theApiDescriptionShowsTheRealKeysClosedAndTheProblemAnswers() throws IOException {
        JsonNode openapi = JSON.readTree(operator().accept("application/json").get("/q/openapi").asString());
        JsonNode schemas = openapi.path("components").path("schemas");
        JsonNode actuals = schemas.path("ActualsExportRequest");
        assertTrue(actuals.path("properties").has("finalExport") && !actuals.path("properties").has("final"), actuals.toString());
        for (JsonOperation operation : jsonOperations()) {
            JsonNode op = openapi.path("paths").path(operation.path()).path(operation.method().toLowerCase());
            assertTrue(op.path("responses").path("default").path("content").path(Problem.MEDIA_TYPE).path("schema").path("$ref")
                    .asText().endsWith("/Problem"), operation.key() + " documents its problem answers: " + op.path("responses"));
            if (operation.role().equals("odoo-webhook")) {
                continue; // Odoo's body: free-form
            }
            JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
            String ref = body.has("items") ? body.path("items").path("$ref").asText() : body.path("$ref").asText();
            JsonNode schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            assertFalse(schema.path("additionalProperties").asBoolean(true), operation.key() + " is closed: " + schema);
        }
        assertTrue(schemas.path("Problem").path("properties").has("correlationId"), schemas.path("Problem").toString());
    }

    // ---- the tester's findings, one by one ----------------------------------------------------------------------

    @Test
    void wrongTypesImpossibleDatesAndUnknownCurrenciesNameTheFieldAndWhatItTakes() {
        String check = EXAMPLES.get("POST /api/v1/budget-checks");
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put(check.replace("\"2041-01-15\"", "\"2026-13-45\""), List.of("orderDate", "'2026-13-45'", "YYYY-MM-DD"));
        cases.put(check.replace("\"EUR\"", "\"EURO\""), List.of("lines[0].amount.currency", "'EURO'", "ISO 4217"));
        cases.put(check.replace("\"amount\":800.00", "\"amount\":\"800.00\""), List.of("lines[0].amount.amount", "a string",
                "a number"));
        cases.put(check.replace("\"lines\":[", "\"lines\":{\"x\":[").replace("}}]}", "}}]}}"), List.of("lines", "a JSON object",
                "a JSON array"));
        cases.put(check.replace("\"company\":{\"key\":\"DE01\"},\"supplier\"", "\"company\":\"DE01\",\"supplier\""),
                List.of("company", "a string", "a JSON object"));
        cases.put(check.replace("\"supplier\":\"Acme Supplies GmbH\",", ""), List.of("supplier", "missing"));
        cases.put(check.replace("\"amount\":800.00", "\"amount\":800.005"), List.of("lines[0].amount.amount", "3 decimals",
                "EUR has 2"));
        cases.put(check.replace("\"amount\":800.00", "\"amount\":1e20"), List.of("lines[0].amount.amount", "21 digits"));
        // every problem in one answer: a wrong amount does not hide a blank reference
        cases.put(check.replace("\"amount\":800.00", "\"amount\":800.005").replace("\"PO-STRICT-1\"", "\" \""),
                List.of("lines[0].amount.amount", "3 decimals", "orderReference: must not be blank"));
        cases.put("", List.of("empty"));
        cases.forEach((body, named) -> {
            Response response = given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                    .body(body).post("/api/v1/budget-checks");
            String what = body + " -> " + response.asString();
            assertEquals(400, response.statusCode(), what);
            assertProblem(response, what);
            named.forEach(word -> assertTrue(response.jsonPath().getString("detail").contains(word), what + " lacks " + word));
        });
    }

    @Test
    void aBudgetBeyondTheStoreIsA400NamingTheFieldNeverTheDatabasesText() {
        Response response = given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body("[{\"company\":\"DE01\",\"costCentre\":\"SALES\",\"period\":\"2041\",\"amount\":1e20,\"currency\":\"EUR\"},"
                        + "{\"company\":\"DE01\",\"costCentre\":\"IT\",\"period\":\"0000\",\"amount\":10.001,\"currency\":\"EUR\"}]")
                .post("/api/v1/budgets");
        assertEquals(400, response.statusCode(), response.asString());
        assertProblem(response, response.asString());
        String detail = response.jsonPath().getString("detail");
        assertTrue(detail.contains("[0].amount") && detail.contains("at most 15"), detail);
        assertTrue(detail.contains("[1].period") && detail.contains("0000"), detail);
        assertTrue(detail.contains("[1].amount") && detail.contains("3 decimals"), detail);
        assertFalse(detail.contains("numeric field overflow") || detail.contains("ERROR"), detail);
    }

    @Test
    void theStoresOwnTextNeverReachesTheCaller() {
        List<String> logged = LogCapture.during(() -> {
            Response refused = operator().post("/api/test-failures/store-refuses");
            assertEquals(500, refused.statusCode(), refused.asString());
            assertProblem(refused, refused.asString());
            assertEquals(Problem.TYPE_PREFIX + "store-failure", refused.jsonPath().getString("type"));
            assertFalse(refused.asString().contains("numeric") || refused.asString().contains("ERROR")
                    || refused.asString().contains("Budget ledger"), refused.asString());
        });
        assertTrue(logged.stream().anyMatch(l -> l.contains("numeric field overflow")), "the cause is in the log: " + logged);

        Response unreachable = operator().post("/api/test-failures/store-unreachable");
        assertEquals(503, unreachable.statusCode(), unreachable.asString());
        assertProblem(unreachable, unreachable.asString());
        assertEquals(Problem.TYPE_PREFIX + "store-unavailable", unreachable.jsonPath().getString("type"));
        assertEquals("60", unreachable.header("Retry-After"));
        assertFalse(unreachable.asString().contains("10.1.2.3") || unreachable.asString().contains("jdbc"), unreachable.asString());

        Response bug = operator().post("/api/test-failures/bug");
        assertEquals(500, bug.statusCode(), bug.asString());
        assertProblem(bug, bug.asString());
        assertFalse(bug.asString().contains("ClassCast"), bug.asString());
    }

    @Test
    void actualsExportRefusesImpossiblePeriodsAndTheUndocumentedFinalKey() {
        Response zero = operator().contentType("application/json").body("{\"company\":\"DE01\",\"period\":\"0000-01\",\"mode\":\"full\"}")
                .post("/api/v1/actuals-exports");
        assertEquals(400, zero.statusCode(), zero.asString());
        assertTrue(zero.jsonPath().getString("detail").contains("'0000-01'") && zero.jsonPath().getString("detail")
                .contains("1900"), zero.asString());
        Response finalKey = operator().contentType("application/json")
                .body("{\"company\":\"DE01\",\"period\":\"2041-02\",\"mode\":\"full\",\"final\":true}").post("/api/v1/actuals-exports");
        assertEquals(400, finalKey.statusCode(), finalKey.asString());
        assertProblem(finalKey, finalKey.asString());
        assertEquals(Problem.TYPE_PREFIX + "unknown-field", finalKey.jsonPath().getString("type"));
        assertTrue(finalKey.jsonPath().getString("detail").contains("'final'") && finalKey.jsonPath().getString("detail")
                .contains("finalExport"), "names the key and the real one: " + finalKey.asString());
    }

    @Test
    void paymentBatchPathsAndQueryParametersSayWhatIsWrong() {
        Response unknown = given().auth().preemptive().basic("approver", "approver-demo")
                .post("/api/v1/payment-batches/" + UUID.randomUUID() + "/approve");
        assertEquals(404, unknown.statusCode());
        assertProblem(unknown, unknown.asString());
        assertTrue(unknown.jsonPath().getString("detail").contains("GET /api/v1/payment-batches"), unknown.asString());

        Response malformed = given().auth().preemptive().basic("approver", "approver-demo").post("/api/v1/payment-batches/batch-7/approve");
        assertEquals(404, malformed.statusCode());
        assertProblem(malformed, malformed.asString());
        assertTrue(malformed.jsonPath().getString("detail").contains("'batch-7'") && malformed.jsonPath().getString("detail")
                .contains("UUID"), malformed.asString());

        for (String path : List.of("/api/v1/payment-batches?limit=abc", "/api/v1/exceptions?limit=1.5")) {
            Response limit = operator().get(path);
            assertEquals(400, limit.statusCode(), path + ": " + limit.asString());
            assertProblem(limit, limit.asString());
            assertEquals(Problem.TYPE_PREFIX + "invalid-parameter", limit.jsonPath().getString("type"));
            assertTrue(limit.jsonPath().getString("detail").contains("'limit'") && limit.jsonPath().getString("detail")
                    .contains("whole number"), limit.asString());
        }
    }

    @Test
    void aControlCharacterInAQueryParameterIsA400AndNeverReachesTheLog() {
        List<String> logged = LogCapture.during(() -> {
            Response audit = given().auth().preemptive().basic("auditor", "auditor-demo").queryParam("correlationId", "abc\u0000def")
                    .get("/api/v1/audit");
            assertEquals(400, audit.statusCode(), audit.asString());
            assertProblem(audit, audit.asString());
            assertTrue(audit.jsonPath().getString("detail").contains("'correlationId'") && audit.jsonPath().getString("detail")
                    .contains("U+0000"), audit.asString());
            Response discard = operator().contentType("application/json").body("{\"reason\":\"x\"}")
                    .post("/api/v1/exceptions/%00/discard");
            assertEquals(404, discard.statusCode(), discard.asString());
            assertProblem(discard, discard.asString());
        });
        assertTrue(logged.stream().noneMatch(l -> l.indexOf('\u0000') >= 0), "a NUL reached the log: " + logged);
    }

    // ---- every status ------------------------------------------------------------------------------------------

    @Test
    void everyStatusIsAProblemWithAStableTypeAndAnActionableDetail() {
        Map<String, Function<String, Response>> calls = new LinkedHashMap<>();
        calls.put("401 anonymous API", id -> with(id).get("/api/v1/exceptions"));
        calls.put("401 wrong password on metrics", id -> with(id).auth().preemptive().basic("operator", "nope").get("/q/metrics"));
        calls.put("401 anonymous metrics", id -> with(id).get("/q/metrics"));
        calls.put("403 wrong role", id -> with(id).auth().preemptive().basic("integration", "integration-demo").get("/api/v1/exceptions"));
        calls.put("403 wrong role on metrics", id -> with(id).auth().preemptive().basic("integration", "integration-demo").get("/q/metrics"));
        calls.put("404 no such operation", id -> asOperator(id).get("/api/v1/no-such-thing"));
        calls.put("404 no such item", id -> asOperator(id).get("/api/v1/exceptions/" + UUID.randomUUID()));
        calls.put("405 method", id -> asOperator(id).delete("/api/v1/exceptions"));
        calls.put("406 accept", id -> asOperator(id).accept("text/csv").get("/api/v1/exceptions"));
        calls.put("415 content type", id -> asOperator(id).contentType("application/xml").body("<reason/>")
                .post("/api/v1/exceptions/" + UUID.randomUUID() + "/discard"));
        Map<String, String> expectedType = Map.of("401", "unauthenticated", "403", "forbidden", "404", "not-found",
                "405", "method-not-allowed", "406", "not-acceptable", "415", "unsupported-media-type");
        calls.forEach((what, call) -> {
            String correlationId = "corr-" + UUID.randomUUID();
            Response response = call.apply(correlationId);
            String status = what.substring(0, 3);
            String detail = what + ": " + response.statusCode() + " " + response.contentType() + " " + response.asString();
            assertEquals(Integer.parseInt(status), response.statusCode(), detail);
            assertProblem(response, detail);
            assertEquals(Problem.TYPE_PREFIX + expectedType.get(status), response.jsonPath().getString("type"), detail);
            assertEquals(correlationId, response.jsonPath().getString("correlationId"), detail);
            assertEquals(correlationId, response.header(CorrelationIdFilter.HEADER), detail);
            String text = response.jsonPath().getString("detail");
            assertFalse(text.startsWith("HTTP ") || text.contains("@Consumes") || text.contains("@Produces")
                    || text.contains("target resource method"), "a detail a person can act on: " + detail);
            if (status.equals("401")) {
                assertNotNull(response.header("WWW-Authenticate"), detail);
            }
        });
    }

    // ---- body size ----------------------------------------------------------------------------------------------

    @Test
    void anUploadOverTheLimitIs413NamingTheLimitAndTheSetting() throws IOException {
        Response problem = rawPost("/api/v1/bank-statements?fileName=big.xml", "application/octet-stream", 300L * 1024 * 1024);
        assertEquals(413, problem.statusCode(), problem.asString());
        assertProblem(problem, problem.asString());
        assertEquals(Problem.TYPE_PREFIX + "request-too-large", problem.jsonPath().getString("type"));
        String detail = problem.jsonPath().getString("detail");
        assertTrue(detail.contains("200 MiB") && detail.contains(EdgeProblems.BODY_LIMIT_KEY) && detail.contains("inbox"), detail);
    }

    @Test
    void aJsonBodyOverItsLimitIs413NamingItsSettingWhetherDeclaredOrStreamed() throws Exception {
        Response declared = rawPost("/api/v1/budgets", "application/json", 11L * 1024 * 1024);
        assertEquals(413, declared.statusCode(), declared.asString());
        assertProblem(declared, declared.asString());
        assertTrue(declared.jsonPath().getString("detail").contains(EdgeProblems.JSON_LIMIT_KEY), declared.asString());

        // sent without a length (chunked): stopped while parsing, once the limit is passed
        byte[] entry = "{\"company\":\"DE01\",\"costCentre\":\"SALES\",\"period\":\"2041\",\"amount\":1,\"currency\":\"EUR\"},"
                .getBytes(StandardCharsets.UTF_8);
        long entries = 11L * 1024 * 1024 / entry.length;
        InputStream body = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[] { '[' }), new InputStream() {
            long sent;

            @Override
            public int read() {
                if (sent >= entries * entry.length) {
                    return -1;
                }
                return entry[(int) (sent++ % entry.length)];
            }
        });
        HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + RestAssured.port + "/api/v1/budgets")).version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("integration:integration-demo".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertTrue(streamed.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE), streamed.headers().toString());
        assertTrue(streamed.body().contains(EdgeProblems.JSON_LIMIT_KEY), streamed.body());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator-demo");
    }

    static RequestSpecification with(String correlationId) {
        return given().header(CorrelationIdFilter.HEADER, correlationId);
    }

    static RequestSpecification asOperator(String correlationId) {
        return with(correlationId).auth().preemptive().basic("operator", "operator-demo");
    }

    static void assertProblem(Response response, String what) {
        assertTrue(response.contentType() != null && response.contentType().startsWith(Problem.MEDIA_TYPE),
                what + ": content type " + response.contentType());
        assertTrue(response.jsonPath().getString("type").startsWith(Problem.TYPE_PREFIX), what);
        assertEquals(response.statusCode(), response.jsonPath().getInt("status"), what);
        assertFalse(response.jsonPath().getString("detail") == null || response.jsonPath().getString("detail").isBlank(), what);
        assertNotNull(response.jsonPath().getString("correlationId"), what);
    }

    /** POSTs a request declaring {@code length} bytes without sending them, and reads the answer. */
    static Response rawPost(String path, String contentType, long length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String auth = Base64.getEncoder().encodeToString("integration:integration-demo".getBytes(StandardCharsets.UTF_8));
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth + "\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, split);
            int status = Integer.parseInt(head.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            return new io.restassured.builder.ResponseBuilder().setStatusCode(status)
                    .setContentType(headers.getOrDefault("content-type", headers.getOrDefault("Content-Type", "")))
                    .setBody(answer.substring(split + 4)).build();
        }
    }
}
