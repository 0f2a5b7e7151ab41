package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OdooValuesTest {

    private static JsonNode json(String text) throws Exception {
        return OdooValues.JSON.readTree(text);
    }

    @Test
    void falseIsAbsenceForEveryType() throws Exception {
        JsonNode no = json("false");
        assertEquals(Optional.empty(), OdooValues.string(no));
        assertEquals(Optional.empty(), OdooValues.many2One(no));
        assertEquals(Optional.empty(), OdooValues.date(no));
        assertEquals(Optional.empty(), OdooValues.dateTime(no));
        assertEquals(Optional.empty(), OdooValues.money(no, 2));
        assertEquals(List.of(), OdooValues.ids(no));
    }

    @Test
    void many2OnePairBecomesIdAndName() throws Exception {
        assertEquals(Optional.of(new Many2One(7, "Bank")), OdooValues.many2One(json("[7, \"Bank\"]")));
        assertEquals(Optional.of(new Many2One(7, "")), OdooValues.many2One(json("7")));
    }

    @Test
    void floatsBecomeExactDecimalsRoundedToTheCurrency() throws Exception {
        // 1234.565 is not representable in binary: the string form keeps it, HALF_UP rounds it as a person would
        assertEquals(new BigDecimal("1234.57"), OdooValues.money(json("1234.565"), 2).orElseThrow());
        assertEquals(new BigDecimal("0.30"), OdooValues.money(json("0.30000000000000004"), 2).orElseThrow());
        assertEquals(new BigDecimal("1235"), OdooValues.money(json("1234.5"), 0).orElseThrow());
        assertEquals(new BigDecimal("-12.346"), OdooValues.money(json("-12.3456"), 3).orElseThrow());
    }

    @Test
    void datesAndUtcDatetimesRoundTrip() throws Exception {
        assertEquals(LocalDate.of(2024, 7, 10), OdooValues.date(json("\"2024-07-10\"")).orElseThrow());
        Instant instant = OdooValues.dateTime(json("\"2026-11-22 07:05:09\"")).orElseThrow();
        assertEquals(Instant.parse("2026-11-22T07:05:09Z"), instant);
        assertEquals("2026-11-22 07:05:09", OdooValues.formatDateTime(instant));
    }

    @Test
    void writesUseOdooFormsAndCommandTriples() {
        JsonNode vals = OdooValues.toOdooJson(Map.of(
                "line_ids", List.of(OdooValues.createCommand(Map.of("amount", new BigDecimal("10.10")))),
                "tag_ids", OdooValues.replaceCommand(List.of(1L, 2L)),
                "date", LocalDate.of(2024, 7, 1),
                "partner_id", Optional.empty()));
        assertEquals("[[0,0,{\"amount\":10.10}]]", vals.get("line_ids").toString());
        assertEquals("[6,0,[1,2]]", vals.get("tag_ids").toString());
        assertEquals("\"2024-07-01\"", vals.get("date").toString());
        assertFalse(vals.get("partner_id").asBoolean());
        assertEquals("[4,9,0]", OdooValues.toOdooJson(OdooValues.linkCommand(9)).toString());
    }

    @Test
    void resultsForRoutesKeepDecimalsExact() throws Exception {
        Object java = OdooValues.toJava(json("{\"amount\": 0.1, \"id\": 3}"));
        assertTrue(java instanceof Map);
        assertEquals(new BigDecimal("0.1"), ((Map<?, ?>) java).get("amount"));
        assertEquals(3L, ((Map<?, ?>) java).get("id"));
    }
}
