package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each injectable fault as a raw HTTP client observes it, and what the journal records about it. */
class FaultInjectionTest {
    private OdooEmulator odoo;
    private RawJsonRpc rpc;

    @BeforeEach
    void start() {
        odoo = OdooEmulator.builder().version(17).database("faults").start();
        rpc = new RawJsonRpc(odoo, 2, "admin");
    }

    @AfterEach
    void stop() {
        odoo.close();
    }

    private long partners() {
        return odoo.store().records("res.partner").size();
    }

    @Test
    void latencyDelaysTheAnswerButKeepsIt() throws Exception {
        odoo.faults().inject(Fault.latency(Duration.ofMillis(400)));
        long start = System.nanoTime();
        JsonNode result = rpc.call("res.partner", "search_count", List.of(List.of()), null);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 400);
        assertTrue(result.asLong() > 0);
    }

    @Test
    void proxyStatusAnswersHtmlAndDoesNotExecuteTheCall() throws Exception {
        for (int status : new int[] {502, 503, 504}) {
            long before = partners();
            odoo.faults().inject(Fault.httpStatus(status).on("res.partner", "create"));
            HttpResponse<String> response = rpc.post(rpc.body("res.partner", "create", List.of(Map.of("name", "X")), null), Duration.ofSeconds(5));
            assertEquals(status, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(response.body().contains("<h1>" + status), response.body());
            assertEquals(before, partners(), "the proxy answered; Odoo never saw the create");
        }
        assertEquals(3, odoo.journal().count("res.partner", "create"), "faulted writes are journaled");
        assertTrue(odoo.journal().calls("res.partner", "create").get(0).outcome().startsWith("fault:"));
    }

    @Test
    void connectionResetClosesTheSocketWithoutAnswer() {
        long before = partners();
        odoo.faults().inject(Fault.connectionReset());
        assertThrows(IOException.class,
                () -> rpc.post(rpc.body("res.partner", "create", List.of(Map.of("name", "Reset Ltd")), null), Duration.ofSeconds(5)));
        assertEquals(before, partners());
        assertEquals("fault:connection_reset", odoo.journal().calls().get(0).outcome());
    }

    @Test
    void timeoutAfterCommitLeavesTheRecordCreatedAlthoughTheClientSawNoAnswer() {
        long before = partners();
        odoo.faults().inject(Fault.timeoutAfterCommit(Duration.ofMillis(1500)).on("res.partner", "create"));
        assertThrows(HttpTimeoutException.class,
                () -> rpc.post(rpc.body("res.partner", "create", List.of(Map.of("name", "Ambiguous BV")), null), Duration.ofMillis(300)));
        assertEquals(before + 1, partners(), "the create was committed: a blind retry would duplicate it");
        RecordedCall call = odoo.journal().calls("res.partner", "create").get(0);
        assertEquals("fault:timeout_after_commit(ok)", call.outcome());
    }

    @Test
    void sessionExpiredAnswersCode100AsOdooDoes() throws Exception {
        odoo.faults().inject(Fault.sessionExpired());
        JsonNode answer = rpc.answer("res.partner", "search", List.of(List.of()), null);
        assertEquals(100, answer.at("/error/code").asInt());
        assertEquals("Odoo Session Expired", answer.at("/error/message").asText());
        assertEquals("odoo.http.SessionExpiredException", answer.at("/error/data/name").asText());
        assertTrue(rpc.answer("res.partner", "search", List.of(List.of()), null).has("result"), "the fault fired once");
    }

    @Test
    void faultsMatchByCallIndexOccurrenceAndRepeat() throws Exception {
        odoo.faults().inject(Fault.httpStatus(503).onCall(2));
        assertTrue(rpc.answer("res.partner", "search", List.of(List.of()), null).has("result"));
        assertEquals(503, rpc.post(rpc.body("res.partner", "search", List.of(List.of()), null), Duration.ofSeconds(5)).statusCode());
        assertTrue(rpc.answer("res.partner", "search", List.of(List.of()), null).has("result"));

        odoo.faults().inject(Fault.httpStatus(502).on("res.partner", "read").occurrence(2));
        assertEquals(200, rpc.post(rpc.body("res.partner", "read", List.of(List.of(1)), null), Duration.ofSeconds(5)).statusCode());
        assertEquals(502, rpc.post(rpc.body("res.partner", "read", List.of(List.of(1)), null), Duration.ofSeconds(5)).statusCode());

        odoo.faults().inject(Fault.httpStatus(504).on("res.partner", "search_count").repeating());
        for (int i = 0; i < 3; i++) {
            assertEquals(504, rpc.post(rpc.body("res.partner", "search_count", List.of(List.of()), null), Duration.ofSeconds(5)).statusCode());
        }
        odoo.faults().clear();
        assertEquals(200, rpc.post(rpc.body("res.partner", "search_count", List.of(List.of()), null), Duration.ofSeconds(5)).statusCode());
    }
}
