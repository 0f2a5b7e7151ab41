package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed flags and seed validation. */
class SeedFlagsTest {

    private static ByteArrayInputStream json(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void uniqueImportIdExistsOnlyWithTheSeedFlagAndIsUnique() throws Exception {
        try (OdooEmulator plain = OdooEmulator.builder().version(17).database("x").start()) {
            JsonNode fields = new RawJsonRpc(plain, 2, "admin").call("account.bank.statement.line", "fields_get",
                    List.of(), Map.of("attributes", List.of("type")));
            assertFalse(fields.has("unique_import_id"), "Community account has no unique_import_id");
        }
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("x")
                .seed(json("{\"flags\":{\"unique_import_id\":true}}")).start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            assertTrue(rpc.call("account.bank.statement.line", "fields_get", List.of(), Map.of("attributes", List.of("type")))
                    .has("unique_import_id"));
            Map<String, Object> line = Map.of("journal_id", 6, "date", "2026-11-01", "payment_ref", "x", "amount", 5.0,
                    "unique_import_id", "CAMT-2026-11-01-0001");
            rpc.call("account.bank.statement.line", "create", List.of(line), null);
            JsonNode duplicate = rpc.answer("account.bank.statement.line", "create", List.of(line), null);
            assertEquals("odoo.exceptions.ValidationError", duplicate.at("/error/data/name").asText());
            assertEquals(1, odoo.store().search("account.bank.statement.line", "[[\"unique_import_id\",\"=\",\"CAMT-2026-11-01-0001\"]]").size());
        }
    }

    @Test
    void aSeedWithAnUnknownReferenceFailsWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OdooEmulator.builder().version(17)
                .seed(json("{\"records\":{\"res.partner\":[{\"name\":\"X\",\"parent_id\":\"ref:demo.missing\"}]}}")).start());
        assertTrue(e.getMessage().contains("ref:demo.missing"), e.getMessage());
        assertTrue(e.getMessage().contains("README"), e.getMessage());
    }
}
