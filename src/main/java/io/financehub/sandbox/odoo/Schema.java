package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The field definitions of the emulated models for one Odoo version, loaded from the {@code fields_get}
 * answers recorded against real servers ({@code odoo-emulator/schema/odoo<N>/<model>.json}) plus
 * {@code extra.json} for the few models whose schema was not recorded (only the fields the flows use).
 */
final class Schema {

    /** Models with a recorded {@code fields_get}, per version. */
    static final List<String> RECORDED_MODELS = List.of(
            "account.journal", "account.bank.statement", "account.bank.statement.line", "account.payment",
            "account.move", "account.move.line", "purchase.order", "purchase.order.line", "res.partner",
            "res.partner.bank", "res.bank", "res.company", "res.currency", "account.account",
            "account.analytic.account", "account.analytic.plan", "account.payment.method",
            "account.payment.method.line", "account.analytic.line");

    private final int version;
    private final Map<String, Map<String, FieldDef>> models = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    Schema(int version, ObjectMapper json) {
        this.version = version;
        for (String model : RECORDED_MODELS) {
            JsonNode fields = load(json, "odoo-emulator/schema/odoo" + version + "/" + model + ".json");
            if (fields != null) {
                models.put(model, toDefs(fields));
            }
        }
        JsonNode extra = load(json, "odoo-emulator/schema/extra.json");
        Iterator<Map.Entry<String, JsonNode>> it = extra.get("models").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (models.containsKey(e.getKey())) {
                continue; // a recorded schema is authoritative
            }
            models.put(e.getKey(), toDefs(e.getValue()));
        }
        // 16-18 call the user's groups groups_id (read as all groups, implied ones included), 19 group_ids (as given)
        if (version >= 19) {
            Map<String, FieldDef> users = new LinkedHashMap<>();
            models.get("res.users").forEach((name, def) -> users.put(name.equals("groups_id") ? "group_ids" : name,
                    name.equals("groups_id") ? new FieldDef("group_ids", def.type(), def.relation(), def.required(), def.readonly(),
                            def.store(), def.string(), def.raw()) : def));
            models.put("res.users", users);
        }
        // the recorded models need the magic fields too
        for (Map<String, FieldDef> defs : models.values()) {
            addMagic(defs, "id", "integer", "ID", true);
            addMagic(defs, "display_name", "char", "Display Name", false);
            addMagic(defs, "create_uid", "many2one", "Created by", true);
            addMagic(defs, "create_date", "datetime", "Created on", true);
            addMagic(defs, "write_uid", "many2one", "Last Updated by", true);
            addMagic(defs, "write_date", "datetime", "Last Updated on", true);
            if (version == 16) {
                addMagic(defs, "__last_update", "datetime", "Last Modified on", false);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> d = extra.get("descriptions").fields();
        while (d.hasNext()) {
            Map.Entry<String, JsonNode> e = d.next();
            descriptions.put(e.getKey(), e.getValue().asText());
        }
    }

    private static void addMagic(Map<String, FieldDef> defs, String name, String type, String string, boolean store) {
        if (!defs.containsKey(name)) {
            ObjectNode raw = new ObjectMapper().createObjectNode();
            raw.put("readonly", true).put("required", false).put("store", store).put("string", string).put("type", type);
            if ("many2one".equals(type)) {
                raw.put("relation", "res.users");
            }
            defs.put(name, new FieldDef(name, type, "many2one".equals(type) ? "res.users" : null, false, true, store,
                    string, raw));
        }
    }

    private static JsonNode load(ObjectMapper json, String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read emulator schema resource " + resource, e);
        }
    }

    private static Map<String, FieldDef> toDefs(JsonNode fields) {
        Map<String, FieldDef> defs = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            defs.put(e.getKey(), new FieldDef(e.getKey(), f.path("type").asText(),
                    f.hasNonNull("relation") ? f.get("relation").asText() : null,
                    f.path("required").asBoolean(false), f.path("readonly").asBoolean(false),
                    f.path("store").asBoolean(true), f.path("string").asText(e.getKey()), (ObjectNode) f));
        }
        return defs;
    }

    int version() {
        return version;
    }

    /** The field of a user's groups: {@code groups_id} up to 18, {@code group_ids} from 19. */
    String userGroupsField() {
        return version >= 19 ? "group_ids" : "groups_id";
    }

    boolean hasModel(String model) {
        return models.containsKey(model);
    }

    Map<String, FieldDef> fields(String model) {
        return Collections.unmodifiableMap(models.getOrDefault(model, Map.of()));
    }

    FieldDef field(String model, String field) {
        return models.getOrDefault(model, Map.of()).get(field);
    }

    boolean hasField(String model, String field) {
        return field(model, field) != null;
    }

    /** Adds a field at run time, as Odoo does for the per-plan analytic columns ({@code x_plan2_id}). */
    void addField(String model, FieldDef def) {
        models.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(def.name(), def);
    }

    /** Human model name used in access-error texts, e.g. "Purchase Order". */
    String description(String model) {
        return descriptions.getOrDefault(model, model);
    }

    /** Python repr of a recordset, e.g. {@code res.partner(999999,)} or {@code res.partner(1, 7)}. */
    static String recordsetRepr(String model, Collection<Long> ids) {
        String inner = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return model + "(" + inner + (ids.size() == 1 ? ",)" : ")");
    }
}
