package io.financehub.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An Odoo search domain, built as a tree and written in Odoo's prefix (Polish) notation:
 * {@code Domain.and(Domain.term("state", "=", "posted"), Domain.or(Domain.term("a", ">", 1), Domain.term("b", "=", false)))}
 * becomes {@code ["&", ["state","=","posted"], "|", ["a",">",1], ["b","=",false]]}.
 *
 * <p>Values are written as Odoo expects them: {@code null} as {@code false}, {@link java.time.LocalDate} as
 * {@code "yyyy-MM-dd"}, {@link java.time.Instant} as a UTC {@code "yyyy-MM-dd HH:mm:ss"}, collections as lists.
 * Immutable and thread-safe.
 */
public abstract class Domain {

    /** The operators Odoo 16-19 accept in a term ({@code any}/{@code not any} from 17). */
    public static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=", "=?", "like", "not like",
            "ilike", "not ilike", "=like", "=ilike", "in", "not in", "child_of", "parent_of", "any", "not any");

    private static final Domain ALL = new All();

    Domain() {
    }

    /** The domain that matches every record ({@code []}). */
    public static Domain all() {
        return ALL;
    }

    /** One term {@code [field, operator, value]}; the operator must be one Odoo knows. */
    public static Domain term(String field, String operator, Object value) {
        return new Term(field, operator, value);
    }

    public static Domain eq(String field, Object value) {
        return term(field, "=", value);
    }

    public static Domain in(String field, Collection<?> values) {
        return term(field, "in", List.copyOf(values));
    }

    public static Domain and(Domain... parts) {
        return and(Arrays.asList(parts));
    }

    public static Domain and(List<Domain> parts) {
        List<Domain> kept = new ArrayList<>();
        for (Domain part : parts) {
            Objects.requireNonNull(part, "domain part");
            if (part instanceof All) {
                continue; // neutral element of AND
            }
            if (part instanceof Junction && ((Junction) part).operator.equals("&")) {
                kept.addAll(((Junction) part).parts);
            } else {
                kept.add(part);
            }
        }
        if (kept.isEmpty()) {
            return ALL;
        }
        return kept.size() == 1 ? kept.get(0) : new Junction("&", kept);
    }

    public static Domain or(Domain... parts) {
        return or(Arrays.asList(parts));
    }

    public static Domain or(List<Domain> parts) {
        List<Domain> kept = new ArrayList<>();
        for (Domain part : parts) {
            Objects.requireNonNull(part, "domain part");
            if (part instanceof All) {
                return ALL; // absorbing element of OR
            }
            if (part instanceof Junction && ((Junction) part).operator.equals("|")) {
                kept.addAll(((Junction) part).parts);
            } else {
                kept.add(part);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("Domain.or needs at least one part");
        }
        return kept.size() == 1 ? kept.get(0) : new Junction("|", kept);
    }

    public static Domain not(Domain part) {
        if (part instanceof All) {
            throw new IllegalArgumentException("Domain.not(all()) would match nothing; use an empty id list instead");
        }
        return new Not(part);
    }

    /** This domain AND another one. */
    public Domain and(Domain other) {
        return and(this, other);
    }

    /**
     * Reads a domain in Odoo's JSON form (as found in a route's YAML or a recording), validating its structure:
     * operators with the right number of operands and well-formed terms.
     */
    public static Domain fromJson(JsonNode json) {
        if (json == null || json.isNull() || (json.isArray() && json.isEmpty())) {
            return ALL;
        }
        if (!json.isArray()) {
            throw new IllegalArgumentException("An Odoo domain is a JSON list, got: " + json.getNodeType());
        }
        List<Domain> expressions = new ArrayList<>();
        int[] position = {0};
        while (position[0] < json.size()) {
            expressions.add(parse(json, position));
        }
        return and(expressions);
    }

    private static Domain parse(JsonNode json, int[] position) {
        if (position[0] >= json.size()) {
            throw new IllegalArgumentException("Odoo domain ends in the middle of an expression: " + json);
        }
        JsonNode element = json.get(position[0]++);
        if (element.isTextual()) {
            switch (element.asText()) {
                case "&":
                    return and(parse(json, position), parse(json, position));
                case "|":
                    return or(parse(json, position), parse(json, position));
                case "!":
                    return not(parse(json, position));
                default:
                    throw new IllegalArgumentException("Unknown domain operator '" + element.asText()
                            + "' at position " + (position[0] - 1) + "; expected '&', '|', '!' or a term");
            }
        }
        if (element.isArray() && element.size() == 3 && element.get(0).isTextual() && element.get(1).isTextual()) {
            return new Term(element.get(0).asText(), element.get(1).asText(),
                    OdooValues.JSON.convertValue(element.get(2), Object.class));
        }
        if (element.isArray() && element.size() == 3 && element.get(0).isNumber()) {
            return ALL; // Odoo's TRUE_LEAF (1, '=', 1) / FALSE_LEAF are only produced by Odoo itself
        }
        throw new IllegalArgumentException("Malformed domain term at position " + (position[0] - 1)
                + ": " + element + "; expected [field, operator, value]");
    }

    /** The domain in Odoo's JSON (prefix notation). */
    public ArrayNode toJson() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        write(out);
        return out;
    }

    abstract void write(ArrayNode out);

    @Override
    public String toString() {
        return toJson().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Domain && toJson().equals(((Domain) other).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    private static final class All extends Domain {
        @Override
        void write(ArrayNode out) {
            // an empty domain; inside a junction it is removed by and()/or()
        }
    }

    private static final class Term extends Domain {
        private final String field;
        private final String operator;
        private final Object value;

        Term(String field, String operator, Object value) {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("A domain term needs a field name");
            }
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("Unknown domain operator '" + operator + "' in term on '" + field
                        + "'; use one of " + OPERATORS);
            }
            this.field = field;
            this.operator = operator;
            this.value = value;
        }

        @Override
        void write(ArrayNode out) {
            ArrayNode term = out.addArray();
            term.add(field).add(operator).add(OdooValues.toOdooJson(value));
        }
    }

    private static final class Junction extends Domain {
        private final String operator;
        private final List<Domain> parts;

        Junction(String operator, List<Domain> parts) {
            this.operator = operator;
            this.parts = List.copyOf(parts);
        }

        @Override
        void write(ArrayNode out) {
            for (int i = 1; i < parts.size(); i++) {
                out.add(operator);
            }
            for (Domain part : parts) {
                part.write(out);
            }
        }
    }

    private static final class Not extends Domain {
        private final Domain part;

        Not(Domain part) {
            this.part = part;
        }

        @Override
        void write(ArrayNode out) {
            out.add("!");
            part.write(out);
        }
    }
}
