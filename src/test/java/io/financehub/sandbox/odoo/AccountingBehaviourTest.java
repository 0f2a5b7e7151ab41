package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Journal entry life cycle, statement computations and order buttons, beyond what the recordings exercise. */
class AccountingBehaviourTest {

    @Test
    void entryGoesDraftPostedDraftCancelAndItsItemsFollowTheState() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("moves").start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            long move = rpc.call("account.move", "create", List.of(Map.of("move_type", "entry", "journal_id", 3, "date", "2026-11-02",
                    "ref", "LIFECYCLE", "line_ids", List.of(
                            List.of(0, 0, Map.of("account_id", 30, "name", "Costs", "debit", 120.0, "analytic_distribution", Map.of())),
                            List.of(0, 0, Map.of("account_id", 14, "name", "Costs", "credit", 120.0))))), null).asLong();
            assertEquals(false, rpc.call("account.move", "action_post", List.of(List.of(move)), null).asBoolean());
            assertEquals(2, odoo.store().search("account.move.line", "[[\"move_id\",\"=\"," + move + "],[\"parent_state\",\"=\",\"posted\"]]").size());

            JsonNode unlink = rpc.answer("account.move", "unlink", List.of(List.of(move)), null);
            assertEquals("odoo.exceptions.UserError", unlink.at("/error/data/name").asText());

            assertTrue(rpc.answer("account.move", "button_draft", List.of(List.of(move)), null).path("result").isMissingNode(),
                    "button_draft returns None: no result key");
            assertEquals("draft", rpc.call("account.move", "read", List.of(List.of(move)), Map.of("fields", List.of("state"))).get(0).get("state").asText());
            rpc.answer("account.move", "button_cancel", List.of(List.of(move)), null);
            assertEquals(2, odoo.store().search("account.move.line", "[[\"move_id\",\"=\"," + move + "],[\"parent_state\",\"=\",\"cancel\"]]").size());
            assertTrue(rpc.call("account.move", "unlink", List.of(List.of(move)), null).asBoolean(), "a cancelled entry can be deleted");
            assertTrue(odoo.store().search("account.move.line", "[[\"move_id\",\"=\"," + move + "]]").isEmpty());
        }
    }

    /** Odoo's buttons read the order first: on an id that does not exist each answers MissingError, naming the record. */
    @Test
    void aButtonOnAPurchaseOrderThatDoesNotExistIsOdoosMissingError() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("orders").start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            for (String button : List.of("button_confirm", "button_approve", "button_cancel", "button_draft")) {
                JsonNode answer = rpc.answer("purchase.order", button, List.of(List.of(987654)), null);
                assertEquals("odoo.exceptions.MissingError", answer.at("/error/data/name").asText(), button + ": " + answer);
                assertTrue(answer.at("/error/data/message").asText().contains("purchase.order(987654,)"), button + ": " + answer);
            }
        }
    }

    @Test
    void statementBalanceAndCompletenessFollowItsLines() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).database("statements").start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            long statement = rpc.call("account.bank.statement", "create", List.of(Map.of("name", "2026-11 #7", "balance_start", 100.0,
                    "balance_end_real", 130.5, "line_ids", List.of(
                            List.of(0, 0, Map.of("journal_id", 6, "date", "2026-11-03", "payment_ref", "in", "amount", 50.5)),
                            List.of(0, 0, Map.of("journal_id", 6, "date", "2026-11-04", "payment_ref", "out", "amount", -20.0))))), null).asLong();
            JsonNode s = rpc.call("account.bank.statement", "read", List.of(List.of(statement)),
                    Map.of("fields", List.of("balance_end", "is_complete", "date", "journal_id", "line_ids"))).get(0);
            assertEquals(130.5, s.get("balance_end").asDouble());
            assertTrue(s.get("is_complete").asBoolean());
            assertEquals("2026-11-04", s.get("date").asText());
            assertEquals(6, s.get("journal_id").get(0).asInt());
            assertTrue(s.get("line_ids").get(0).asLong() > s.get("line_ids").get(1).asLong(), "newest line first");
        }
    }
}
