package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a seed document (format in {@code odoo-emulator/README.md}) into the emulated database: sequences,
 * groups, external ids, access rights, raw records, users, and records created through the ORM as a given
 * user (so posted payments get their journal entries exactly like over RPC).
 */
final class Seed {
    private final Orm orm;
    private final Map<String, long[]> xmlIds = new HashMap<>();
    private final Map<String, String> xmlModels = new HashMap<>();

    Seed(Orm orm) {
        this.orm = orm;
    }

    void apply(JsonNode seed, String source) {
        try {
            applyChecked(seed);
        } catch (OdooError e) {
            throw new IllegalArgumentException("Odoo emulator seed " + source + " is invalid: " + e.name() + ": " + e.getMessage()
                    + " — fix the seed file (see odoo-emulator/README.md for the format)", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Odoo emulator seed " + source + " is invalid: " + e
                    + " — fix the seed file (see odoo-emulator/README.md for the format)", e);
        }
    }

    private void applyChecked(JsonNode seed) {
        JsonNode flags = seed.path("flags");
        if (flags.path("unique_import_id").asBoolean(false)) {
            ObjectNode raw = Orm.obj();
            raw.put("readonly", true).put("required", false).put("store", true).put("string", "Import ID").put("type", "char");
            orm.schema.addField("account.bank.statement.line",
                    new FieldDef("unique_import_id", "char", null, false, true, true, "Import ID", raw));
        }
        for (JsonNode model : seed.path("reset")) {
            // replaces template data of a model wholesale (e.g. a demo chart of accounts instead of the generic one)
            orm.store.clearTable(model.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = seed.path("sequences").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            orm.store.bumpSequence(e.getKey(), e.getValue().asLong());
        }
        for (JsonNode g : seed.path("groups")) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("xmlid", g.path("xmlid").asText());
            rec.put("name", g.path("name").asText());
            rec.put("full_name", g.path("full_name").asText());
            List<Long> implied = new ArrayList<>();
            g.path("implied_ids").forEach(x -> implied.add(x.asLong()));
            rec.put("implied_ids", implied);
            rec.put("sequence", g.path("sequence").asLong(100));
            orm.store.insert("res.groups", g.get("id").asLong(), rec);
            register(g.path("xmlid").asText(), "res.groups", g.get("id").asLong());
        }
        for (JsonNode x : seed.path("xmlids")) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("module", x.path("module").asText());
            rec.put("name", x.path("name").asText());
            rec.put("model", x.path("model").asText());
            rec.put("res_id", x.path("res_id").asLong());
            orm.store.insert("ir.model.data", x.get("id").asLong(), rec);
        }
        for (JsonNode a : seed.path("access")) {
            for (String op : List.of("read", "write", "create", "unlink")) {
                List<String> groups = new ArrayList<>();
                a.path(op).forEach(g -> groups.add(g.asText()));
                orm.security.allow(a.path("model").asText(), op, groups);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = seed.path("records").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode r : e.getValue()) {
                insertRaw(e.getKey(), (ObjectNode) r);
            }
        }
        for (JsonNode u : seed.path("update")) {
            String model = u.path("model").asText();
            List<Long> ids = matching(model, u.path("match"));
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("update of " + model + ": no record matches " + u.path("match"));
            }
            for (Long id : ids) {
                for (Iterator<Map.Entry<String, JsonNode>> f = u.path("values").fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = f.next();
                    orm.store.set(model, id, e.getKey(), resolve(e.getValue()));
                }
            }
            register(u.path("xml_id").asText(null), model, ids.get(0));
        }
        for (JsonNode u : seed.path("users")) {
            insertUser((ObjectNode) u);
        }
        for (JsonNode c : seed.path("create")) {
            createThroughOrm((ObjectNode) c);
        }
        orm.models.nameDeferredMoves();
    }

    private void register(String xmlId, String model, long id) {
        if (xmlId != null && !xmlId.isEmpty()) {
            xmlIds.put(xmlId, new long[] {id});
            xmlModels.put(xmlId, model);
        }
    }

    private List<Long> matching(String model, JsonNode match) {
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> r : orm.store.table(model).values()) {
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> f = match.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                Object want = resolve(e.getValue());
                Object have = r.get(e.getKey());
                ok &= want == null ? have == null : have != null && String.valueOf(want).equals(String.valueOf(have));
            }
            if (ok) {
                ids.add(((Number) r.get("id")).longValue());
            }
        }
        return ids;
    }

    private Object resolve(JsonNode v) {
        if (v.isTextual() && v.asText().startsWith("find:")) {
            // find:<model>:<field>=<value> — a template record whose id differs between versions (currencies)
            String[] parts = v.asText().substring(5).split(":", 2);
            String[] cond = parts[1].split("=", 2);
            for (Map<String, Object> r : orm.store.table(parts[0]).values()) {
                if (cond[1].equals(String.valueOf(r.get(cond[0])))) {
                    return ((Number) r.get("id")).longValue();
                }
            }
            throw new IllegalArgumentException("no " + parts[0] + " with " + parts[1] + " for " + v.asText());
        }
        if (v.isTextual() && v.asText().startsWith("ref:")) {
            String xmlId = v.asText().substring(4);
            long[] id = xmlIds.get(xmlId);
            if (id == null) {
                throw new IllegalArgumentException("unknown reference " + v.asText() + " (define the record with that xml_id earlier)");
            }
            return id[0];
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(resolve(x)));
            return out;
        }
        if (v.isObject()) {
            return v.deepCopy();
        }
        if (v.isFloatingPointNumber()) {
            return v.asDouble();
        }
        return Domain.toJava(v);
    }

    private JsonNode resolveJson(JsonNode v) {
        if (v.isTextual() && (v.asText().startsWith("ref:") || v.asText().startsWith("find:"))) {
            return orm.json.valueToTree(resolve(v));
        }
        if (v.isArray()) {
            ArrayNode out = Orm.F.arrayNode();
            v.forEach(x -> out.add(resolveJson(x)));
            return out;
        }
        if (v.isObject()) {
            ObjectNode out = Orm.obj();
            v.fields().forEachRemaining(e -> {
                // keys may be references too: analytic distributions are keyed by analytic account id
                String key = e.getKey().startsWith("ref:") ? String.valueOf(resolve(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey())))
                        : e.getKey();
                out.set(key, resolveJson(e.getValue()));
            });
            return out;
        }
        return v;
    }

    private void insertRaw(String model, ObjectNode r) {
        long id = r.hasNonNull("id") ? r.get("id").asLong() : orm.store.nextId(model);
        Map<String, Object> rec = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if ("id".equals(e.getKey()) || "xml_id".equals(e.getKey())) {
                continue;
            }
            FieldDef f = orm.schema.field(model, e.getKey());
            Object value = resolve(e.getValue());
            if (f != null && ("float".equals(f.type()) || "monetary".equals(f.type())) && value instanceof Number) {
                value = ((Number) value).doubleValue();
            }
            if (f != null && "json".equals(f.type()) && e.getValue().isObject()) {
                value = orm.models.normalizeJson(model, f.name(), e.getValue());
            }
            rec.put(e.getKey(), value);
        }
        if (!rec.containsKey("create_uid")) {
            rec.put("create_uid", 1L); // a template record may say it was made without a user (null)
        }
        rec.putIfAbsent("write_uid", 1L);
        rec.putIfAbsent("create_date", orm.now());
        rec.putIfAbsent("write_date", orm.now());
        orm.store.insert(model, id, rec);
        register(r.path("xml_id").asText(null), model, id);
        if ("account.analytic.plan".equals(model)) {
            orm.models.addPlanColumn(id);
        }
    }

    private void insertUser(ObjectNode u) {
        long id = u.hasNonNull("id") ? u.get("id").asLong() : orm.store.nextId("res.users");
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("login", u.path("login").asText());
        rec.put("name", u.path("name").asText(u.path("login").asText()));
        if (u.hasNonNull("password")) {
            rec.put("password", u.get("password").asText());
        }
        List<String> keys = new ArrayList<>();
        u.path("api_keys").forEach(k -> keys.add(k.asText()));
        rec.put("api_keys", keys);
        rec.put("active", u.path("active").asBoolean(true));
        rec.put("share", u.path("share").asBoolean(false));
        rec.put("all_groups", u.path("all_groups").asBoolean(false));
        rec.put("company_id", u.hasNonNull("company_id") ? resolve(u.get("company_id")) : 1L);
        List<Long> companies = new ArrayList<>();
        u.path("company_ids").forEach(c -> companies.add(((Number) resolve(c)).longValue()));
        rec.put("company_ids", companies.isEmpty() ? new ArrayList<>(List.of(((Number) rec.get("company_id")).longValue())) : companies);
        List<Long> groups = new ArrayList<>();
        for (JsonNode g : u.path("groups")) {
            Long gid = orm.security.groupId(g.asText());
            if (gid == null) {
                throw new IllegalArgumentException("user " + u.path("login").asText() + ": unknown group " + g.asText());
            }
            groups.add(gid);
        }
        rec.put(orm.schema.userGroupsField(), groups);
        Object partner = u.hasNonNull("partner_id") ? resolve(u.get("partner_id")) : null;
        if (partner == null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", rec.get("name"));
            p.put("active", true);
            p.put("type", "contact");
            p.put("email", u.hasNonNull("email") ? u.get("email").asText() : null);
            p.put("supplier_rank", 0L);
            p.put("customer_rank", 0L);
            long pid = orm.store.nextId("res.partner");
            orm.store.insert("res.partner", pid, p);
            partner = pid;
        }
        rec.put("partner_id", partner);
        orm.store.insert("res.users", id, rec);
        register(u.path("xml_id").asText(null), "res.users", id);
    }

    /**
     * Keys written {@code "memo|ref"} name alternative fields across versions: the first one the version's
     * schema has gets the value. Applied recursively to x2many command dicts.
     */
    private ObjectNode alternatives(String model, ObjectNode values) {
        ObjectNode out = Orm.obj();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.contains("|")) {
                String chosen = null;
                for (String alt : key.split("\\|")) {
                    if (chosen == null && orm.schema.hasField(model, alt)) {
                        chosen = alt;
                    }
                }
                if (chosen == null) {
                    continue;
                }
                key = chosen;
            }
            JsonNode value = e.getValue();
            FieldDef f = orm.schema.field(model, key);
            if (f != null && f.isX2many() && value.isArray()) {
                ArrayNode cmds = Orm.F.arrayNode();
                for (JsonNode cmd : value) {
                    if (cmd.isArray() && cmd.size() == 3 && cmd.get(0).asInt() == 0 && cmd.get(2).isObject()) {
                        cmds.addArray().add(0).add(0).add(alternatives(f.relation(), (ObjectNode) cmd.get(2)));
                    } else {
                        cmds.add(cmd);
                    }
                }
                value = cmds;
            }
            out.set(key, value);
        }
        return out;
    }

    private void createThroughOrm(ObjectNode c) {
        String model = c.path("model").asText();
        String login = c.path("user").asText("admin");
        Long uid = null;
        for (Map<String, Object> u : orm.store.table("res.users").values()) {
            if (login.equals(u.get("login"))) {
                uid = ((Number) u.get("id")).longValue();
            }
        }
        if (uid == null) {
            throw new IllegalArgumentException("create of " + model + ": unknown user " + login);
        }
        Env env = new Env(uid, c.get("context"), false);
        ObjectNode values = alternatives(model, (ObjectNode) resolveJson(c.path("values")));
        long id = orm.createOne(env, model, values);
        register(c.path("xml_id").asText(null), model, id);
        for (JsonNode m : c.path("call")) {
            JsonNode r = orm.models.call(env, model, m.asText(), List.of(id), Params.bind(Orm.F.arrayNode(), 0, null, List.of()));
            if (r == null) {
                throw new IllegalArgumentException("create of " + model + ": unknown method " + m.asText());
            }
        }
    }
}
