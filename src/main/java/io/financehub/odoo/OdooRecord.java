package io.financehub.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One record as Odoo read it, with typed accessors that apply {@link OdooValues}' conversions
 * ({@code false} as absence, many2one pairs, money by currency decimals, UTC datetimes).
 */
public final class OdooRecord {

    private final ObjectNode json;

    public OdooRecord(ObjectNode json) {
        this.json = json;
    }

    public long id() {
        JsonNode id = json.get("id");
        if (id == null || !id.canConvertToLong()) {
            throw new IllegalStateException("Odoo record without an id: fields " + fieldNames());
        }
        return id.asLong();
    }

    public boolean has(String field) {
        return json.has(field);
    }

    /** The raw JSON value; a field absent from the read is an error, so typos do not read as "empty". */
    public JsonNode raw(String field) {
        JsonNode value = json.get(field);
        if (value == null) {
            throw new IllegalArgumentException("Field '" + field + "' was not read; fields present: " + fieldNames());
        }
        return value;
    }

    public Optional<String> string(String field) {
        return OdooValues.string(raw(field));
    }

    public Optional<Many2One> many2One(String field) {
        return OdooValues.many2One(raw(field));
    }

    public List<Long> ids(String field) {
        return OdooValues.ids(raw(field));
    }

    public Optional<BigDecimal> money(String field, int currencyDecimals) {
        return OdooValues.money(raw(field), currencyDecimals);
    }

    public Optional<BigDecimal> decimal(String field) {
        return OdooValues.decimal(raw(field));
    }

    public Optional<LocalDate> date(String field) {
        return OdooValues.date(raw(field));
    }

    public Optional<Instant> dateTime(String field) {
        return OdooValues.dateTime(raw(field));
    }

    public boolean bool(String field) {
        return OdooValues.bool(raw(field));
    }

    public ObjectNode json() {
        return json.deepCopy();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return (Map<String, Object>) OdooValues.toJava(json);
    }

    private List<String> fieldNames() {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public String toString() {
        // Field values may be account numbers: only the shape is printed.
        return "OdooRecord[id=" + (json.has("id") ? json.get("id") : "?") + ", fields=" + fieldNames() + "]";
    }
}
