package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON-2 in version 19 mode: bearer API key, named parameters, bare results and real HTTP error statuses. */
class Json2ProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OdooEmulator odoo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        odoo = OdooEmulator.builder().version(19).database("demo").seedResource("odoo-emulator/demo-seed.json").start();
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(odoo.url().resolve(path)).header("Content-Type", "application/json")
                .header("X-Odoo-Database", "demo").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void searchReadReturnsTheBareResult() throws Exception {
        HttpResponse<String> r = post("/json/2/account.journal/search_read", "demo-hub-api-key",
                "{\"domain\":[[\"type\",\"=\",\"bank\"],[\"code\",\"=\",\"BNK2\"]],\"fields\":[\"name\",\"bank_acc_number\"]}");
        assertEquals(200, r.statusCode());
        JsonNode rows = JSON.readTree(r.body());
        assertTrue(rows.isArray());
        assertEquals("Deutsche Bank EUR", rows.get(0).get("name").asText());
        assertEquals("DE02120300000000202051", rows.get(0).get("bank_acc_number").asText());
        assertEquals("json2", odoo.journal().calls("account.journal", "search_read").get(0).protocol());
    }

    @Test
    void recordMethodsTakeIdsAndCreateReturnsIds() throws Exception {
        HttpResponse<String> created = post("/json/2/res.partner/create", "demo-hub-api-key", "{\"vals_list\":[{\"name\":\"JSON Two GmbH\"}]}");
        assertEquals(200, created.statusCode());
        long id = JSON.readTree(created.body()).get(0).asLong();
        HttpResponse<String> read = post("/json/2/res.partner/read", "demo-hub-api-key", "{\"ids\":[" + id + "],\"fields\":[\"display_name\"]}");
        assertEquals("JSON Two GmbH", JSON.readTree(read.body()).get(0).get("display_name").asText());
    }

    @Test
    void errorsAreHttpStatusesWithOdooErrorBodies() throws Exception {
        HttpResponse<String> badKey = post("/json/2/res.partner/search", "wrong-key", "{\"domain\":[]}");
        assertEquals(401, badKey.statusCode());
        assertEquals("werkzeug.exceptions.Unauthorized", JSON.readTree(badKey.body()).get("name").asText(), "recorded on 19: odoo19/009");

        HttpResponse<String> noModel = post("/json/2/no.such.model/search", "demo-hub-api-key", "{\"domain\":[]}");
        assertEquals(404, noModel.statusCode());

        HttpResponse<String> noMethod = post("/json/2/res.partner/no_such_method", "demo-hub-api-key", "{}");
        assertEquals(404, noMethod.statusCode());

        HttpResponse<String> badValue = post("/json/2/res.partner/create", "demo-hub-api-key", "{\"vals_list\":[{\"type\":\"nope\",\"name\":\"x\"}]}");
        assertEquals(500, badValue.statusCode(), "a Python error is a 500 on 19 (recorded: odoo19/033)");
        JsonNode body = JSON.readTree(badValue.body());
        assertEquals("builtins.ValueError", body.get("name").asText());
        assertTrue(body.has("message") && body.has("arguments") && body.has("context") && body.has("debug"));

        HttpResponse<String> noRight = post("/json/2/ir.config_parameter/search_read", "demo-hub-api-key", "{\"domain\":[]}");
        assertEquals(403, noRight.statusCode());
    }

    @Test
    void webVersionTellsNineteen() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(odoo.url().resolve("/web/version")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("19.0", JSON.readTree(r.body()).get("version").asText());
    }

    @Test
    void formattedReadGroupAggregatesJournalItemsByAccountAndMonth() throws Exception {
        HttpResponse<String> r = post("/json/2/account.move.line/formatted_read_group", "demo-hub-api-key",
                "{\"domain\":[[\"parent_state\",\"=\",\"posted\"],[\"company_id\",\"=\",1]],\"groupby\":[\"account_id\",\"date:month\"],"
                        + "\"aggregates\":[\"balance:sum\",\"debit:sum\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode rows = JSON.readTree(r.body());
        assertTrue(rows.size() > 3);
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (JsonNode row : rows) {
            assertTrue(row.get("account_id").isArray() && row.get("date:month").isArray() && row.has("__count")
                    && row.has("__extra_domain"), row.toString());
            total = total.add(row.get("balance:sum").decimalValue());
        }
        assertEquals(0, total.signum(), "posted entries balance: " + total);
    }
}
