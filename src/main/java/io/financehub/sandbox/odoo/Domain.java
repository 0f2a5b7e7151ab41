package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Odoo search domain (Polish notation: {@code &}, {@code |}, {@code !} and {@code [field, op, value]}
 * terms) compiled into a predicate over stored records, with Odoo's semantics for {@code False}, x2many
 * fields, dotted paths, {@code =?}, {@code child_of}/{@code parent_of} and {@code any}/{@code not any}.
 */
final class Domain {

    /** Gives the value of a field of a record as the ORM sees it (stored or computed). */
    interface Values {
        Object value(String model, Map<String, Object> record, String field);

        Map<String, Object> record(String model, long id);

        Collection<Map<String, Object>> all(String model);

        String displayName(String model, Map<String, Object> record);
    }

    interface Node {
        boolean test(Map<String, Object> record);
    }

    static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=", "=?", "like", "not like", "ilike",
            "not ilike", "=like", "=ilike", "in", "not in", "child_of", "parent_of", "any", "not any", "<>");

    private final Node root;
    private final long minId;
    private final long maxId;

    private Domain(Node root, long minId, long maxId) {
        this.root = root;
        this.minId = minId;
        this.maxId = maxId;
    }

    boolean test(Map<String, Object> record) {
        return root.test(record);
    }

    /** Smallest id a match can have, from top-level {@code id} terms (keyset paging). */
    long minId() {
        return minId;
    }

    /** Largest id a match can have, from top-level {@code id} terms. */
    long maxId() {
        return maxId;
    }

    static Domain compile(String model, JsonNode domain, Schema schema, Values values) {
        if (domain == null || domain.isNull() || (domain.isBoolean() && !domain.asBoolean())) {
            return new Domain(r -> true, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (!domain.isArray()) {
            throw OdooError.value("Invalid domain: " + PyRepr.of(domain));
        }
        Compiler c = new Compiler(model, schema, values);
        List<JsonNode> items = new ArrayList<>();
        domain.forEach(items::add);
        Deque<Node> stack = new ArrayDeque<>();
        long[] range = {Long.MIN_VALUE, Long.MAX_VALUE};
        // Polish notation is evaluated from the end; remember which terms are top-level conjuncts.
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if (item.isTextual()) {
                String op = item.asText();
                if ("!".equals(op)) {
                    Node a = pop(stack);
                    stack.push(r -> !a.test(r));
                } else if ("&".equals(op) || "|".equals(op)) {
                    Node a = pop(stack);
                    Node b = pop(stack);
                    stack.push("&".equals(op) ? r -> a.test(r) && b.test(r) : r -> a.test(r) || b.test(r));
                } else {
                    throw OdooError.value("Invalid leaf " + PyRepr.of(item));
                }
            } else if (item.isArray() && item.size() == 3) {
                stack.push(c.term(model, item));
            } else if (item.isBoolean() || item.isInt()) {
                boolean t = item.asBoolean() || item.asInt() == 1;
                stack.push(r -> t);
            } else {
                throw OdooError.value("Invalid leaf " + PyRepr.of(item));
            }
        }
        Node result = stack.isEmpty() ? r -> true : stack.pop();
        while (!stack.isEmpty()) {
            Node a = result;
            Node b = stack.pop();
            result = r -> a.test(r) && b.test(r);
        }
        if (isPureConjunction(items)) {
            for (JsonNode item : items) {
                narrow(item, range);
            }
        }
        return new Domain(result, range[0], range[1]);
    }

    private static boolean isPureConjunction(List<JsonNode> items) {
        for (JsonNode item : items) {
            if (item.isTextual() && !"&".equals(item.asText())) {
                return false;
            }
        }
        return true;
    }

    private static void narrow(JsonNode item, long[] range) {
        if (!item.isArray() || item.size() != 3 || !"id".equals(item.get(0).asText()) || !item.get(2).isNumber()) {
            return;
        }
        long v = item.get(2).asLong();
        switch (item.get(1).asText()) {
            case ">": range[0] = Math.max(range[0], v + 1); break;
            case ">=": range[0] = Math.max(range[0], v); break;
            case "<": range[1] = Math.min(range[1], v - 1); break;
            case "<=": range[1] = Math.min(range[1], v); break;
            case "=": range[0] = Math.max(range[0], v); range[1] = Math.min(range[1], v); break;
            default: break;
        }
    }

    private static Node pop(Deque<Node> stack) {
        if (stack.isEmpty()) {
            throw OdooError.value("Invalid domain: an operator lacks its operands");
        }
        return stack.pop();
    }

    private static final class Compiler {
        private final String rootModel;
        private final Schema schema;
        private final Values values;

        Compiler(String rootModel, Schema schema, Values values) {
            this.rootModel = rootModel;
            this.schema = schema;
            this.values = values;
        }

        Node term(String model, JsonNode leaf) {
            String path = leaf.get(0).asText();
            String op = leaf.get(1).asText().toLowerCase(Locale.ROOT);
            JsonNode value = leaf.get(2);
            if (!OPERATORS.contains(op)) {
                throw OdooError.value("Invalid leaf " + PyRepr.leaf(leaf));
            }
            if ("<>".equals(op)) {
                op = "!=";
            }
            String[] parts = path.split("\\.", 2);
            FieldDef field = schema.field(model, parts[0]);
            if (field == null) {
                throw OdooError.value("Invalid field " + model + "." + parts[0] + (schema.version() >= 19 ? " in condition " : " in leaf ") + PyRepr.leaf(leaf));
            }
            if ("=?".equals(op)) {
                if (value.isNull() || (value.isBoolean() && !value.asBoolean())) {
                    return r -> true;
                }
                op = "=";
            }
            if (parts.length == 2) {
                if (!field.isRelational()) {
                    throw OdooError.value("Invalid field " + model + "." + path + (schema.version() >= 19 ? " in condition " : " in leaf ") + PyRepr.leaf(leaf));
                }
                JsonNode sub = leaf.deepCopy();
                ((com.fasterxml.jackson.databind.node.ArrayNode) sub).set(0,
                        com.fasterxml.jackson.databind.node.TextNode.valueOf(parts[1]));
                Node inner = term(field.relation(), sub);
                String comodel = field.relation();
                String fname = field.name();
                boolean negative = op.startsWith("not ") || "!=".equals(op);
                return r -> {
                    List<Long> ids = ids(values.value(model, r, fname));
                    if (ids.isEmpty()) {
                        return negative && inner.test(Map.of());
                    }
                    for (Long id : ids) {
                        Map<String, Object> target = values.record(comodel, id);
                        if (target != null && inner.test(target)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            return leafNode(model, field, op, value, leaf);
        }

        private Node leafNode(String model, FieldDef field, String op, JsonNode value, JsonNode leaf) {
            String fname = field.name();
            if ("any".equals(op) || "not any".equals(op)) {
                if (!field.isRelational()) {
                    throw OdooError.value("Invalid leaf " + PyRepr.leaf(leaf));
                }
                Domain sub = Domain.compile(field.relation(), value, schema, values);
                boolean neg = "not any".equals(op);
                return r -> {
                    boolean found = false;
                    for (Long id : ids(values.value(model, r, fname))) {
                        Map<String, Object> target = values.record(field.relation(), id);
                        if (target != null && sub.test(target)) {
                            found = true;
                            break;
                        }
                    }
                    return neg != found;
                };
            }
            if ("child_of".equals(op) || "parent_of".equals(op)) {
                return hierarchy(model, field, op, value);
            }
            if ("json".equals(field.type())) {
                return jsonLeaf(model, fname, op, value);
            }
            if (field.isRelational() && (value.isTextual() || (value.isArray() && value.size() > 0
                    && value.get(0).isTextual())) && !"id".equals(fname)) {
                Set<Long> matching = matchByName(field.relation(), op, value);
                boolean negative = op.startsWith("not ") || "!=".equals(op);
                return r -> {
                    List<Long> ids = ids(values.value(model, r, fname));
                    boolean any = false;
                    for (Long id : ids) {
                        if (matching.contains(id)) {
                            any = true;
                            break;
                        }
                    }
                    return negative ? !any : any;
                };
            }
            if (field.isX2many()) {
                return x2manyLeaf(model, fname, op, value);
            }
            Object target = toJava(value);
            return r -> compare(field, values.value(model, r, fname), op, target);
        }

        private Set<Long> matchByName(String comodel, String op, JsonNode value) {
            String positive = op.startsWith("not ") ? op.substring(4) : "!=".equals(op) ? "=" : op;
            Set<Long> out = new HashSet<>();
            for (Map<String, Object> rec : values.all(comodel)) {
                String name = values.displayName(comodel, rec);
                boolean match;
                if (value.isArray()) {
                    match = false;
                    for (JsonNode v : value) {
                        match |= v.asText().equals(name);
                    }
                } else {
                    match = textMatch(positive, name, value.asText());
                }
                if (match) {
                    out.add(((Number) rec.get("id")).longValue());
                }
            }
            return out;
        }

        private Node hierarchy(String model, FieldDef field, String op, JsonNode value) {
            Set<Long> start = new HashSet<>();
            if (value.isArray()) {
                value.forEach(v -> start.add(v.asLong()));
            } else if (!value.isNull() && !value.isBoolean()) {
                start.add(value.asLong());
            }
            String comodel = field.isRelational() ? field.relation() : model;
            String parentField = schema.hasField(comodel, "parent_id") ? "parent_id" : null;
            Set<Long> closure = new HashSet<>(start);
            if (parentField != null) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (Map<String, Object> rec : values.all(comodel)) {
                        long id = ((Number) rec.get("id")).longValue();
                        Object parent = values.value(comodel, rec, parentField);
                        if ("child_of".equals(op)) {
                            if (!closure.contains(id) && parent instanceof Number && closure.contains(((Number) parent).longValue())) {
                                closure.add(id);
                                changed = true;
                            }
                        } else if (closure.contains(id) && parent instanceof Number && closure.add(((Number) parent).longValue())) {
                            changed = true;
                        }
                    }
                }
            }
            String fname = field.name();
            return r -> {
                for (Long id : ids(values.value(model, r, fname))) {
                    if (closure.contains(id)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Node jsonLeaf(String model, String fname, String op, JsonNode value) {
            // analytic_distribution: keys are analytic account ids, comma-joined across plans.
            Set<String> wanted = new HashSet<>();
            if (value.isArray()) {
                value.forEach(v -> wanted.add(v.asText()));
            } else if (!value.isNull() && !value.isBoolean()) {
                wanted.add(value.asText());
            }
            boolean isFalse = value.isNull() || (value.isBoolean() && !value.asBoolean());
            return r -> {
                Object v = values.value(model, r, fname);
                boolean empty = v == null || (v instanceof JsonNode && ((JsonNode) v).isEmpty());
                if (isFalse) {
                    return "=".equals(op) ? empty : !empty;
                }
                boolean hit = false;
                if (!empty && v instanceof JsonNode) {
                    var it = ((JsonNode) v).fieldNames();
                    while (it.hasNext() && !hit) {
                        for (String key : it.next().split(",")) {
                            if (wanted.contains(key.trim())) {
                                hit = true;
                            }
                        }
                    }
                }
                return op.startsWith("not ") || "!=".equals(op) ? !hit : hit;
            };
        }

        private Node x2manyLeaf(String model, String fname, String op, JsonNode value) {
            Object target = toJava(value);
            return r -> {
                List<Long> ids = ids(values.value(model, r, fname));
                switch (op) {
                    case "=":
                        return target == null ? ids.isEmpty() : ids.contains(asLong(target));
                    case "!=":
                        return target == null ? !ids.isEmpty() : !ids.contains(asLong(target));
                    case "in": {
                        for (Object t : (List<?>) target) {
                            if (t == null ? ids.isEmpty() : ids.contains(asLong(t))) {
                                return true;
                            }
                        }
                        return false;
                    }
                    case "not in": {
                        for (Object t : (List<?>) target) {
                            if (t != null && ids.contains(asLong(t))) {
                                return false;
                            }
                        }
                        return true;
                    }
                    default:
                        return false;
                }
            };
        }
    }

    static List<Long> ids(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Number) {
            return List.of(((Number) v).longValue());
        }
        if (v instanceof List) {
            List<Long> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(((Number) o).longValue());
            }
            return out;
        }
        return List.of();
    }

    private static Long asLong(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : null;
    }

    static Object toJava(JsonNode v) {
        if (v == null || v.isNull() || (v.isBoolean() && !v.asBoolean())) {
            return null;
        }
        if (v.isBoolean()) {
            return Boolean.TRUE;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(toJava(x)));
            return out;
        }
        return v.asText();
    }

    static boolean compare(FieldDef field, Object actual, String op, Object target) {
        boolean bool = "boolean".equals(field.type());
        if (bool) {
            actual = Boolean.TRUE.equals(actual) ? Boolean.TRUE : null;
        }
        switch (op) {
            case "=":
                return equal(actual, target, field);
            case "!=":
                return !equal(actual, target, field);
            case "in":
            case "not in": {
                boolean hit = false;
                if (target instanceof List) {
                    for (Object t : (List<?>) target) {
                        if (equal(actual, bool && Boolean.FALSE.equals(t) ? null : t, field)) {
                            hit = true;
                            break;
                        }
                    }
                } else {
                    hit = equal(actual, target, field);
                }
                return "in".equals(op) == hit;
            }
            case "<":
            case "<=":
            case ">":
            case ">=": {
                if (actual == null || target == null) {
                    return false;
                }
                int c = order(actual, target);
                return "<".equals(op) ? c < 0 : "<=".equals(op) ? c <= 0 : ">".equals(op) ? c > 0 : c >= 0;
            }
            case "like":
            case "ilike":
            case "=like":
            case "=ilike":
                return actual != null && textMatch(op, String.valueOf(actual), target == null ? "" : String.valueOf(target));
            case "not like":
            case "not ilike":
                return actual == null || !textMatch(op.substring(4), String.valueOf(actual), target == null ? "" : String.valueOf(target));
            default:
                return false;
        }
    }

    private static boolean equal(Object actual, Object target, FieldDef field) {
        if (target == null) {
            return actual == null;
        }
        if (actual == null) {
            return false;
        }
        if (actual instanceof Number && target instanceof Number) {
            return ((Number) actual).doubleValue() == ((Number) target).doubleValue();
        }
        return String.valueOf(actual).equals(String.valueOf(target));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int order(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    static boolean textMatch(String op, String actual, String pattern) {
        boolean ci = op.contains("ilike");
        String p = "=like".equals(op) || "=ilike".equals(op) ? pattern : "%" + pattern + "%";
        StringBuilder regex = new StringBuilder();
        for (char ch : p.toCharArray()) {
            if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        if ("=".equals(op)) {
            return actual.equals(pattern);
        }
        Pattern compiled = Pattern.compile(regex.toString(), ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL : Pattern.DOTALL);
        return compiled.matcher(actual).matches();
    }
}
