package io.financehub.sandbox.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Odoo's "Send Webhook Notification" automation as recorded on real 17, 18 and 19 servers
 * ({@code odoo-recordings/behaviours/webhook-purchase-order-odoo*.json}): the same body text and headers, and the same
 * timing: 17 and 18 send it from inside the transaction (a read made while the call is open does not see the change,
 * on create not even the order), 19 after the commit. Replayed like the recording: a listener reads the order over
 * JSON-RPC before it answers.
 */
class WebhookAutomationTest {

    /** One call the listener received, with what its own JSON-RPC read of the order saw before it answered. */
    record Received(Map<String, String> headers, String rawBody, JsonNode readBeforeAnswering) {
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18, 19})
    void theWebhookBodyHeadersAndTimingAreThoseOfTheRecordedServer(int version) throws Exception {
        JsonNode recording;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("odoo-recordings/behaviours/webhook-purchase-order-odoo"
                + version + ".json")) {
            recording = RawJsonRpc.JSON.readTree(in);
        }
        try (OdooEmulator odoo = OdooEmulator.builder().version(version).database("webhooks").seedResource("odoo-emulator/demo-seed.json").start()) {
            RawJsonRpc admin = new RawJsonRpc(odoo, 2, "admin");
            List<Received> received = new CopyOnWriteArrayList<>();
            HttpServer listener = listener(received, odoo);
            try {
                odoo.addWebhookRule("purchase.order", List.of("state"), URI.create("http://127.0.0.1:" + listener.getAddress().getPort()
                        + "/odoo-webhook"), List.of("name", "state", "amount_total", "partner_id"));
                long partner = odoo.store().search("res.partner", "[[\"name\",\"=\",\"Acme Supplies GmbH\"]]").get(0);
                long po = admin.call("purchase.order", "create", List.of(Map.of("partner_id", partner, "order_line", List.of(List.of(0, 0,
                        Map.of("name", "Toner", "product_qty", 1, "price_unit", 287.5))))), null).asLong();
                admin.call("purchase.order", "button_confirm", List.of(List.of(po)), null);

                JsonNode calls = recording.get("webhookCalls");
                assertEquals(calls.size(), received.size(), "one call on create, one on confirm: " + received);
                for (int i = 0; i < calls.size(); i++) {
                    JsonNode recorded = calls.get(i);
                    Received got = received.get(i);
                    assertEquals(skeleton(recorded.get("rawBody").asText()), skeleton(got.rawBody()), "the body as Odoo " + version + " writes it");
                    assertEquals(recorded.at("/body/state").asText(), RawJsonRpc.JSON.readTree(got.rawBody()).get("state").asText());
                    for (String header : List.of("Content-Type", "User-Agent", "Accept", "Accept-Encoding")) {
                        assertEquals(recorded.get("headers").get(header).asText(), got.headers().get(header), header);
                    }
                    assertTrue(got.headers().keySet().stream().noneMatch(h -> h.startsWith("X-") || h.equals("Authorization")),
                            "no signature, no custom header: " + got.headers());
                    // what a read made while the call is open sees: nothing or the old state on 17/18, the change on 19
                    JsonNode recordedRead = recorded.get("readViaJsonRpcBeforeAnswering");
                    assertEquals(recordedRead.size(), got.readBeforeAnswering().size(), "order visible during call " + i + ": " + got);
                    if (recordedRead.size() > 0) {
                        assertEquals(recordedRead.get(0).get("state").asText(), got.readBeforeAnswering().get(0).get("state").asText(),
                                "state seen during call " + i);
                    }
                }
                List<SentWebhook> sent = odoo.webhooksSent();
                assertEquals(2, sent.size());
                assertTrue(sent.stream().allMatch(s -> s.insideTransaction() == (version < 19) && s.status().equals(java.util.Optional.of(200))), sent.toString());
                assertEquals("purchase", odoo.store().record("purchase.order", po).orElseThrow().get("state"), "committed after the call");
            } finally {
                listener.stop(0);
            }
        }
    }

    @Test
    void odoo16HasNoWebhookAction() {
        try (OdooEmulator odoo = OdooEmulator.builder().version(16).database("webhooks").start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> odoo.addWebhookRule("purchase.order", List.of("state"),
                    URI.create("http://127.0.0.1:9/odoo-webhook"), List.of("state")));
            assertTrue(e.getMessage().contains("16"), e.getMessage());
        }
    }

    /**
     * While a 17/18 transaction is held open for its webhook, another caller's write waits for it (as on Odoo's row locks)
     * and then applies on top of it: neither change is lost, and reads meanwhile see the last committed data.
     */
    @Test
    void aWriteDuringAHeldTransactionWaitsForItsCommitAndNothingIsLost() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("webhooks").seedResource("odoo-emulator/demo-seed.json").start()) {
            RawJsonRpc admin = new RawJsonRpc(odoo, 2, "admin");
            long po = odoo.store().search("purchase.order", "[[\"state\",\"=\",\"draft\"]]").get(0);
            List<Received> received = new CopyOnWriteArrayList<>();
            HttpServer listener = listener(received, odoo);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                odoo.addWebhookRule("purchase.order", List.of("state"), URI.create("http://127.0.0.1:" + listener.getAddress().getPort()
                        + "/hook"), List.of("state"));
                odoo.webhookCommitDelay(Duration.ofMillis(600));
                Future<JsonNode> confirm = pool.submit(() -> admin.call("purchase.order", "button_confirm", List.of(List.of(po)), null));
                while (received.isEmpty()) {
                    Thread.sleep(10);
                }
                // the confirmation is sent but not committed: a read sees the draft, a write waits for the commit
                assertEquals("draft", admin.call("purchase.order", "read", List.of(List.of(po), List.of("state")), null).get(0).get("state").asText());
                Future<JsonNode> note = pool.submit(() -> admin.call("purchase.order", "write", List.of(List.of(po), Map.of("notes", "urgent")), null));
                confirm.get();
                note.get();
                Map<String, Object> order = odoo.store().record("purchase.order", po).orElseThrow();
                assertEquals("purchase", order.get("state"), "the held transaction's change is kept");
                assertTrue(String.valueOf(order.get("notes")).contains("urgent"), "the waiting write applied after it: " + order);
            } finally {
                pool.shutdownNow();
                listener.stop(0);
            }
        }
    }

    /** The recorded listener: records each call and reads the order over JSON-RPC as admin before answering 200. */
    static HttpServer listener(List<Received> received, OdooEmulator odoo) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        RawJsonRpc admin = new RawJsonRpc(odoo, 2, "admin");
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                JsonNode read;
                try {
                    long id = RawJsonRpc.JSON.readTree(body).get("_id").asLong();
                    read = admin.call("purchase.order", "search_read", List.of(List.of(List.of("id", "=", id))),
                            Map.of("fields", List.of("name", "state")));
                } catch (Exception e) {
                    read = RawJsonRpc.JSON.createArrayNode().add("read failed: " + e);
                }
                received.add(new Received(headers, body, read));
                byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    /** A body with its numbers and record names blanked: what is left is the format (keys, order, separators, quoting). */
    static String skeleton(String raw) {
        return raw.replaceAll("\\d+(\\.\\d+)?", "N");
    }
}
