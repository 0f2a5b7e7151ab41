package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One field of an emulated model, as real Odoo describes it in {@code fields_get}; {@code raw} keeps the
 * recorded description so that {@code fields_get} answers with exactly what the real server said.
 */
record FieldDef(String name, String type, String relation, boolean required, boolean readonly, boolean store,
                String string, ObjectNode raw) {

    boolean isRelational() {
        return "many2one".equals(type) || "one2many".equals(type) || "many2many".equals(type);
    }

    boolean isX2many() {
        return "one2many".equals(type) || "many2many".equals(type);
    }

    boolean isNumeric() {
        return "float".equals(type) || "monetary".equals(type) || "integer".equals(type);
    }

    boolean hasSelectionValue(String value) {
        if (raw == null || !raw.has("selection") || !raw.get("selection").isArray()) {
            return true;
        }
        for (var option : raw.get("selection")) {
            if (option.isArray() && option.size() > 0 && value.equals(option.get(0).asText())) {
                return true;
            }
        }
        return false;
    }
}
