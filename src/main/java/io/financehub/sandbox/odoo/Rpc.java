package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server side of Odoo's external API: the {@code common}, {@code object} and {@code db} services of
 * JSON-RPC and the generic model methods ({@code search_read}, {@code read_group}, ...) with the checks and
 * error texts of each version.
 */
final class Rpc {

    private static final List<String> EXECUTE_KW_PARAMS = List.of("db", "uid", "passwd", "model", "method", "args");

    private final Orm orm;
    private final String database;

    Rpc(Orm orm, String database) {
        this.orm = orm;
        this.database = database;
    }

    /** One JSON-RPC call; the result or {@link Orm#NONE}. The caller owns the transaction. */
    JsonNode dispatch(String service, String method, ArrayNode args, CallInfo info) {
        info.service = service;
        info.method = method;
        switch (service) {
            case "common":
                return common(method, args, info);
            case "object":
                return object(method, args, info);
            case "db":
                return db(method, args);
            default:
                throw new OdooError(OdooError.KEY_ERROR, service);
        }
    }

    /** What the journal records about a call. */
    static final class CallInfo {
        String protocol = "jsonrpc";
        String service;
        String method;
        String model;
        String modelMethod;
        JsonNode args;
        JsonNode kwargs;
        Long uid;
        String login;
        java.time.Instant received = java.time.Instant.now();
    }

    ObjectNode versionInfo() {
        ObjectNode v = Orm.obj();
        int major = orm.version;
        v.put("server_version", major == 18 ? "18.0-20250506" : major + ".0");
        ArrayNode info = v.putArray("server_version_info");
        info.add(major).add(0).add(0).add("final").add(0).add("");
        v.put("server_serie", major + ".0");
        v.put("protocol_version", 1);
        return v;
    }

    private void checkDb(String db) {
        if (!database.equals(db)) {
            String msg = "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  database \"" + db + "\" does not exist\n";
            throw new OdooError(OdooError.OPERATIONAL_ERROR, msg);
        }
    }

    private JsonNode common(String method, ArrayNode args, CallInfo info) {
        switch (method) {
            case "version":
                return versionInfo();
            case "login":
            case "authenticate": {
                requireArgs(method, args, "authenticate".equals(method) ? List.of("db", "login", "password", "user_agent_env")
                        : List.of("db", "login", "password"));
                checkDb(args.get(0).asText());
                info.login = args.get(1).asText();
                Long uid = orm.security.authenticate(args.get(1).asText(), args.get(2).asText());
                info.uid = uid;
                return uid == null ? BooleanNode.FALSE : LongNode.valueOf(uid);
            }
            case "about":
                return TextNode.valueOf("See http://openerp.com");
            default:
                throw new OdooError(OdooError.ATTRIBUTE_ERROR, "module 'odoo.service.common' has no attribute 'exp_" + method + "'");
        }
    }

    private JsonNode db(String method, ArrayNode args) {
        switch (method) {
            case "list": {
                ArrayNode out = Orm.F.arrayNode();
                out.add(database);
                return out;
            }
            case "server_version":
                return TextNode.valueOf(versionInfo().get("server_version").asText());
            case "duplicate_database":
            case "create_database":
            case "drop":
                // one in-memory database: duplicating or creating answers like Odoo without a second copy
                return BooleanNode.TRUE;
            default:
                throw new OdooError(OdooError.ATTRIBUTE_ERROR, "module 'odoo.service.db' has no attribute 'exp_" + method + "'");
        }
    }

    private static void requireArgs(String function, ArrayNode args, List<String> names) {
        if (args.size() >= names.size()) {
            return;
        }
        List<String> missing = names.subList(args.size(), names.size());
        throw new OdooError(OdooError.TYPE_ERROR, function + "() missing " + missing.size() + " required positional argument"
                + (missing.size() > 1 ? "s" : "") + ": " + pyList(missing));
    }

    static String pyList(List<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String n : names) {
            quoted.add("'" + n + "'");
        }
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        if (quoted.size() == 2) {
            return quoted.get(0) + " and " + quoted.get(1);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + ", and " + quoted.get(quoted.size() - 1);
    }

    private JsonNode object(String method, ArrayNode args, CallInfo info) {
        boolean kw = "execute_kw".equals(method);
        if (!kw && !"execute".equals(method)) {
            throw new OdooError(OdooError.ATTRIBUTE_ERROR, "module 'odoo.service.model' has no attribute 'exp_" + method + "'");
        }
        if (orm.version >= 19 && args.size() < 5) {
            // 19 unpacks db, uid, password, model, method from the arguments before anything else
            throw new OdooError(OdooError.VALUE_ERROR, "not enough values to unpack (expected at least 5, got " + args.size() + ")");
        }
        requireArgs(method, args, kw ? EXECUTE_KW_PARAMS : EXECUTE_KW_PARAMS.subList(0, 5));
        checkDb(args.get(0).asText());
        long uid = args.get(1).asLong();
        String secret = args.get(2).asText();
        String model = args.get(3).asText();
        String modelMethod = args.get(4).asText();
        info.uid = uid;
        info.model = model;
        info.modelMethod = modelMethod;
        ArrayNode callArgs;
        ObjectNode kwargs;
        if (kw) {
            callArgs = args.get(5).isArray() ? (ArrayNode) args.get(5) : Orm.F.arrayNode();
            kwargs = args.size() > 6 && args.get(6).isObject() ? (ObjectNode) args.get(6) : Orm.obj();
        } else {
            callArgs = Orm.F.arrayNode();
            for (int i = 5; i < args.size(); i++) {
                callArgs.add(args.get(i));
            }
            kwargs = Orm.obj();
        }
        info.args = callArgs;
        info.kwargs = kwargs;
        Map<String, Object> user = orm.store.get("res.users", uid);
        if (user == null) {
            throw new OdooError(OdooError.MISSING_ERROR, "Record does not exist or has been deleted.\n(Record: res.users("
                    + uid + ",), User: " + uid + ")");
        }
        info.login = String.valueOf(user.get("login"));
        if (!orm.security.checkPassword(uid, secret)) {
            throw new OdooError(OdooError.ACCESS_DENIED, "Access Denied");
        }
        Env env = new Env(uid, kwargs.get("context"), false);
        return callModel(env, model, modelMethod, callArgs, kwargs);
    }

    JsonNode callModel(Env env, String model, String method, ArrayNode args, ObjectNode kwargs) {
        orm.actAs(env.uid);
        if (!orm.schema.hasModel(model) && !isKnownTechnicalModel(model)) {
            throw OdooError.user("Object " + model + " doesn't exist");
        }
        if (orm.version >= 19 && (method.startsWith("_") || Set.of("exists", "check_access").contains(method))) {
            // 19 refuses every private method, and made exists and check_access private
            throw new OdooError(OdooError.ACCESS_ERROR, "Private methods (such as '" + model + "." + method + "') cannot be called remotely.");
        }
        if (method.startsWith("_")) {
            if (orm.version == 16) {
                throw new OdooError(OdooError.ACCESS_ERROR, "Private methods (such as " + method + ") cannot be called remotely.");
            }
            if (Set.of("_compute_display_name", "_read", "_search", "_create", "_write").contains(method)) {
                throw new OdooError(OdooError.ACCESS_ERROR, "Private methods (such as '" + model + "." + method
                        + "') cannot be called remotely.");
            }
            throw noMethod(model, method);
        }
        JsonNode generic = generic(env, model, method, args, kwargs);
        if (generic != null) {
            return generic;
        }
        List<Long> ids = new ArrayList<>();
        if (args.size() > 0 && args.get(0).isArray()) {
            args.get(0).forEach(x -> ids.add(x.asLong()));
        } else if (args.size() > 0 && args.get(0).isNumber()) {
            ids.add(args.get(0).asLong());
        }
        Params p = Params.bind(args, 1, kwargs, List.of("body"));
        JsonNode result = orm.models.call(env, model, method, ids, p);
        if (result == null) {
            throw noMethod(model, method);
        }
        return result;
    }

    private boolean isKnownTechnicalModel(String model) {
        return Set.of("ir.config_parameter", "product.product", "mail.message", "account.payment.register", "res.users",
                "ir.model.data", "res.groups", "res.currency.rate").contains(model) || orm.schema.hasModel(model);
    }

    private OdooError noMethod(String model, String method) {
        return new OdooError(OdooError.ATTRIBUTE_ERROR, orm.version == 16
                ? "The method '" + method + "' does not exist on the model '" + model + "'"
                : "The method '" + model + "." + method + "' does not exist");
    }

    private static List<Long> idList(JsonNode v) {
        List<Long> ids = new ArrayList<>();
        if (v == null || v.isNull()) {
            return ids;
        }
        if (v.isArray()) {
            v.forEach(x -> ids.add(x.asLong()));
        } else if (v.isNumber()) {
            ids.add(v.asLong());
        }
        return ids;
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode out = Orm.F.arrayNode();
        ids.forEach(out::add);
        return out;
    }

    private JsonNode generic(Env env, String model, String method, ArrayNode args, ObjectNode kwargs) {
        switch (method) {
            case "search": {
                Params p = Params.bind(args, 0, kwargs, orm.version == 16
                        ? List.of("domain", "offset", "limit", "order", "count") : List.of("domain", "offset", "limit", "order"));
                List<Long> found = orm.search(env, model, p.get("domain"), p.longValue("offset", 0), p.longOrNull("limit"), p.text("order", null));
                return p.bool("count", false) ? LongNode.valueOf(found.size()) : ids(found);
            }
            case "search_count": {
                Params p = Params.bind(args, 0, kwargs, List.of("domain", "limit"));
                return LongNode.valueOf(orm.search(env, model, p.get("domain"), 0, p.longOrNull("limit"), "id").size());
            }
            case "search_read": {
                Params p = Params.bind(args, 0, kwargs, List.of("domain", "fields", "offset", "limit", "order"));
                List<Long> found = orm.search(env, model, p.get("domain"), p.longValue("offset", 0), p.longOrNull("limit"), p.text("order", null));
                return orm.read(env, model, found, p.get("fields"), true);
            }
            case "read": {
                Params p = Params.bind(args, 0, kwargs, List.of("ids", "fields", "load"));
                // load=None (JSON null) reads many2one values as bare ids instead of [id, name] pairs
                JsonNode load = kwargs.has("load") ? kwargs.get("load") : args.size() > 2 ? args.get(2) : null;
                boolean classic = load == null || "_classic_read".equals(load.asText());
                return orm.read(env, model, idList(p.get("ids")), p.get("fields"), classic);
            }
            case "create": {
                Params p = Params.bind(args, 0, kwargs, List.of("vals_list"));
                JsonNode vals = p.get("vals_list");
                if (vals == null) {
                    throw new OdooError(OdooError.TYPE_ERROR, "create() missing 1 required positional argument: 'vals_list'");
                }
                if ("account.payment.register".equals(model)) {
                    ObjectNode one = ((ObjectNode) (vals.isArray() ? vals.get(0) : vals)).deepCopy();
                    orm.models.prepareRegisterWizard(env, one);
                    return LongNode.valueOf(orm.createOne(env, model, one));
                }
                if (vals.isArray()) {
                    List<ObjectNode> list = new ArrayList<>();
                    vals.forEach(x -> list.add((ObjectNode) x));
                    return ids(orm.create(env, model, list));
                }
                return LongNode.valueOf(orm.createOne(env, model, (ObjectNode) vals));
            }
            case "write": {
                Params p = Params.bind(args, 0, kwargs, List.of("ids", "vals"));
                orm.write(env, model, idList(p.get("ids")), (ObjectNode) p.get("vals"));
                return BooleanNode.TRUE;
            }
            case "unlink": {
                Params p = Params.bind(args, 0, kwargs, List.of("ids"));
                orm.unlink(env, model, idList(p.get("ids")));
                return BooleanNode.TRUE;
            }
            case "exists": {
                Params p = Params.bind(args, 0, kwargs, List.of("ids"));
                List<Long> out = new ArrayList<>();
                for (Long id : idList(p.get("ids"))) {
                    if (orm.store.exists(model, id)) {
                        out.add(id);
                    }
                }
                return ids(out);
            }
            case "fields_get": {
                Params p = Params.bind(args, 0, kwargs, List.of("allfields", "attributes"));
                return orm.fieldsGet(model, p.get("allfields"), p.get("attributes"));
            }
            case "name_search": {
                Params p = Params.bind(args, 0, kwargs, List.of("name", "args", "operator", "limit"));
                return nameSearch(env, model, p.text("name", ""), p.get("args"), p.text("operator", "ilike"), p.longValue("limit", 100));
            }
            case "name_get": {
                if (orm.version >= 18) {
                    return null;
                }
                Params p = Params.bind(args, 0, kwargs, List.of("ids"));
                ArrayNode out = Orm.F.arrayNode();
                for (Long id : idList(p.get("ids"))) {
                    if (orm.store.exists(model, id)) {
                        out.addArray().add(id).add(orm.displayName(model, id));
                    }
                }
                return out;
            }
            case "read_group": {
                Params p = Params.bind(args, 0, kwargs, List.of("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"));
                return readGroup(env, model, p);
            }
            case "formatted_read_group": {
                if (orm.version < 19) {
                    return null;
                }
                Params p = Params.bind(args, 0, kwargs, List.of("domain", "groupby", "aggregates", "having", "offset", "limit", "order"));
                return formattedReadGroup(env, model, p);
            }
            case "check_access_rights": {
                Params p = Params.bind(args, 0, kwargs, List.of("operation", "raise_exception"));
                String op = p.text("operation", "read");
                if (p.bool("raise_exception", true)) {
                    orm.security.checkAccess(env, model, op);
                    return BooleanNode.TRUE;
                }
                return BooleanNode.valueOf(orm.security.canAccess(env, model, op));
            }
            case "has_access":
            case "check_access": {
                if (orm.version < 18) {
                    return null;
                }
                Params p = Params.bind(args, 1, kwargs, List.of("operation"));
                String op = p.text("operation", "read");
                if ("has_access".equals(method)) {
                    return BooleanNode.valueOf(orm.security.canAccess(env, model, op));
                }
                orm.security.checkAccess(env, model, op);
                return Orm.NONE;
            }
            case "has_group": {
                if (!"res.users".equals(model)) {
                    return null;
                }
                if (orm.version >= 18) {
                    Params p = Params.bind(args, 1, kwargs, List.of("group_ext_id"));
                    if (!p.has("group_ext_id")) {
                        throw new OdooError(OdooError.TYPE_ERROR, "Users.has_group() missing 1 required positional argument: 'group_ext_id'");
                    }
                    List<Long> users = args.size() > 0 ? idList(args.get(0)) : List.of();
                    if (users.size() != 1 && orm.version >= 19) {
                        throw new OdooError(OdooError.VALUE_ERROR, "Expected singleton: " + Schema.recordsetRepr("res.users", users));
                    }
                    long uid = users.isEmpty() ? env.uid : users.get(0);
                    return BooleanNode.valueOf(orm.security.hasGroup(uid, p.text("group_ext_id", "")));
                }
                Params p = Params.bind(args, 0, kwargs, List.of("group_ext_id"));
                return BooleanNode.valueOf(orm.security.hasGroup(env.uid, p.text("group_ext_id", "")));
            }
            default:
                return null;
        }
    }

    private JsonNode nameSearch(Env env, String model, String name, JsonNode domainArg, String operator, long limit) {
        ArrayNode domain = Orm.F.arrayNode();
        if (domainArg != null && domainArg.isArray()) {
            domain.addAll((ArrayNode) domainArg);
        }
        List<Long> found = orm.search(env, model, domain, 0, null, null);
        ArrayNode out = Orm.F.arrayNode();
        for (Long id : found) {
            String display = orm.displayName(model, id);
            if (name.isEmpty() || Domain.textMatch(operator, display, name)) {
                out.addArray().add(id).add(display);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ read_group

    private JsonNode readGroup(Env env, String model, Params p) {
        JsonNode domain = p.get("domain");
        List<String> groupby = new ArrayList<>();
        JsonNode gb = p.get("groupby");
        if (gb != null && gb.isArray()) {
            gb.forEach(x -> groupby.add(x.asText()));
        } else if (gb != null && gb.isTextual()) {
            groupby.add(gb.asText());
        }
        boolean lazy = p.bool("lazy", true);
        List<String> active = lazy && groupby.size() > 1 ? groupby.subList(0, 1) : groupby;
        List<String[]> aggregates = new ArrayList<>();
        JsonNode fields = p.get("fields");
        if (fields != null) {
            for (JsonNode f : fields) {
                String spec = f.asText();
                String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
                String func = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "sum";
                if (active.contains(name) || !orm.schema.hasField(model, name) || !orm.schema.field(model, name).isNumeric()) {
                    continue;
                }
                aggregates.add(new String[] {name, func});
            }
        }
        List<Long> ids = orm.search(env, model, domain, 0, null, "id");
        Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Long id : ids) {
            Map<String, Object> rec = orm.store.get(model, id);
            List<Object> key = new ArrayList<>();
            for (String g : active) {
                key.add(groupValue(model, rec, g));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(rec);
        }
        List<Map.Entry<List<Object>, List<Map<String, Object>>>> entries = new ArrayList<>(groups.entrySet());
        String orderby = p.text("orderby", null);
        List<String> orderKeys = new ArrayList<>();
        List<Boolean> desc = new ArrayList<>();
        if (orderby != null && !orderby.isBlank()) {
            for (String part : orderby.split(",")) {
                String[] w = part.trim().split("\\s+");
                orderKeys.add(w[0]);
                desc.add(w.length > 1 && "desc".equalsIgnoreCase(w[1]));
            }
        } else {
            orderKeys.addAll(active);
            active.forEach(a -> desc.add(false));
        }
        entries.sort((a, b) -> {
            for (int i = 0; i < orderKeys.size(); i++) {
                int idx = active.indexOf(orderKeys.get(i));
                if (idx < 0) {
                    continue;
                }
                int c = Orm.compareValues(sortable(model, active.get(idx), a.getKey().get(idx)),
                        sortable(model, active.get(idx), b.getKey().get(idx)), desc.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        long offset = p.longValue("offset", 0);
        Long limit = p.longOrNull("limit");
        ArrayNode out = Orm.F.arrayNode();
        int index = 0;
        for (Map.Entry<List<Object>, List<Map<String, Object>>> e : entries) {
            if (index++ < offset) {
                continue;
            }
            if (limit != null && out.size() >= limit) {
                break;
            }
            out.add(groupRow(model, domain, active, lazy, groupby, aggregates, e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * Odoo 19's {@code formatted_read_group}: one row per group with the group values (a date group as
     * {@code [first day, "July 2024"]}), {@code __count}, each aggregate under its spec ({@code balance:sum})
     * and {@code __extra_domain} (the group's own leaves). Written from Odoo 19's ORM, not from a recording.
     */
    private JsonNode formattedReadGroup(Env env, String model, Params p) {
        List<String> groupby = new ArrayList<>();
        JsonNode gb = p.get("groupby");
        if (gb != null) {
            gb.forEach(x -> groupby.add(x.asText()));
        }
        List<String> aggregates = new ArrayList<>();
        JsonNode ag = p.get("aggregates");
        if (ag != null) {
            ag.forEach(x -> aggregates.add(x.asText()));
        }
        for (String spec : aggregates) {
            String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            if (!"__count".equals(spec) && !orm.schema.hasField(model, field)) {
                throw OdooError.value("Invalid field " + PyRepr.str(field) + " on model " + PyRepr.str(model));
            }
        }
        List<Long> ids = orm.search(env, model, p.get("domain"), 0, null, "id");
        Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Long id : ids) {
            Map<String, Object> rec = orm.store.get(model, id);
            List<Object> key = new ArrayList<>();
            for (String g : groupby) {
                key.add(groupValue(model, rec, g));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(rec);
        }
        List<Map.Entry<List<Object>, List<Map<String, Object>>>> entries = new ArrayList<>(groups.entrySet());
        entries.sort((a, b) -> {
            for (int i = 0; i < groupby.size(); i++) {
                int c = Orm.compareValues(sortable(model, groupby.get(i), a.getKey().get(i)), sortable(model, groupby.get(i), b.getKey().get(i)), false);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        long offset = p.longValue("offset", 0);
        Long limit = p.longOrNull("limit");
        ArrayNode out = Orm.F.arrayNode();
        int index = 0;
        for (Map.Entry<List<Object>, List<Map<String, Object>>> e : entries) {
            if (index++ < offset) {
                continue;
            }
            if (limit != null && out.size() >= limit) {
                break;
            }
            ObjectNode row = out.addObject();
            ArrayNode extra = Orm.F.arrayNode();
            for (int i = 0; i < groupby.size(); i++) {
                String spec = groupby.get(i);
                String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
                Object v = e.getKey().get(i);
                if (i > 0) {
                    extra.insert(0, "&");
                }
                if (spec.endsWith(":month") && v != null) {
                    LocalDate from = LocalDate.parse(v + "-01");
                    row.putArray(spec).add(from.toString())
                            .add(from.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + from.getYear());
                    extra.add("&");
                    extra.addArray().add(field).add(">=").add(from.toString());
                    extra.addArray().add(field).add("<").add(from.plusMonths(1).toString());
                } else {
                    row.set(spec, v == null ? BooleanNode.FALSE : orm.toJson(model, orm.schema.field(model, field), v, true));
                    JsonNode jv = v == null ? BooleanNode.FALSE : v instanceof Number ? LongNode.valueOf(((Number) v).longValue()) : TextNode.valueOf(String.valueOf(v));
                    extra.addArray().add(field).add("=").add(jv);
                }
            }
            row.put("__count", e.getValue().size());
            for (String spec : aggregates) {
                if ("__count".equals(spec)) {
                    continue;
                }
                String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
                String func = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "sum";
                BigDecimal acc = null;
                int n = 0;
                for (Map<String, Object> r : e.getValue()) {
                    Object v = orm.value(model, r, field);
                    if (!(v instanceof Number)) {
                        continue;
                    }
                    BigDecimal d = BigDecimal.valueOf(((Number) v).doubleValue());
                    n++;
                    if (acc == null) {
                        acc = d;
                    } else if ("min".equals(func)) {
                        acc = acc.min(d);
                    } else if ("max".equals(func)) {
                        acc = acc.max(d);
                    } else {
                        acc = acc.add(d);
                    }
                }
                if ("count".equals(func)) {
                    row.put(spec, n);
                } else if ("avg".equals(func)) {
                    row.put(spec, acc == null ? 0.0 : acc.doubleValue() / n);
                } else {
                    row.put(spec, acc == null ? 0.0 : acc.doubleValue());
                }
            }
            row.set("__extra_domain", extra);
        }
        return out;
    }

    private Object groupValue(String model, Map<String, Object> rec, String spec) {
        String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        Object v = orm.value(model, rec, field);
        if (spec.endsWith(":month") && v != null) {
            return String.valueOf(v).substring(0, 7);
        }
        return v;
    }

    private Object sortable(String model, String spec, Object v) {
        String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        FieldDef f = orm.schema.field(model, field);
        if (v != null && f != null && "many2one".equals(f.type())) {
            Map<String, Object> target = orm.store.get(f.relation(), ((Number) v).longValue());
            return target == null ? null : orm.models.sortKey(f.relation(), target);
        }
        return v;
    }

    private ObjectNode groupRow(String model, JsonNode domain, List<String> active, boolean lazy, List<String> groupby,
                                List<String[]> aggregates, List<Object> key, List<Map<String, Object>> recs) {
        ObjectNode row = Orm.obj();
        boolean v16 = orm.version == 16;
        ArrayNode groupDomain = Orm.F.arrayNode();
        ObjectNode range = null;
        for (int i = 0; i < active.size(); i++) {
            String spec = active.get(i);
            String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            Object v = key.get(i);
            if (spec.endsWith(":month")) {
                if (v == null) {
                    groupDomain.addArray().add(field).add("=").add(false);
                } else {
                    LocalDate from = LocalDate.parse(v + "-01");
                    LocalDate to = from.plusMonths(1);
                    if (orm.version < 19) {
                        groupDomain.add("&"); // 19 normalizes the whole domain to one flat AND of leaves
                    }
                    groupDomain.addArray().add(field).add(">=").add(from.toString());
                    groupDomain.addArray().add(field).add("<").add(to.toString());
                    if (range == null) {
                        range = Orm.obj();
                    }
                    range.putObject(spec).put("from", from.toString()).put("to", to.toString());
                }
            } else {
                JsonNode jv = v == null ? BooleanNode.FALSE : v instanceof Number ? LongNode.valueOf(((Number) v).longValue()) : TextNode.valueOf(String.valueOf(v));
                groupDomain.addArray().add(field).add("=").add(jv);
            }
        }
        // AND of the outer domain, each group leaf and each month range, flattened like expression.AND:
        // 17+ put the outer domain first, 16 last
        List<ArrayNode> parts = new ArrayList<>();
        ArrayNode outer = Orm.F.arrayNode();
        if (domain != null && domain.isArray()) {
            outer.addAll((ArrayNode) domain);
        }
        int i = 0;
        List<ArrayNode> groupParts = new ArrayList<>();
        while (i < groupDomain.size()) {
            ArrayNode part = Orm.F.arrayNode();
            if (groupDomain.get(i).isTextual()) {
                part.add(groupDomain.get(i)).add(groupDomain.get(i + 1)).add(groupDomain.get(i + 2));
                i += 3;
            } else {
                part.add(groupDomain.get(i));
                i++;
            }
            groupParts.add(part);
        }
        if (!v16 && !outer.isEmpty()) {
            parts.add(outer);
        }
        parts.addAll(groupParts);
        if (v16 && !outer.isEmpty()) {
            parts.add(outer);
        }
        ArrayNode full = Orm.F.arrayNode();
        for (int k = 0; k < parts.size() - 1; k++) {
            full.add("&");
        }
        for (ArrayNode part : parts) {
            full.addAll(part);
        }
        String countKey = lazy ? (active.isEmpty() ? "__count" : active.get(0).replace(":", "_") + "_count") : "__count";
        if (lazy && !active.isEmpty()) {
            String f = active.get(0);
            countKey = (f.contains(":") ? f.substring(0, f.indexOf(':')) : f) + "_count";
        }
        if (!v16) {
            putGroupValues(model, row, active, key);
            row.put(countKey, recs.size());
        } else {
            row.put(countKey, recs.size());
        }
        for (String[] agg : aggregates) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Map<String, Object> r : recs) {
                Object v = orm.value(model, r, agg[0]);
                if (v instanceof Number) {
                    sum = sum.add(BigDecimal.valueOf(((Number) v).doubleValue()));
                }
            }
            row.put(agg[0], sum.doubleValue());
        }
        if (v16) {
            putGroupValues(model, row, active, key);
        }
        row.set("__domain", full);
        if (range != null) {
            row.set("__range", range);
        }
        if (lazy && groupby.size() > 1) {
            ObjectNode ctx = row.putObject("__context");
            ArrayNode rest = ctx.putArray("group_by");
            groupby.subList(1, groupby.size()).forEach(rest::add);
        }
        return row;
    }

    private void putGroupValues(String model, ObjectNode row, List<String> active, List<Object> key) {
        for (int i = 0; i < active.size(); i++) {
            String spec = active.get(i);
            String field = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            Object v = key.get(i);
            FieldDef f = orm.schema.field(model, field);
            if (spec.endsWith(":month")) {
                if (v == null) {
                    row.put(spec, false);
                } else {
                    LocalDate d = LocalDate.parse(v + "-01");
                    row.put(spec, d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + d.getYear());
                }
            } else {
                row.set(spec, orm.toJson(model, f, v, true));
            }
        }
    }
}
