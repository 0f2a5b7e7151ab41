package io.financehub.odoo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where Odoo's JSON values become Java values and back.
 *
 * <p>Odoo writes an empty value as {@code false} for every field type (dates, chars, many2one): reads turn it into
 * {@link Optional#empty()}. Monetary fields are JSON floats: they become {@link BigDecimal} through their decimal
 * string form (never through {@code double} arithmetic) and are rounded half-up to the currency's decimals.
 * Dates are {@code yyyy-MM-dd}; datetimes are UTC {@code yyyy-MM-dd HH:mm:ss}.
 */
public final class OdooValues {

    /** Odoo's datetime format; Odoo stores and answers datetimes in UTC without a zone suffix. */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * The mapper for Odoo JSON: floats read as BigDecimal (no binary rounding), integers as long, and plain Java
     * (List/Map/Long/BigDecimal/Boolean/String) when converting results for routes.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .findAndAddModules()
            .build();

    private static final JsonNodeFactory EXACT = JsonNodeFactory.withExactBigDecimals(true);

    private OdooValues() {
    }

    /** True when Odoo's answer means "no value": absent, JSON null or {@code false}. */
    public static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isBoolean() && !value.asBoolean());
    }

    public static Optional<String> string(JsonNode value) {
        return isEmpty(value) ? Optional.empty() : Optional.of(value.asText());
    }

    /** A many2one read as {@code [id, name]} (or a bare id with {@code load=None}). */
    public static Optional<Many2One> many2One(JsonNode value) {
        if (isEmpty(value)) {
            return Optional.empty();
        }
        if (value.isArray() && value.size() == 2 && value.get(0).canConvertToLong()) {
            return Optional.of(new Many2One(value.get(0).asLong(), value.get(1).isTextual() ? value.get(1).asText() : ""));
        }
        if (value.isIntegralNumber()) {
            return Optional.of(new Many2One(value.asLong(), ""));
        }
        throw new IllegalArgumentException("Not a many2one value (expected [id, name] or false): " + value);
    }

    /** The id of a many2one, or empty. */
    public static Optional<Long> many2OneId(JsonNode value) {
        return many2One(value).map(Many2One::id);
    }

    /** The ids of a one2many/many2many value ({@code [1, 2, 3]}; {@code false} or {@code []} give an empty list). */
    public static List<Long> ids(JsonNode value) {
        if (isEmpty(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("Not a list of ids: " + value);
        }
        List<Long> ids = new ArrayList<>(value.size());
        for (JsonNode id : value) {
            if (!id.canConvertToLong()) {
                throw new IllegalArgumentException("Not a record id: " + id + " in " + value);
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    /**
     * A monetary value rounded half-up to the currency's decimals (2 for EUR/USD, 0 for JPY, 3 for KWD).
     * {@code false} is absence, not zero: Odoo uses it for unset monetary fields.
     */
    public static Optional<BigDecimal> money(JsonNode value, int currencyDecimals) {
        return decimal(value).map(amount -> amount.setScale(currencyDecimals, RoundingMode.HALF_UP));
    }

    /** A float as BigDecimal from its decimal text (so 0.1 stays 0.1), without rounding. */
    public static Optional<BigDecimal> decimal(JsonNode value) {
        if (isEmpty(value)) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(value.isBigDecimal() ? value.decimalValue() : new BigDecimal(value.asText()));
        }
        if (value.isTextual()) {
            try {
                return Optional.of(new BigDecimal(value.asText().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a number: '" + value.asText() + "'", e);
            }
        }
        throw new IllegalArgumentException("Not a number: " + value);
    }

    public static Optional<LocalDate> date(JsonNode value) {
        if (isEmpty(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an Odoo date (yyyy-MM-dd): '" + value.asText() + "'", e);
        }
    }

    /** An Odoo datetime, which is always UTC. */
    public static Optional<Instant> dateTime(JsonNode value) {
        if (isEmpty(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.asText(), DATETIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an Odoo datetime (UTC yyyy-MM-dd HH:mm:ss): '" + value.asText() + "'", e);
        }
    }

    public static boolean bool(JsonNode value) {
        return !isEmpty(value) && value.asBoolean();
    }

    // ---- writes

    public static String formatDate(LocalDate date) {
        return date.toString();
    }

    /** UTC, second precision, as Odoo stores datetimes. */
    public static String formatDateTime(Instant instant) {
        return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * A Java value in Odoo's JSON form: {@code null}/{@link Optional#empty()} as {@code false}, dates and instants
     * as Odoo strings, {@link BigDecimal} as an exact JSON number, {@link Many2One} as its id, collections as lists.
     */
    public static JsonNode toOdooJson(Object value) {
        if (value == null) {
            return BooleanNode.FALSE;
        }
        if (value instanceof JsonNode) {
            return (JsonNode) value;
        }
        if (value instanceof Optional) {
            return toOdooJson(((Optional<?>) value).orElse(null));
        }
        if (value instanceof BigDecimal) {
            return EXACT.numberNode((BigDecimal) value); // as given: 10.10 stays 10.10
        }
        if (value instanceof LocalDate) {
            return JsonNodeFactory.instance.textNode(formatDate((LocalDate) value));
        }
        if (value instanceof Instant) {
            return JsonNodeFactory.instance.textNode(formatDateTime((Instant) value));
        }
        if (value instanceof Many2One) {
            return JsonNodeFactory.instance.numberNode(((Many2One) value).id());
        }
        if (value instanceof Domain) {
            return ((Domain) value).toJson();
        }
        if (value instanceof OdooContext) {
            return ((OdooContext) value).toJson();
        }
        if (value instanceof Collection) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (Object item : (Collection<?>) value) {
                array.add(toOdooJson(item));
            }
            return array;
        }
        if (value instanceof Map) {
            var object = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                object.set(String.valueOf(entry.getKey()), toOdooJson(entry.getValue()));
            }
            return object;
        }
        return JSON.valueToTree(value);
    }

    /** Plain Java (List, Map, Long, BigDecimal, Boolean, String; {@code null} for JSON null) from Odoo JSON. */
    public static Object toJava(JsonNode value) {
        return value == null || value.isMissingNode() ? null : JSON.convertValue(value, Object.class);
    }

    // ---- x2many command triples

    /** {@code [0, 0, vals]}: create a new related record with these values. */
    public static List<Object> createCommand(Map<String, ?> values) {
        return List.of(0, 0, values);
    }

    /** {@code [6, 0, ids]}: replace the relation by exactly these ids. */
    public static List<Object> replaceCommand(Collection<Long> ids) {
        return List.of(6, 0, List.copyOf(ids));
    }

    /** {@code [4, id, 0]}: link an existing record. */
    public static List<Object> linkCommand(long id) {
        return List.of(4, id, 0);
    }

    /** {@code [3, id, 0]}: unlink a record from the relation without deleting it. */
    public static List<Object> unlinkCommand(long id) {
        return List.of(3, id, 0);
    }
}
