package io.financehub.sandbox.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The emulator takes its time as real Odoo does (recordings {@code speed/}, {@code commit-after-giveup/} and
 * {@code duplicates/} from real 16-19 servers): a write's effect is invisible until it commits, it commits after its
 * client gave up, the request limit rolls it back, and overlapping creates in an empty journal clash on 16 and 17.
 */
class RealOdooTimingTest {

    /** Journal 6 is the template's empty bank journal. */
    private static final long BANK_JOURNAL = 6;

    /** A quick cost model for tests: 0.1 s per call, 20 ms per created record. */
    private static final Speed SLOW = new Speed(Duration.ofMillis(10), Duration.ofMillis(90), Duration.ofMillis(20), Duration.ofMillis(10), 0);

    static Map<String, Object> statement(String reference, int lines) {
        List<Object> commands = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            commands.add(List.of(0, 0, Map.of("journal_id", BANK_JOURNAL, "date", "2026-11-03", "payment_ref", reference + " " + i,
                    "amount", 10.0)));
        }
        return Map.of("name", reference, "reference", reference, "journal_id", BANK_JOURNAL, "line_ids", commands);
    }

    static JsonNode search(RawJsonRpc rpc, String reference) throws Exception {
        return rpc.call("account.bank.statement", "search", List.of(List.of(List.of("reference", "=", reference))), null);
    }

    @Test
    void aCreateIsInvisibleUntilItCommitsAndCommitsAfterItsClientGaveUp() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).start()) {
            odoo.speed(SLOW);
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            // 100 lines: about 2.1 s; the client gives up after 0.5 s
            assertThrows(HttpTimeoutException.class, () -> rpc.post(rpc.body("account.bank.statement", "create",
                    List.of(statement("GIVEUP", 100)), null), Duration.ofMillis(500)));
            assertEquals(0, search(rpc, "GIVEUP").size(), "a look-up while Odoo still works on the create finds nothing");
            Thread.sleep(2500);
            assertEquals(1, search(rpc, "GIVEUP").size(), "Odoo committed it after the client had left");
            assertEquals(0, odoo.requestsInProgress());
        }
    }

    @Test
    void aCreateLongerThanTheRequestLimitIsRolledBackAndItsConnectionClosed() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).requestLimit(Duration.ofSeconds(1)).start()) {
            odoo.speed(SLOW);
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            assertThrows(java.io.IOException.class, () -> rpc.post(rpc.body("account.bank.statement", "create",
                    List.of(statement("KILLED", 100)), null), Duration.ofSeconds(10)), "closed without an answer");
            assertEquals(0, search(rpc, "KILLED").size(), "rolled back");
            assertEquals("killed_by_request_limit", odoo.journal().calls("account.bank.statement", "create").get(0).outcome());
        }
    }

    /** Two identical creates, the second sent while the first still runs, in the empty bank journal. */
    static List<JsonNode> overlappingCreates(OdooEmulator odoo) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> new RawJsonRpc(odoo, 2, "admin").answer("account.bank.statement", "create",
                        List.of(statement("TWICE", 50)), null)));
                Thread.sleep(300);
            }
            List<JsonNode> out = new ArrayList<>();
            for (Future<JsonNode> f : answers) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void overlappingCreatesInAnEmptyJournalClashOnOdoo17AsRecorded() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).start()) {
            odoo.speed(SLOW);
            List<JsonNode> answers = overlappingCreates(odoo);
            assertTrue(answers.get(0).has("result"), answers.get(0).toString());
            assertEquals("odoo.exceptions.ValidationError", answers.get(1).at("/error/data/name").asText(), answers.get(1).toString());
            assertEquals("The operation cannot be completed: Another entry with the same name already exists.",
                    answers.get(1).at("/error/data/message").asText());
            assertEquals(1, search(new RawJsonRpc(odoo, 2, "admin"), "TWICE").size(), "one statement kept");

            // with entries in the journal the later create waits for the next numbers: both are stored
            overlappingCreates(odoo).forEach(a -> assertTrue(a.has("result"), a.toString()));
            assertEquals(3, search(new RawJsonRpc(odoo, 2, "admin"), "TWICE").size());
        }
    }

    @Test
    void overlappingCreatesInAnEmptyJournalAreBothStoredOnOdoo18AsRecorded() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).start()) {
            odoo.speed(SLOW);
            overlappingCreates(odoo).forEach(a -> assertTrue(a.has("result"), a.toString()));
            assertEquals(2, search(new RawJsonRpc(odoo, 2, "admin"), "TWICE").size());
        }
    }
}
