package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds the positional {@code args} and keyword {@code kwargs} of an RPC call to parameter names, like Python. */
final class Params {
    private final Map<String, JsonNode> values = new LinkedHashMap<>();

    static Params bind(ArrayNode args, int skip, ObjectNode kwargs, List<String> names) {
        Params p = new Params();
        for (int i = skip; i < args.size() && i - skip < names.size(); i++) {
            p.values.put(names.get(i - skip), args.get(i));
        }
        if (kwargs != null) {
            kwargs.fields().forEachRemaining(e -> {
                if (!"context".equals(e.getKey())) {
                    p.values.put(e.getKey(), e.getValue());
                }
            });
        }
        return p;
    }

    JsonNode get(String name) {
        JsonNode v = values.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String text(String name, String def) {
        JsonNode v = get(name);
        return v == null || (v.isBoolean() && !v.asBoolean()) ? def : v.asText();
    }

    Long longOrNull(String name) {
        JsonNode v = get(name);
        return v == null || v.isBoolean() || !v.isNumber() ? null : v.asLong();
    }

    long longValue(String name, long def) {
        Long v = longOrNull(name);
        return v == null ? def : v;
    }

    boolean bool(String name, boolean def) {
        JsonNode v = get(name);
        return v == null ? def : v.asBoolean(def);
    }
}
