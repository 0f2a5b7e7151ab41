package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Who calls and with which context: the emulated counterpart of Odoo's {@code self.env}. */
final class Env {
    static final long SUPERUSER = 1;

    final long uid;
    final ObjectNode context;
    final boolean su;

    Env(long uid, JsonNode context, boolean su) {
        this.uid = uid;
        this.context = context != null && context.isObject() ? (ObjectNode) context : JsonNodeFactory.instance.objectNode();
        this.su = su;
    }

    Env sudo() {
        return new Env(uid, context, true);
    }

    Env withContext(JsonNode ctx) {
        return new Env(uid, ctx, su);
    }

    boolean activeTest() {
        JsonNode v = context.get("active_test");
        return v == null || v.isNull() || v.asBoolean(true);
    }

    List<Long> allowedCompanyIds() {
        JsonNode v = context.get("allowed_company_ids");
        if (v == null || !v.isArray()) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        v.forEach(x -> ids.add(x.asLong()));
        return ids;
    }
}
