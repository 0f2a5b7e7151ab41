package io.financehub.sandbox.odoo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal records every call with its arguments, caller and outcome, and resets with the emulator. */
class CallJournalTest {

    @Test
    void journalRecordsCallsWithCallerArgumentsAndOutcome() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).database("journal").start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            long id = rpc.call("res.partner", "create", List.of(Map.of("name", "Journal GmbH")), null).asLong();
            rpc.answer("res.partner", "write", List.of(List.of(999999), Map.of("name", "x")), null);
            rpc.call("res.partner", "read", List.of(List.of(id)), Map.of("fields", List.of("name")));

            List<RecordedCall> calls = odoo.journal().calls();
            assertEquals(3, calls.size());
            RecordedCall create = odoo.journal().calls("res.partner", "create").get(0);
            assertEquals("jsonrpc", create.protocol());
            assertEquals("object", create.service());
            assertEquals(2L, create.uid());
            assertEquals("admin", create.login());
            assertEquals("ok", create.outcome());
            assertEquals("Journal GmbH", create.args().get(0).get("name").asText());
            assertTrue(create.isWrite());
            assertEquals("odoo.exceptions.MissingError", odoo.journal().calls("res.partner", "write").get(0).outcome());
            assertFalse(odoo.journal().calls("res.partner", "read").get(0).isWrite());
            assertTrue(calls.get(0).index() < calls.get(1).index());

            odoo.reset();
            assertEquals(0, odoo.journal().calls().size());
            assertTrue(odoo.store().record("res.partner", id).isEmpty(), "reset reloads the seed");
        }
    }

    @Test
    void journalKeepsOnlyTheMostRecentCallsUpToItsCapacity() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("journal").journalCapacity(3).start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            for (int i = 0; i < 5; i++) {
                rpc.call("res.partner", "search_count", List.of(List.of()), null);
            }
            List<RecordedCall> calls = odoo.journal().calls();
            assertEquals(3, calls.size());
            assertEquals(5, calls.get(2).index());
        }
    }
}
