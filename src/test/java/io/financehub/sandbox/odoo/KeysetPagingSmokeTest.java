package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Smoke test for benchmark sizes: keyset paging ({@code id > last}, order {@code id}) over 1,000,000
 * journal items completes with complete pages, and one create of 1,000 statement lines is one call.
 * Time is deliberately not asserted.
 */
class KeysetPagingSmokeTest {

    private static final int LINES = 1_000_000;
    private static final int PAGE = 5_000;

    @Test
    void keysetPagingOverAMillionJournalItemsReturnsCompletePages() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("bench").start()) {
            long move = odoo.store().create("account.move", Map.of("move_type", "entry", "journal_id", 3, "date", "2026-11-01",
                    "ref", "BENCH"));
            Store store = odoo.orm().store;
            odoo.lock.lock();
            try {
                // bulk load through the store: a million ORM creates would only measure the loader
                for (int i = 0; i < LINES; i++) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("move_id", move);
                    line.put("account_id", 1L);
                    line.put("debit", i % 2 == 0 ? 10.0 : 0.0);
                    line.put("credit", i % 2 == 0 ? 0.0 : 10.0);
                    store.insert("account.move.line", store.nextId("account.move.line"), line);
                }
            } finally {
                odoo.lock.unlock();
            }
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            rpc.call("account.move", "action_post", List.of(List.of(move)), null);

            long last = 0;
            int pages = 0;
            long seen = 0;
            while (true) {
                JsonNode page = rpc.call("account.move.line", "search_read",
                        List.of(List.of(List.of("id", ">", last), List.of("parent_state", "=", "posted"))),
                        Map.of("fields", List.of("id", "debit", "credit"), "limit", PAGE, "order", "id"));
                if (page.isEmpty()) {
                    break;
                }
                pages++;
                for (JsonNode row : page) {
                    assertEquals(last + 1, row.get("id").asLong(), "keyset pages are contiguous");
                    last = row.get("id").asLong();
                }
                seen += page.size();
                if (seen < LINES) {
                    assertEquals(PAGE, page.size(), "every page but the last is full");
                }
            }
            assertEquals(LINES, seen);
            assertEquals(LINES / PAGE, pages);
        }
    }

    @Test
    void thousandStatementLinesAreCreatedInOneCall() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).database("bench").start()) {
            List<Map<String, Object>> lines = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                lines.add(Map.of("journal_id", 6, "date", "2026-11-02", "payment_ref", "Line " + i, "amount", i % 2 == 0 ? 12.5 : -7.25));
            }
            JsonNode ids = new RawJsonRpc(odoo, 2, "admin").call("account.bank.statement.line", "create", List.of(lines), null);
            assertEquals(1000, ids.size());
            assertEquals(1000, odoo.store().search("account.move", "[[\"statement_line_id\",\"!=\",false]]").size());
            assertEquals(1000, odoo.journal().calls().size() * 1000, "one call for a thousand lines");
        }
    }
}
