package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The behaviour of a group of related Odoo models, one class per family ({@link BaseModels}, {@link AccountModels},
 * ...), reached through {@link Models}: each hook is called only for the models the family names. The defaults do
 * what Odoo does for a model without code of its own; the helpers here are the ones several families share.
 */
abstract class ModelFamily {

    final Orm orm;
    /** The dispatcher, for the other families ({@code models.account}, ...) and display names of any model. */
    final Models models;
    /** The models this family implements. */
    final Set<String> names;

    ModelFamily(Orm orm, Models models, Set<String> names) {
        this.orm = orm;
        this.models = models;
        this.names = names;
    }

    int v() {
        return orm.version;
    }

    // ------------------------------------------------------------------ hooks, by default none

    String displayName(String model, Map<String, Object> r) {
        Object name = r.get("name");
        return name == null ? model + "," + r.get("id") : String.valueOf(name);
    }

    /** A computed field's value, or {@link Models#STORED} to read the stored one. */
    Object compute(String model, Map<String, Object> r, String field) {
        return common(model, r, field);
    }

    /** Fields a record cannot be stored without (Odoo's NOT NULL columns). */
    List<String> requiredFields(String model) {
        return List.of();
    }

    void beforeCreate(Env env, String model, ObjectNode vals) {
    }

    void afterCreate(Env env, String model, long id) {
    }

    /** Completes the values of a new child record created through {@code field} of the parent's x2many commands. */
    void prepareChild(Env env, String model, long id, String field, ObjectNode child) {
    }

    void beforeWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
    }

    void afterWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
    }

    void checkConstraints(Env env, String model, List<Long> ids) {
    }

    void beforeUnlink(Env env, String model, List<Long> ids) {
    }

    /** Runs a model-specific method; returns null when the model has no such method. */
    JsonNode call(Env env, String model, String method, List<Long> ids, Params p) {
        return null;
    }

    // ------------------------------------------------------------------ shared helpers

    /** The fields every model computes: the display name and (before 17) {@code __last_update}. */
    final Object common(String model, Map<String, Object> r, String field) {
        if ("display_name".equals(field)) {
            return models.displayName(model, r);
        }
        if ("__last_update".equals(field)) {
            return r.get("write_date");
        }
        return Models.STORED;
    }

    /** The company a new record belongs to: the first allowed in the context, else the user's. */
    final long currentCompany(Env env) {
        List<Long> allowed = env.allowedCompanyIds();
        if (allowed != null && !allowed.isEmpty()) {
            return allowed.get(0);
        }
        Map<String, Object> user = orm.store.get("res.users", env.uid);
        Long c = user == null ? null : id(user.get("company_id"));
        return c == null ? 1L : c;
    }

    final Long companyCurrency(Long company) {
        if (company == null) {
            return null;
        }
        Map<String, Object> c = orm.store.get("res.company", company);
        return c == null ? null : id(c.get("currency_id"));
    }

    /** One of the company's default accounts (payable, receivable, outstanding payments/receipts) from the seed. */
    final Long companyAccount(Long company, String key) {
        Map<String, Object> c = company == null ? null : orm.store.get("res.company", company);
        return c == null ? null : id(c.get(key));
    }

    /** Units of the currency per unit of the company currency on a date (Odoo's rate semantics). */
    final double currencyRate(long currencyId, String date) {
        String best = null;
        double rate = 1.0;
        for (Map<String, Object> rate0 : orm.store.table("res.currency.rate").values()) {
            if (id(rate0.get("currency_id")) == currencyId) {
                String d = str(rate0.get("name"));
                if (d != null && d.compareTo(date) <= 0 && (best == null || d.compareTo(best) > 0)) {
                    best = d;
                    rate = num(rate0.get("rate")).doubleValue();
                }
            }
        }
        return rate;
    }

    /** Formats an amount like Odoo's {@code formatLang} with the currency symbol ("$\u00a01,421.01"). */
    final String formatAmount(double amount, Long currencyId) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        String n = f.format(amount);
        if (currencyId == null) {
            return n;
        }
        Map<String, Object> c = orm.store.get("res.currency", currencyId);
        if (c == null) {
            return n;
        }
        String symbol = str(c.get("symbol"));
        return "after".equals(c.get("position")) ? n + "\u00a0" + symbol : symbol + "\u00a0" + n;
    }

    /** The stored record a many2one value points to, or null when the value is empty. */
    final Map<String, Object> rec(String model, Object idValue) {
        Long i = id(idValue);
        return i == null ? null : orm.store.get(model, i);
    }

    static void putDefault(ObjectNode vals, String field, Object value) {
        if (!vals.has(field)) {
            if (value instanceof Boolean) {
                vals.put(field, (Boolean) value);
            } else if (value instanceof Long) {
                vals.put(field, (Long) value);
            } else if (value instanceof Double) {
                vals.put(field, (Double) value);
            } else {
                vals.put(field, String.valueOf(value));
            }
        }
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static Long id(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : null;
    }

    static Number num(Object o) {
        return o instanceof Number ? (Number) o : 0;
    }

    static BigDecimal dec(Object o) {
        return o instanceof Number ? BigDecimal.valueOf(((Number) o).doubleValue()) : BigDecimal.ZERO;
    }
}
