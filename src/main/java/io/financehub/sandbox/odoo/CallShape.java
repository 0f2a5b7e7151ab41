package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;

/** What a call does, counted from its arguments and answer, for the {@link Speed} cost model. */
final class CallShape {

    private CallShape() {
    }

    /** Records a create makes: each value dict counts one, plus the records its x2many {@code [0, 0, vals]} commands make. */
    static int created(String method, JsonNode positional, JsonNode kwargs) {
        if (!"create".equals(method)) {
            return 0;
        }
        JsonNode vals = kwargs != null && kwargs.has("vals_list") ? kwargs.get("vals_list")
                : kwargs != null && kwargs.has("vals") ? kwargs.get("vals")
                : positional != null && positional.isArray() && positional.size() > 0 ? positional.get(0) : null;
        if (vals == null) {
            return 0;
        }
        if (vals.isObject()) {
            return createdBy(vals);
        }
        int n = 0;
        for (JsonNode one : vals) {
            n += one.isObject() ? createdBy(one) : 0;
        }
        return n;
    }

    private static int createdBy(JsonNode vals) {
        int n = 1;
        for (JsonNode value : vals) {
            if (!value.isArray()) {
                continue;
            }
            for (JsonNode command : value) {
                if (command.isArray() && command.size() == 3 && command.get(0).asInt(-1) == 0 && command.get(2).isObject()) {
                    n += createdBy(command.get(2));
                }
            }
        }
        return n;
    }

    /** Records a write or model method acts on: its ids (the first positional argument, or JSON-2's {@code ids}). */
    static int acted(JsonNode positional, JsonNode kwargs) {
        JsonNode ids = kwargs != null && kwargs.has("ids") ? kwargs.get("ids")
                : positional != null && positional.isArray() && positional.size() > 0 ? positional.get(0) : null;
        if (ids == null) {
            return 0;
        }
        if (ids.isIntegralNumber()) {
            return 1;
        }
        int n = 0;
        if (ids.isArray()) {
            for (JsonNode id : ids) {
                if (id.isIntegralNumber()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Records a read answered: the length of a list answer, else one. */
    static int answered(JsonNode result) {
        return result != null && result.isArray() ? result.size() : 1;
    }

    /** The journals a create names ({@code journal_id} of its records and of their x2many lines). */
    static java.util.Set<Long> journalIds(JsonNode positional, JsonNode kwargs) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        JsonNode vals = kwargs != null && kwargs.has("vals_list") ? kwargs.get("vals_list")
                : kwargs != null && kwargs.has("vals") ? kwargs.get("vals")
                : positional != null && positional.isArray() && positional.size() > 0 ? positional.get(0) : null;
        collectJournals(vals, out);
        return out;
    }

    private static void collectJournals(JsonNode node, java.util.Set<Long> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode journal = node.get("journal_id");
            if (journal != null && journal.isIntegralNumber()) {
                out.add(journal.asLong());
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectJournals(child, out));
        }
    }
}
