package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The emulated ORM: generic create/read/write/unlink/search/fields_get over the {@link Store}, with Odoo's
 * value conventions ({@code false} for empty, many2one pairs, x2many commands) and the model specific
 * behaviour delegated to {@link Models}. Float and monetary fields are kept as Java doubles on purpose: real
 * Odoo answers Python floats (including artefacts such as {@code 19.990000000000002}) and the emulator must
 * answer the same; sums that PostgreSQL computes in {@code numeric} are computed here in BigDecimal.
 */
final class Orm implements Domain.Values {

    /** Result of a method that returns Python {@code None}: the JSON-RPC answer then has no result key. */
    static final JsonNode NONE = MissingNode.getInstance();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private static final Set<String> STANDARD_ATTRIBUTES = Set.of("string", "type", "required", "readonly", "relation",
            "selection", "store", "help");

    final Store store;
    final Schema schema;
    final int version;
    final ObjectMapper json;
    final Clock clock;
    final Security security;
    final Models models;

    Orm(Store store, Schema schema, ObjectMapper json, Clock clock) {
        this.store = store;
        this.schema = schema;
        this.version = schema.version();
        this.json = json;
        this.clock = clock;
        this.security = new Security(this);
        this.models = new Models(this);
    }

    /** The user the running call acts as (Odoo's {@code env.uid}); the superuser for the emulator's own changes. */
    private long actingUid = Env.SUPERUSER;

    long actingUid() {
        return actingUid;
    }

    /** A call starts: records it changes are stamped as written by {@code uid}. */
    void actAs(long uid) {
        actingUid = uid;
    }

    /**
     * Stamps every record the running transaction changed with write_uid (the acting user) and write_date, as
     * Odoo's low-level {@code _write} does for every change it flushes: a {@code write()}, a workflow method's
     * {@code self.write(...)} (state changes of button_confirm, action_post, ...) and stored computed fields
     * alike. Called once, when the transaction commits, so no change can miss it.
     */
    void stampWritten() {
        models.nameDeferredMoves();
        LocalDateTime at = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        String now = at.format(DATETIME);
        // Odoo stores the microseconds and serves whole seconds over RPC; its webhook body has them (Automations)
        lastStamp = at.getNano() / 1000 == 0 ? now : now + String.format(Locale.ROOT, ".%06d", at.getNano() / 1000);
        store.written().forEach((model, ids) -> ids.forEach(id -> {
            store.set(model, id, "write_uid", actingUid);
            store.set(model, id, "write_date", now);
        }));
    }

    /**
     * The last stamp's write_date as Python prints Odoo's datetime ({@code str()}: microseconds unless zero), what a
     * webhook body built in that transaction carries; reads serve the stored whole seconds.
     */
    String lastStamp() {
        return lastStamp;
    }

    private String lastStamp;

    String now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(DATETIME);
    }

    String today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
    }

    // ------------------------------------------------------------------ values

    @Override
    public Object value(String model, Map<String, Object> record, String field) {
        if (record == null || record.isEmpty()) {
            return null;
        }
        Object computed = models.compute(model, record, field);
        if (computed != Models.STORED) {
            return computed;
        }
        return record.get(field);
    }

    @Override
    public Map<String, Object> record(String model, long id) {
        return store.get(model, id);
    }

    @Override
    public Collection<Map<String, Object>> all(String model) {
        return store.table(model).values();
    }

    @Override
    public String displayName(String model, Map<String, Object> record) {
        return models.displayName(model, record);
    }

    Object get(String model, long id, String field) {
        return value(model, store.get(model, id), field);
    }

    Long getId(String model, long id, String field) {
        Object v = get(model, id, field);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    String getString(String model, long id, String field) {
        Object v = get(model, id, field);
        return v == null ? null : String.valueOf(v);
    }

    double getDouble(String model, long id, String field) {
        Object v = get(model, id, field);
        return v instanceof Number ? ((Number) v).doubleValue() : 0.0;
    }

    String displayName(String model, long id) {
        Map<String, Object> rec = store.get(model, id);
        return rec == null ? model + "," + id : models.displayName(model, rec);
    }

    JsonNode toJson(String model, FieldDef field, Object v, boolean classicLoad) {
        String type = field.type();
        switch (type) {
            case "many2one":
                if (v == null) {
                    return BooleanNode.FALSE;
                }
                long id = ((Number) v).longValue();
                if (!classicLoad) {
                    return LongNode.valueOf(id);
                }
                ArrayNode pair = F.arrayNode();
                pair.add(id);
                pair.add(displayName(field.relation(), id));
                return pair;
            case "one2many":
            case "many2many": {
                ArrayNode ids = F.arrayNode();
                for (Long x : Domain.ids(v)) {
                    ids.add(x);
                }
                return ids;
            }
            case "integer":
                return v == null ? LongNode.valueOf(0) : LongNode.valueOf(((Number) v).longValue());
            case "many2one_reference":
                return v == null ? BooleanNode.FALSE : LongNode.valueOf(((Number) v).longValue());
            case "float":
            case "monetary":
                return v == null ? DoubleNode.valueOf(0.0) : DoubleNode.valueOf(((Number) v).doubleValue());
            case "boolean":
                return BooleanNode.valueOf(Boolean.TRUE.equals(v));
            case "json":
            case "properties":
                if (v == null) {
                    return BooleanNode.FALSE;
                }
                return v instanceof JsonNode ? ((JsonNode) v).deepCopy() : json.valueToTree(v);
            default:
                if (v == null) {
                    return BooleanNode.FALSE;
                }
                if (v instanceof JsonNode) {
                    return (JsonNode) v;
                }
                return TextNode.valueOf(String.valueOf(v));
        }
    }

    // ------------------------------------------------------------------ read

    List<String> readableFields(String model) {
        List<String> out = new ArrayList<>();
        for (FieldDef f : schema.fields(model).values()) {
            if (!"id".equals(f.name()) && !models.hiddenFromAllFields(model, f.name())) {
                out.add(f.name());
            }
        }
        return out;
    }

    ArrayNode read(Env env, String model, List<Long> ids, JsonNode fieldsArg, boolean classicLoad) {
        security.checkAccess(env, model, "read");
        List<String> fields = new ArrayList<>();
        if (fieldsArg == null || fieldsArg.isNull() || (fieldsArg.isArray() && fieldsArg.isEmpty())
                || (fieldsArg.isBoolean() && !fieldsArg.asBoolean())) {
            fields.addAll(readableFields(model));
        } else {
            for (JsonNode f : fieldsArg) {
                String name = f.asText();
                if (!schema.hasField(model, name)) {
                    throw OdooError.value("Invalid field " + PyRepr.str(name) + (schema.version() >= 19 ? " on " : " on model ") + PyRepr.str(model));
                }
                if (!"id".equals(name) && !fields.contains(name)) {
                    fields.add(name);
                }
            }
        }
        ArrayNode out = F.arrayNode();
        Set<Long> seen = new LinkedHashSet<>(ids);
        for (Long id : seen) {
            Map<String, Object> rec = store.get(model, id);
            if (rec == null) {
                continue;
            }
            ObjectNode row = out.addObject();
            row.put("id", id);
            for (String f : fields) {
                row.set(f, toJson(model, schema.field(model, f), value(model, rec, f), classicLoad));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ search

    List<Long> search(Env env, String model, JsonNode domain, long offset, Long limit, String order) {
        security.checkAccess(env, model, "read");
        ArrayNode effective = F.arrayNode();
        if (domain != null && domain.isArray()) {
            effective.addAll((ArrayNode) domain);
        }
        Domain d = Domain.compile(model, effective, schema, this);
        boolean activeFilter = schema.hasField(model, "active") && env.activeTest() && !mentions(effective, "active");
        Predicate<Map<String, Object>> visible = security.ruleFilter(env, model);
        NavigableMap<Long, Map<String, Object>> table = store.table(model);
        NavigableMap<Long, Map<String, Object>> range = table;
        if (d.minId() != Long.MIN_VALUE || d.maxId() != Long.MAX_VALUE) {
            if (d.minId() > d.maxId()) {
                return List.of();
            }
            range = table.subMap(d.minId(), true, d.maxId(), true);
        }
        List<OrderKey> keys = parseOrder(model, order == null || order.isBlank() ? models.defaultOrder(model) : order);
        boolean idOrder = keys.size() == 1 && "id".equals(keys.get(0).field);
        List<Long> out = new ArrayList<>();
        if (idOrder) {
            Iterable<Map<String, Object>> it = keys.get(0).desc ? range.descendingMap().values() : range.values();
            long skipped = 0;
            for (Map<String, Object> rec : it) {
                if (matches(model, rec, d, activeFilter, visible)) {
                    if (skipped < offset) {
                        skipped++;
                        continue;
                    }
                    out.add(((Number) rec.get("id")).longValue());
                    if (limit != null && out.size() >= limit) {
                        break;
                    }
                }
            }
            return out;
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> rec : range.values()) {
            if (matches(model, rec, d, activeFilter, visible)) {
                found.add(rec);
            }
        }
        found.sort(comparator(model, keys));
        for (int i = (int) Math.min(offset, found.size()); i < found.size(); i++) {
            out.add(((Number) found.get(i).get("id")).longValue());
            if (limit != null && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private boolean matches(String model, Map<String, Object> rec, Domain d, boolean activeFilter,
                            Predicate<Map<String, Object>> visible) {
        if (activeFilter && !Boolean.TRUE.equals(value(model, rec, "active"))) {
            return false;
        }
        return d.test(rec) && visible.test(rec); // the (cheap, mostly stored) domain first, then the record rules
    }

    private static boolean mentions(JsonNode domain, String field) {
        for (JsonNode item : domain) {
            if (item.isArray() && item.size() == 3 && field.equals(item.get(0).asText())) {
                return true;
            }
        }
        return false;
    }

    record OrderKey(String field, boolean desc) {
    }

    List<OrderKey> parseOrder(String model, String order) {
        List<OrderKey> keys = new ArrayList<>();
        for (String part : order.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String field = words[0];
            String base = field.contains(":") ? field.substring(0, field.indexOf(':')) : field;
            if (!schema.hasField(model, base)) {
                throw OdooError.value("Invalid field " + PyRepr.str(base) + " on model " + PyRepr.str(model));
            }
            boolean desc = words.length > 1 && "desc".equalsIgnoreCase(words[1]);
            keys.add(new OrderKey(base, desc));
        }
        return keys;
    }

    Comparator<Map<String, Object>> comparator(String model, List<OrderKey> keys) {
        Comparator<Map<String, Object>> cmp = (a, b) -> 0;
        for (OrderKey k : keys) {
            FieldDef f = schema.field(model, k.field);
            Comparator<Map<String, Object>> one = (a, b) -> compareValues(sortValue(model, f, a), sortValue(model, f, b), k.desc);
            cmp = cmp.thenComparing(one);
        }
        return cmp;
    }

    private Object sortValue(String model, FieldDef f, Map<String, Object> rec) {
        Object v = value(model, rec, f.name());
        if (v != null && "many2one".equals(f.type())) {
            Map<String, Object> target = store.get(f.relation(), ((Number) v).longValue());
            return target == null ? null : models.sortKey(f.relation(), target);
        }
        if ("boolean".equals(f.type())) {
            return Boolean.TRUE.equals(v) ? 1L : 0L;
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b, boolean desc) {
        // PostgreSQL sorts NULLs last ascending and first descending.
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return desc ? -1 : 1;
        }
        if (b == null) {
            return desc ? 1 : -1;
        }
        int c;
        if (a instanceof List && b instanceof List) {
            List<?> la = (List<?>) a;
            List<?> lb = (List<?>) b;
            c = 0;
            for (int i = 0; i < Math.min(la.size(), lb.size()) && c == 0; i++) {
                c = compareValues(la.get(i), lb.get(i), false);
            }
            if (c == 0) {
                c = Integer.compare(la.size(), lb.size());
            }
        } else {
            c = Domain.order(a, b);
        }
        return desc ? -c : c;
    }

    // ------------------------------------------------------------------ create / write / unlink

    /** Creates records from a list of value dicts; all-or-nothing through the caller's transaction. */
    List<Long> create(Env env, String model, List<ObjectNode> valsList) {
        List<Long> ids = new ArrayList<>();
        for (ObjectNode vals : valsList) {
            ids.add(createOne(env, model, vals));
        }
        return ids;
    }

    long createOne(Env env, String model, ObjectNode valsIn) {
        ObjectNode vals = valsIn.deepCopy();
        for (Iterator<String> it = vals.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!schema.hasField(model, name) && !models.acceptsExtraValue(model, name)) {
                throw OdooError.value("Invalid field " + PyRepr.str(name) + (schema.version() >= 19 ? " in " : " on model ") + PyRepr.str(model));
            }
        }
        models.beforeCreate(env, model, vals);
        security.checkAccess(env, model, "create");
        checkNestedFieldNames(model, vals);
        Map<String, Object> rec = new LinkedHashMap<>();
        Map<String, JsonNode> x2many = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDef f = schema.field(model, e.getKey());
            if (f == null) {
                rec.put(e.getKey(), Domain.toJava(e.getValue()));
                continue;
            }
            if ("one2many".equals(f.type()) || ("many2many".equals(f.type()) && models.isComputedX2many(model, f.name()))) {
                x2many.put(e.getKey(), e.getValue());
                continue;
            }
            rec.put(e.getKey(), convertIn(env, model, f, e.getValue(), List.of()));
        }
        // Odoo's required fields are NOT NULL columns: the INSERT fails, after it drew the id from the sequence
        long id = store.nextId(model);
        models.checkRequired(model, rec);
        rec.put("create_uid", env.uid);
        rec.put("create_date", now());
        rec.put("write_uid", env.uid);
        rec.put("write_date", now());
        store.insert(model, id, rec);
        for (Map.Entry<String, JsonNode> e : x2many.entrySet()) {
            applyX2many(env, model, id, schema.field(model, e.getKey()), e.getValue());
        }
        models.afterCreate(env, model, id, vals);
        models.checkConstraints(env, model, List.of(id));
        return id;
    }

    /**
     * The field names of the records an x2many create command makes ({@code (0, 0, vals)}), checked while Odoo converts
     * the values, before the parent row is inserted: a wrong name fails the whole create without drawing the parent's id.
     */
    private void checkNestedFieldNames(String model, ObjectNode vals) {
        for (Iterator<Map.Entry<String, JsonNode>> it = vals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDef f = schema.field(model, e.getKey());
            if (f == null || !f.isX2many() || !e.getValue().isArray()) {
                continue;
            }
            for (JsonNode cmd : e.getValue()) {
                if (cmd.isArray() && cmd.size() == 3 && cmd.get(0).asInt() == 0 && cmd.get(2).isObject()) {
                    for (Iterator<String> names = cmd.get(2).fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (!schema.hasField(f.relation(), name) && !models.acceptsExtraValue(f.relation(), name)) {
                            throw OdooError.value("Invalid field " + PyRepr.str(name) + " on model " + PyRepr.str(f.relation()));
                        }
                    }
                    checkNestedFieldNames(f.relation(), (ObjectNode) cmd.get(2));
                }
            }
        }
    }

    /** Odoo's MissingError for ids of {@code model} that do not exist (a write, an unlink, a button on them). */
    void requireExisting(Env env, String model, List<Long> ids) {
        List<Long> missing = new ArrayList<>();
        for (Long id : ids) {
            if (!store.exists(model, id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw OdooError.missing(model, missing, env.uid);
        }
    }

    void write(Env env, String model, List<Long> ids, ObjectNode vals) {
        security.checkAccess(env, model, "write");
        requireExisting(env, model, ids);
        for (Iterator<String> it = vals.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!schema.hasField(model, name) && !models.acceptsExtraValue(model, name)) {
                throw OdooError.value("Invalid field " + PyRepr.str(name) + (schema.version() >= 19 ? " in " : " on model ") + PyRepr.str(model));
            }
        }
        models.beforeWrite(env, model, ids, vals);
        for (Long id : ids) {
            store.markWritten(model, id);
            for (Iterator<Map.Entry<String, JsonNode>> it = vals.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                FieldDef f = schema.field(model, e.getKey());
                if (f == null) {
                    store.set(model, id, e.getKey(), Domain.toJava(e.getValue()));
                } else if ("one2many".equals(f.type()) || ("many2many".equals(f.type()) && models.isComputedX2many(model, f.name()))) {
                    applyX2many(env, model, id, f, e.getValue());
                } else {
                    store.set(model, id, e.getKey(), convertIn(env, model, f, e.getValue(), Domain.ids(store.get(model, id).get(f.name()))));
                }
            }
        }
        models.afterWrite(env, model, ids, vals);
        models.checkConstraints(env, model, ids);
    }

    void unlink(Env env, String model, List<Long> ids) {
        security.checkAccess(env, model, "unlink");
        requireExisting(env, model, ids);
        models.beforeUnlink(env, model, ids);
        for (Long id : ids) {
            if (store.exists(model, id)) {
                store.delete(model, id);
            }
        }
    }

    /** Converts an incoming JSON value of a field to its stored form, validating it like Odoo does. */
    Object convertIn(Env env, String model, FieldDef f, JsonNode v, List<Long> current) {
        if (v == null || v.isNull() || (v.isBoolean() && !v.asBoolean() && !"boolean".equals(f.type()))) {
            return "many2many".equals(f.type()) ? new ArrayList<Long>() : null;
        }
        switch (f.type()) {
            case "many2one": {
                long id = v.isArray() ? v.get(0).asLong() : v.asLong();
                if (!store.exists(f.relation(), id)) {
                    throw OdooError.missing(f.relation(), List.of(id), env.uid);
                }
                return id;
            }
            case "many2many":
                return applyCommands(env, f, v, new ArrayList<>(current));
            case "integer":
                return v.asLong();
            case "float":
            case "monetary":
                return v.asDouble();
            case "boolean":
                return v.asBoolean();
            case "selection": {
                String s = v.asText();
                if (!f.hasSelectionValue(s)) {
                    throw OdooError.value("Wrong value for " + model + "." + f.name() + ": " + PyRepr.of(v));
                }
                return s;
            }
            case "json":
                return models.normalizeJson(model, f.name(), v);
            case "date":
                return v.asText().length() > 10 ? v.asText().substring(0, 10) : v.asText();
            case "html": {
                // html fields are sanitized: plain text is escaped and wrapped in a paragraph (recorded: narration)
                String text = v.asText();
                return text.isEmpty() || text.startsWith("<") ? text
                        : "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>";
            }
            default:
                return v.isTextual() ? v.asText() : v.toString();
        }
    }

    private List<Long> applyCommands(Env env, FieldDef f, JsonNode v, List<Long> ids) {
        if (!v.isArray()) {
            return ids;
        }
        for (JsonNode cmd : v) {
            if (cmd.isNumber()) {
                ids.add(cmd.asLong());
                continue;
            }
            int op = cmd.get(0).asInt();
            switch (op) {
                case 0:
                    ids.add(createOne(env, f.relation(), (ObjectNode) cmd.get(2)));
                    break;
                case 1:
                    write(env, f.relation(), List.of(cmd.get(1).asLong()), (ObjectNode) cmd.get(2));
                    break;
                case 2:
                    unlink(env, f.relation(), List.of(cmd.get(1).asLong()));
                    ids.remove(Long.valueOf(cmd.get(1).asLong()));
                    break;
                case 3:
                    ids.remove(Long.valueOf(cmd.get(1).asLong()));
                    break;
                case 4:
                    if (!ids.contains(cmd.get(1).asLong())) {
                        ids.add(cmd.get(1).asLong());
                    }
                    break;
                case 5:
                    ids.clear();
                    break;
                case 6:
                    ids.clear();
                    cmd.get(2).forEach(x -> ids.add(x.asLong()));
                    break;
                default:
                    throw OdooError.value("Invalid x2many command " + PyRepr.of(cmd));
            }
        }
        return ids;
    }

    /** Applies x2many commands on a one2many (or computed many2many) of a stored record. */
    void applyX2many(Env env, String model, long id, FieldDef f, JsonNode v) {
        String inverse = models.inverseField(model, f.name());
        if (inverse == null) {
            return;
        }
        String comodel = f.relation();
        if (!v.isArray()) {
            return;
        }
        for (JsonNode cmd : v) {
            int op = cmd.isNumber() ? 4 : cmd.get(0).asInt();
            long target = cmd.isNumber() ? cmd.asLong() : cmd.size() > 1 ? cmd.get(1).asLong() : 0;
            switch (op) {
                case 0: {
                    ObjectNode child = ((ObjectNode) cmd.get(2)).deepCopy();
                    child.put(inverse, id);
                    models.prepareChild(env, model, id, f.name(), child);
                    createOne(env, comodel, child);
                    break;
                }
                case 1:
                    write(env, comodel, List.of(target), (ObjectNode) cmd.get(2));
                    break;
                case 2:
                    unlink(env, comodel, List.of(target));
                    break;
                case 3:
                    store.set(comodel, target, inverse, null);
                    break;
                case 4:
                    linkChild(env, comodel, target, inverse, id);
                    break;
                case 5:
                case 6: {
                    for (Map<String, Object> child : new ArrayList<>(store.table(comodel).values())) {
                        Object parent = child.get(inverse);
                        if (parent instanceof Number && ((Number) parent).longValue() == id) {
                            store.set(comodel, ((Number) child.get("id")).longValue(), inverse, null);
                        }
                    }
                    if (op == 6) {
                        for (JsonNode x : cmd.get(2)) {
                            linkChild(env, comodel, x.asLong(), inverse, id);
                        }
                    }
                    break;
                }
                default:
                    throw OdooError.value("Invalid x2many command " + PyRepr.of(cmd));
            }
        }
    }

    private void linkChild(Env env, String comodel, long child, String inverse, long parent) {
        if (!store.exists(comodel, child)) {
            throw OdooError.missing(comodel, List.of(child), env.uid);
        }
        store.set(comodel, child, inverse, parent);
        models.afterLink(env, comodel, child, inverse, parent);
    }

    /** Ids of the records of {@code comodel} whose {@code inverse} points at {@code id}, in comodel order. */
    /** Children by parent id per "comodel|inverse", rebuilt when the store changed (a one2many read stays O(children)). */
    private final Map<String, Map<Long, List<Map<String, Object>>>> childIndex = new java.util.HashMap<>();
    private long childIndexVersion = -1;

    private final Map<String, List<Long>> sortedChildren = new java.util.HashMap<>();

    List<Long> children(String comodel, String inverse, long id) {
        if (childIndexVersion != store.version()) {
            childIndex.clear();
            sortedChildren.clear();
            childIndexVersion = store.version();
        }
        String key = comodel + "|" + inverse + "|" + id;
        List<Long> cached = sortedChildren.get(key);
        if (cached != null) {
            return new ArrayList<>(cached);
        }
        Map<Long, List<Map<String, Object>>> byParent = childIndex.computeIfAbsent(comodel + "|" + inverse, k -> {
            Map<Long, List<Map<String, Object>>> index = new java.util.HashMap<>();
            for (Map<String, Object> rec : store.table(comodel).values()) {
                if (rec.get(inverse) instanceof Number p) {
                    index.computeIfAbsent(p.longValue(), x -> new ArrayList<>()).add(rec);
                }
            }
            return index;
        });
        List<Map<String, Object>> found = new ArrayList<>(byParent.getOrDefault(id, List.of()));
        found.sort(comparator(comodel, parseOrder(comodel, models.defaultOrder(comodel))));
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> rec : found) {
            ids.add(((Number) rec.get("id")).longValue());
        }
        sortedChildren.put(key, List.copyOf(ids));
        return ids;
    }

    // ------------------------------------------------------------------ fields_get

    ObjectNode fieldsGet(String model, JsonNode allfields, JsonNode attributes) {
        ObjectNode out = F.objectNode();
        Set<String> wanted = null;
        if (allfields != null && allfields.isArray() && !allfields.isEmpty()) {
            wanted = new LinkedHashSet<>();
            for (JsonNode f : allfields) {
                wanted.add(f.asText());
            }
        }
        Set<String> attrs = null;
        if (attributes != null && attributes.isArray() && !attributes.isEmpty()) {
            attrs = new LinkedHashSet<>();
            for (JsonNode a : attributes) {
                attrs.add(a.asText());
            }
        }
        for (FieldDef f : schema.fields(model).values()) {
            if ((wanted != null && !wanted.contains(f.name())) || models.hiddenFromFieldsGet(model, f.name())) {
                continue;
            }
            ObjectNode desc = F.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = f.raw().fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                // Odoo adds some attributes whether asked or not (searchable, domain...): keep those as recorded
                if (attrs == null || attrs.contains(e.getKey()) || !STANDARD_ATTRIBUTES.contains(e.getKey())) {
                    desc.set(e.getKey(), e.getValue());
                }
            }
            out.set(f.name(), desc);
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers for behaviours

    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** Odoo's {@code float_round}: multiplies back by the rounding factor, keeping its binary artefacts. */
    static double floatRound(double value, double rounding) {
        return Math.round(value / rounding) * rounding;
    }

    static ObjectNode obj() {
        return F.objectNode();
    }
}
