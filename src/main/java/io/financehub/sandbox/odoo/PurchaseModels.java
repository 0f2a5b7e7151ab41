package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Purchase orders, their lines and the products they buy ({@code purchase.order}, {@code purchase.order.line},
 * {@code product.product}): names drawn from the order sequence, totals and billing status from the lines, and
 * confirmation with the company's two-step approval above an amount unless the user is a purchase manager.
 * Versions differ only in the line's unit field ({@code product_uom} to 18, {@code product_uom_id} in 19).
 */
final class PurchaseModels extends ModelFamily {

    PurchaseModels(Orm orm, Models models) {
        super(orm, models, Set.of("purchase.order", "purchase.order.line", "product.product"));
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        switch (model) {
            case "purchase.order":
                return r.get("partner_ref") != null ? r.get("name") + " (" + r.get("partner_ref") + ")" : str(r.get("name"));
            case "product.product":
                return r.get("default_code") != null ? "[" + r.get("default_code") + "] " + r.get("name") : str(r.get("name"));
            default:
                return super.displayName(model, r);
        }
    }

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        switch (model) {
            case "purchase.order": return purchaseField(r, field);
            case "purchase.order.line": return purchaseLineField(r, field);
            default: return common(model, r, field);
        }
    }

    private Object purchaseField(Map<String, Object> r, String field) {
        long oid = id(r.get("id"));
        switch (field) {
            case "order_line": return orm.children("purchase.order.line", "order_id", oid);
            case "amount_untaxed":
            case "amount_total": {
                BigDecimal t = BigDecimal.ZERO;
                for (Long l : orm.children("purchase.order.line", "order_id", oid)) {
                    t = t.add(lineSubtotal(orm.store.get("purchase.order.line", l)));
                }
                return t.doubleValue();
            }
            case "amount_tax": return 0.0;
            case "invoice_status": {
                // as Odoo computes it from the lines' billed quantities (posting a vendor bill raises qty_invoiced)
                if (!"purchase".equals(r.get("state")) && !"done".equals(r.get("state"))) {
                    return "no";
                }
                boolean any = false;
                boolean all = true;
                for (Long l : orm.children("purchase.order.line", "order_id", oid)) {
                    Map<String, Object> line = orm.store.get("purchase.order.line", l);
                    BigDecimal billed = line.get("qty_invoiced") == null ? BigDecimal.ZERO : dec(line.get("qty_invoiced"));
                    any |= billed.signum() > 0;
                    all &= billed.compareTo(dec(line.get("product_qty"))) >= 0;
                }
                return any && all ? "invoiced" : any ? "to invoice" : "no";
            }
            case "date_planned": {
                String min = null;
                for (Long l : orm.children("purchase.order.line", "order_id", oid)) {
                    String d = str(orm.store.get("purchase.order.line", l).get("date_planned"));
                    if (d != null && (min == null || d.compareTo(min) < 0)) {
                        min = d;
                    }
                }
                return min;
            }
            case "currency_id": return r.get("currency_id") != null ? r.get("currency_id") : companyCurrency(id(r.get("company_id")));
            default: return common("purchase.order", r, field);
        }
    }

    private static BigDecimal lineSubtotal(Map<String, Object> line) {
        return dec(line.get("product_qty")).multiply(dec(line.get("price_unit"))).setScale(2, RoundingMode.HALF_UP);
    }

    private Object purchaseLineField(Map<String, Object> r, String field) {
        Map<String, Object> order = rec("purchase.order", (r.get("order_id")));
        switch (field) {
            case "price_subtotal":
            case "price_total":
                return lineSubtotal(r).doubleValue();
            case "state":
            case "partner_id":
            case "company_id":
                return order == null ? null : order.get(field);
            case "currency_id": return order == null ? null : purchaseField(order, "currency_id");
            case "qty_received":
            case "qty_invoiced":
                return r.get(field) == null ? 0.0 : dec(r.get(field)).doubleValue();
            default: return common("purchase.order.line", r, field);
        }
    }

    // ------------------------------------------------------------------ create and delete

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        switch (model) {
            case "purchase.order":
                beforeCreatePurchase(env, vals);
                break;
            case "purchase.order.line":
                beforeCreatePurchaseLine(vals);
                break;
            case "product.product":
                putDefault(vals, "active", true);
                break;
            default:
                break;
        }
    }

    private void beforeCreatePurchase(Env env, ObjectNode vals) {
        // the name sequence is drawn before the access check, so a refused create still consumes a number
        vals.put("name", String.format(Locale.ROOT, "P%05d", orm.store.nextNumber("purchase.order")));
        putDefault(vals, "state", "draft");
        if (!vals.has("company_id")) {
            vals.put("company_id", currentCompany(env));
        }
        if (!vals.has("user_id")) {
            vals.put("user_id", env.uid);
        }
        if (!vals.has("date_order")) {
            vals.put("date_order", orm.now());
        }
        if (!vals.has("currency_id")) {
            vals.put("currency_id", companyCurrency(vals.get("company_id").asLong()));
        }
        if (vals.has("order_line")) {
            for (JsonNode cmd : vals.get("order_line")) {
                if (cmd.isArray() && cmd.get(0).asInt() == 0 && !cmd.get(2).has("date_planned")) {
                    ((ObjectNode) cmd.get(2)).put("date_planned", vals.get("date_order").asText());
                }
            }
        }
    }

    private void beforeCreatePurchaseLine(ObjectNode vals) {
        if (vals.hasNonNull("product_id") && vals.get("product_id").isNumber()) {
            Map<String, Object> product = orm.store.get("product.product", vals.get("product_id").asLong());
            if (product != null) {
                if (!vals.has("name")) {
                    vals.put("name", displayName("product.product", product));
                }
                String uomField = orm.schema.hasField("purchase.order.line", "product_uom_id") ? "product_uom_id" : "product_uom";
                if (!vals.has(uomField)) {
                    vals.put(uomField, 1);
                }
                if (!vals.has("price_unit")) {
                    vals.put("price_unit", num(product.get("standard_price")).doubleValue());
                }
            }
        }
        putDefault(vals, "product_qty", 1.0);
        putDefault(vals, "sequence", 10L);
    }

    @Override
    void beforeUnlink(Env env, String model, List<Long> ids) {
        if (!"purchase.order".equals(model)) {
            return;
        }
        for (Long id : ids) {
            if (!"cancel".equals(orm.store.get(model, id).get("state"))) {
                throw OdooError.user("In order to delete a purchase order, you must cancel it first.");
            }
        }
        for (Long id : ids) {
            for (Long l : orm.children("purchase.order.line", "order_id", id)) {
                orm.store.delete("purchase.order.line", l);
            }
        }
    }

    // ------------------------------------------------------------------ approval

    @Override
    JsonNode call(Env env, String model, String method, List<Long> ids, Params p) {
        switch (model + "#" + method) {
            case "purchase.order#button_confirm":
                orm.security.checkAccess(env, model, "write");
                orm.requireExisting(env, model, ids);
                for (Long id : ids) {
                    Map<String, Object> order = orm.store.get(model, id);
                    if (!"draft".equals(order.get("state")) && !"sent".equals(order.get("state"))) {
                        continue;
                    }
                    if (approvalAllowed(env, id)) {
                        orm.store.set(model, id, "state", "purchase");
                        orm.store.set(model, id, "date_approve", orm.now());
                    } else {
                        orm.store.set(model, id, "state", "to approve");
                    }
                }
                return BooleanNode.TRUE;
            case "purchase.order#button_approve":
                orm.security.checkAccess(env, model, "write");
                orm.requireExisting(env, model, ids);
                for (Long id : ids) {
                    if (approvalAllowed(env, id)) {
                        orm.store.set(model, id, "state", "purchase");
                        orm.store.set(model, id, "date_approve", orm.now());
                    }
                }
                return Orm.obj();
            case "purchase.order#button_cancel":
                orm.security.checkAccess(env, model, "write");
                orm.requireExisting(env, model, ids);
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "cancel");
                }
                return Orm.NONE;
            case "purchase.order#button_draft":
                orm.requireExisting(env, model, ids);
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "draft");
                }
                return Orm.obj();
            default:
                return null;
        }
    }

    private boolean approvalAllowed(Env env, long orderId) {
        Map<String, Object> order = orm.store.get("purchase.order", orderId);
        Map<String, Object> company = rec("res.company", (order.get("company_id")));
        String mode = company == null ? "one_step" : str(company.get("po_double_validation"));
        if (mode == null || "one_step".equals(mode)) {
            return true;
        }
        double threshold = num(company.get("po_double_validation_amount")).doubleValue();
        double total = ((Number) purchaseField(order, "amount_total")).doubleValue();
        return total < threshold || orm.security.hasGroup(env.uid, "purchase.group_purchase_manager");
    }
}
