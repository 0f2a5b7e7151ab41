package io.financehub.sandbox.odoo;

import static io.financehub.sandbox.odoo.ModelFamily.num;
import static io.financehub.sandbox.odoo.ModelFamily.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model-specific behaviour of the emulated Odoo, written from the recorded exchanges of Odoo 16, 17 and 18
 * Community: the one entry point {@link Orm}, {@link Rpc} and {@link Seed} call. It holds what is said of models
 * in general (default orders, multi-company models, inverse fields, required fields, sort keys) and hands
 * each hook to the family that implements the model ({@link BaseModels}, {@link AccountModels}, ...); a model
 * of no family has only a display name.
 */
final class Models {

    /** Marker: the field is not computed here, use the stored value. */
    static final Object STORED = new Object();

    private static final Set<String> MULTI_COMPANY = Set.of("account.journal", "account.move", "account.move.line",
            "account.bank.statement", "account.bank.statement.line", "account.payment", "purchase.order",
            "purchase.order.line", "account.analytic.account", "account.analytic.line", "account.account");

    private static final Map<String, String> ORDERS = Map.ofEntries(
            Map.entry("res.partner", "complete_name asc, id desc"),
            Map.entry("res.currency", "active desc, name"),
            Map.entry("account.journal", "sequence, type, code"),
            Map.entry("account.account", "code"),
            Map.entry("account.move", "date desc, name desc, id desc"),
            Map.entry("account.move.line", "date desc, move_name desc, id"),
            Map.entry("account.bank.statement", "first_line_index desc"),
            Map.entry("account.bank.statement.line", "internal_index desc"),
            Map.entry("account.payment", "date desc, name desc"),
            Map.entry("purchase.order", "priority desc, id desc"),
            Map.entry("purchase.order.line", "order_id, sequence, id"),
            Map.entry("account.analytic.account", "plan_id, name"),
            Map.entry("account.analytic.plan", "sequence, id"),
            Map.entry("account.analytic.line", "date desc, id desc"),
            Map.entry("res.bank", "name"),
            Map.entry("res.partner.bank", "sequence, id"),
            Map.entry("mail.message", "id desc"),
            Map.entry("account.payment.method.line", "sequence, id"),
            Map.entry("res.users", "name, login"),
            Map.entry("ir.model.data", "module, name"));

    private final Orm orm;
    private final BaseModels base;
    private final StatementModels statements;
    private final PaymentModels payments;
    private final PurchaseModels purchases;
    private final MailModels mail;
    /** The parts other families call: moves and posting, move numbers, analytic lines. */
    final AccountModels account;
    final MoveNumbering numbering;
    final AnalyticModels analytic;
    /** The family of each model it implements. */
    private final Map<String, ModelFamily> families = new HashMap<>();
    /** Models of no family: Odoo's defaults only. */
    private final ModelFamily generic;

    Models(Orm orm) {
        this.orm = orm;
        this.base = new BaseModels(orm, this);
        this.account = new AccountModels(orm, this);
        this.numbering = new MoveNumbering(orm);
        this.analytic = new AnalyticModels(orm, this);
        this.statements = new StatementModels(orm, this);
        this.payments = new PaymentModels(orm, this);
        this.purchases = new PurchaseModels(orm, this);
        this.mail = new MailModels(orm, this);
        this.generic = new ModelFamily(orm, this, Set.of()) {
        };
        for (ModelFamily family : List.of(base, account, analytic, statements, payments, purchases, mail)) {
            family.names.forEach(model -> families.put(model, family));
        }
    }

    private ModelFamily family(String model) {
        return families.getOrDefault(model, generic);
    }

    private int v() {
        return orm.version;
    }

    String defaultOrder(String model) {
        String order = ORDERS.getOrDefault(model, "id");
        // drop keys the version's schema lacks (the recorded Odoo 16 schema of res.partner has no complete_name)
        StringBuilder sb = new StringBuilder();
        for (String part : order.split(",")) {
            String field = part.trim().split("\\s+")[0];
            if (orm.schema.hasField(model, field)) {
                sb.append(sb.length() > 0 ? ", " : "").append(part.trim());
            }
        }
        return sb.length() == 0 ? "id" : sb + ", id";
    }

    boolean isMultiCompany(String model) {
        return MULTI_COMPANY.contains(model);
    }

    boolean hiddenFromAllFields(String model, String field) {
        FieldDef f = orm.schema.field(model, field);
        return f == null || field.startsWith("password") || "api_keys".equals(field) || "all_groups".equals(field);
    }

    boolean hiddenFromFieldsGet(String model, String field) {
        return "password".equals(field) || "api_keys".equals(field) || "all_groups".equals(field) || "xmlid".equals(field);
    }

    boolean acceptsExtraValue(String model, String field) {
        return "res.users".equals(model) && ("password".equals(field) || "api_keys".equals(field));
    }

    boolean isComputedX2many(String model, String field) {
        return inverseField(model, field) != null && "many2many".equals(orm.schema.field(model, field).type());
    }

    /** The many2one on the comodel that a one2many is the inverse of. */
    String inverseField(String model, String field) {
        switch (model + "." + field) {
            case "account.bank.statement.line_ids": return "statement_id";
            case "account.move.line_ids":
            case "account.move.invoice_line_ids": return "move_id";
            case "purchase.order.order_line": return "order_id";
            case "res.partner.bank_ids": return "partner_id";
            case "res.partner.child_ids": return "parent_id";
            case "account.analytic.plan.account_ids": return "plan_id";
            case "account.journal.inbound_payment_method_line_ids":
            case "account.journal.outbound_payment_method_line_ids": return "journal_id";
            case "res.currency.rate_ids": return "currency_id";
            default: return null;
        }
    }

    // ================================================================== display names and sort keys

    String displayName(String model, Map<String, Object> r) {
        return family(model).displayName(model, r);
    }

    /** Value a many2one sorts by: the target's own order (account by code, journal by sequence...). */
    Object sortKey(String model, Map<String, Object> r) {
        switch (model) {
            case "account.account":
                return str(r.get("code"));
            case "account.journal":
                return List.of(num(r.get("sequence")), str(r.get("type")) == null ? "" : str(r.get("type")), str(r.get("code")));
            case "res.currency":
            case "res.company":
            case "res.partner":
            case "account.analytic.plan":
                return displayName(model, r);
            default:
                return ((Number) r.get("id")).longValue();
        }
    }

    // ================================================================== computed fields and hooks

    /** A computed field's value, or {@link #STORED} to read the stored one. */
    Object compute(String model, Map<String, Object> r, String field) {
        return family(model).compute(model, r, field);
    }

    void beforeCreate(Env env, String model, ObjectNode vals) {
        family(model).beforeCreate(env, model, vals);
    }

    void checkRequired(String model, Map<String, Object> rec) {
        for (String field : family(model).requiredFields(model)) {
            if (rec.get(field) == null) {
                FieldDef f = orm.schema.field(model, field);
                if (v() < 19) {
                    throw OdooError.validation("The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
                            + "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                            + "Model: " + orm.schema.description(model) + " (" + model + ")\nField: " + f.string() + " (" + field + ")\n");
                }
                throw OdooError.validation("The operation cannot be completed: Missing required value for the field '" + f.string()
                        + "' (" + field + ").\nModel: '" + orm.schema.description(model) + "' (" + model + ")\n"
                        + "- create/update: a mandatory field is not set\n"
                        + "- delete: another model requires the record being deleted, you can archive it instead\n");
            }
        }
    }

    void afterCreate(Env env, String model, long id, ObjectNode vals) {
        family(model).afterCreate(env, model, id);
    }

    void prepareChild(Env env, String model, long id, String field, ObjectNode child) {
        family(model).prepareChild(env, model, id, field, child);
    }

    void afterLink(Env env, String comodel, long child, String inverse, long parent) {
        // lines adopted by a statement keep their own move; nothing else changes
    }

    void beforeWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
        family(model).beforeWrite(env, model, ids, vals);
    }

    void afterWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
        family(model).afterWrite(env, model, ids, vals);
    }

    void checkConstraints(Env env, String model, List<Long> ids) {
        family(model).checkConstraints(env, model, ids);
    }

    void beforeUnlink(Env env, String model, List<Long> ids) {
        family(model).beforeUnlink(env, model, ids);
    }

    // ================================================================== model methods

    /** Runs a model-specific method; returns null when the model has no such method. */
    JsonNode call(Env env, String model, String method, List<Long> ids, Params p) {
        JsonNode result = family(model).call(env, model, method, ids, p);
        if (result == null && "message_post".equals(method) && orm.schema.hasField(model, "message_ids")) {
            return mail.messagePost(env, model, ids, p);
        }
        return result;
    }

    /** Prepares the register-payment wizard from the bills in the context ({@code active_ids}). */
    void prepareRegisterWizard(Env env, ObjectNode vals) {
        payments.prepareRegisterWizard(env, vals);
    }

    /** Odoo 17+ adds one column per non-default analytic plan to analytic lines ({@code x_plan<N>_id}). */
    void addPlanColumn(long planId) {
        analytic.addPlanColumn(planId);
    }

    /** Names the moves of statement lines created in the running call, as Odoo does when the call ends. */
    void nameDeferredMoves() {
        numbering.nameDeferred();
    }

    JsonNode normalizeJson(String model, String field, JsonNode v) {
        return analytic.normalizeJson(field, v);
    }
}
