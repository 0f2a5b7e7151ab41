package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analytic accounting ({@code account.analytic.account}, {@code account.analytic.plan}, {@code account.analytic.line}):
 * the lines a posted journal item's {@code analytic_distribution} yields, removed again when its entry goes back to
 * draft or is cancelled. Odoo 16 puts every analytic account in {@code account_id}; 17+ gives each plan but the
 * first a column of its own ({@code x_plan<N>_id}).
 */
final class AnalyticModels extends ModelFamily {

    AnalyticModels(Orm orm, Models models) {
        super(orm, models, Set.of("account.analytic.account", "account.analytic.plan", "account.analytic.line"));
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        if ("account.analytic.account".equals(model)) {
            return r.get("code") != null ? "[" + r.get("code") + "] " + r.get("name") : str(r.get("name"));
        }
        return super.displayName(model, r);
    }

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        return "account.analytic.account".equals(model) ? analyticAccountField(r, field) : common(model, r, field);
    }

    private Object analyticAccountField(Map<String, Object> r, String field) {
        switch (field) {
            case "root_plan_id": return r.get("plan_id");
            case "balance":
            case "debit":
            case "credit":
                return 0.0;
            case "currency_id": return companyCurrency(id(r.get("company_id")));
            default: return common("account.analytic.account", r, field);
        }
    }

    @Override
    List<String> requiredFields(String model) {
        switch (model) {
            case "account.analytic.account": return List.of("name", "plan_id");
            case "account.analytic.plan": return List.of("name");
            default: return List.of();
        }
    }

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        if ("account.analytic.account".equals(model)) {
            putDefault(vals, "active", true);
            if (!vals.has("company_id")) {
                vals.put("company_id", currentCompany(env));
            }
        }
    }

    @Override
    void afterCreate(Env env, String model, long id) {
        if ("account.analytic.plan".equals(model)) {
            addPlanColumn(id);
        }
    }

    /** Odoo 17+ adds one column per non-default analytic plan to analytic lines ({@code x_plan<N>_id}). */
    void addPlanColumn(long planId) {
        if (v() < 17 || planId == 1) {
            return;
        }
        String name = "x_plan" + planId + "_id";
        ObjectNode raw = Orm.obj();
        raw.put("readonly", false).put("relation", "account.analytic.account").put("required", false).put("store", true)
                .put("string", str(orm.store.get("account.analytic.plan", planId).get("name"))).put("type", "many2one")
                .put("domain", "[('plan_id', 'child_of', " + planId + ")]");
        orm.schema.addField("account.analytic.line", new FieldDef(name, "many2one", "account.analytic.account", false, false,
                true, str(orm.store.get("account.analytic.plan", planId).get("name")), raw));
    }

    /** Writes the analytic lines of a posted entry's items, one per analytic account of each distribution. */
    void createLines(Env env, long moveId) {
        for (Long l : models.account.moveLines(moveId)) {
            Map<String, Object> line = orm.store.get("account.move.line", l);
            Object dist = line.get("analytic_distribution");
            if (!(dist instanceof JsonNode) || ((JsonNode) dist).isEmpty()) {
                continue;
            }
            BigDecimal balance = dec(line.get("debit")).subtract(dec(line.get("credit")));
            Iterator<Map.Entry<String, JsonNode>> it = ((JsonNode) dist).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                BigDecimal amount = balance.negate().multiply(BigDecimal.valueOf(e.getValue().asDouble())).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                for (String key : e.getKey().split(",")) {
                    long account = Long.parseLong(key.trim());
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("name", line.get("name"));
                    a.put("amount", amount.doubleValue());
                    a.put("date", models.compute("account.move.line", line, "date"));
                    a.put("move_line_id", l);
                    a.put("general_account_id", line.get("account_id"));
                    a.put("company_id", models.compute("account.move.line", line, "company_id"));
                    a.put("partner_id", line.get("partner_id"));
                    Map<String, Object> analytic = orm.store.get("account.analytic.account", account);
                    Long plan = analytic == null ? null : id(analytic.get("plan_id"));
                    if (v() >= 17 && plan != null && plan != 1) {
                        a.put("x_plan" + plan + "_id", account);
                    } else {
                        a.put("account_id", account);
                        a.put("plan_id", plan);
                    }
                    long aid = orm.store.nextId("account.analytic.line");
                    orm.store.insert("account.analytic.line", aid, a);
                }
            }
        }
    }

    /** Deletes the analytic lines of an entry's items. */
    void removeLines(long moveId) {
        List<Long> lines = models.account.moveLines(moveId);
        for (Map<String, Object> a : new ArrayList<>(orm.store.table("account.analytic.line").values())) {
            if (lines.contains(id(a.get("move_line_id")))) {
                orm.store.delete("account.analytic.line", id(a.get("id")));
            }
        }
    }

    /** A stored JSON value; an analytic distribution keeps its percentages as floats, as Odoo's JSON column does. */
    JsonNode normalizeJson(String field, JsonNode v) {
        if ("analytic_distribution".equals(field) && v.isObject()) {
            ObjectNode out = Orm.obj();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asDouble());
            }
            return out;
        }
        return v.deepCopy();
    }
}
