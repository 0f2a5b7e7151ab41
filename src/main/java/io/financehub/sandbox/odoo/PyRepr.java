package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/** Python {@code repr()} of JSON values, because Odoo quotes offending values that way in its error texts. */
final class PyRepr {
    private PyRepr() {
    }

    static String of(JsonNode v) {
        if (v == null || v.isNull()) {
            return "None";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "True" : "False";
        }
        if (v.isTextual()) {
            return str(v.asText());
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return Double.toString(v.asDouble());
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(of(v.get(i)));
            }
            return sb.append(']').toString();
        }
        StringBuilder sb = new StringBuilder("{");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(first ? "" : ", ").append(str(e.getKey())).append(": ").append(of(e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    /** A domain leaf as Odoo prints it: a tuple. */
    static String leaf(JsonNode leaf) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < leaf.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(of(leaf.get(i)));
        }
        return sb.append(')').toString();
    }

    static String str(String s) {
        String quote = s.contains("'") && !s.contains("\"") ? "\"" : "'";
        StringBuilder sb = new StringBuilder(quote);
        for (char c : s.toCharArray()) {
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (String.valueOf(c).equals(quote)) {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }
}
