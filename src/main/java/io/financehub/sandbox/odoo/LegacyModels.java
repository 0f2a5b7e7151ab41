package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Transitional: the families not yet split out of {@link Models}. */
final class LegacyModels extends ModelFamily {

    LegacyModels(Orm orm, Models models) {
        super(orm, models, Set.of());
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        switch (model) {
            case "account.payment": {
                if (v() >= 18) {
                    return r.get("name") != null ? str(r.get("name")) : "Draft Payment";
                }
                Map<String, Object> move = rec("account.move", (r.get("move_id")));
                return move == null ? "" : models.account.moveDisplayName(move, true);
            }
            case "account.bank.statement.line": {
                Map<String, Object> move = rec("account.move", (r.get("move_id")));
                return move == null ? "" : models.account.moveDisplayName(move, true);
            }
            case "purchase.order":
                return r.get("partner_ref") != null ? r.get("name") + " (" + r.get("partner_ref") + ")" : str(r.get("name"));
            case "product.product":
                return r.get("default_code") != null ? "[" + r.get("default_code") + "] " + r.get("name") : str(r.get("name"));
            case "account.payment.method.line":
                if (v() >= 18) {
                    Map<String, Object> j = rec("account.journal", (r.get("journal_id")));
                    return r.get("name") + (j == null ? "" : " (" + j.get("name") + ")");
                }
                return str(r.get("name"));
            default:
                return super.displayName(model, r);
        }
    }

    // ================================================================== computed fields

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        switch (model) {
            case "account.bank.statement": return statementField(r, field);
            case "account.bank.statement.line": return statementLineField(r, field);
            case "account.payment": return paymentField(r, field);
            case "purchase.order": return purchaseField(r, field);
            case "purchase.order.line": return purchaseLineField(r, field);
            case "account.payment.register": return Models.STORED;
            default: return common(model, r, field);
        }
    }

    // ------------------------------------------------------------------ bank statements

    private List<Long> statementLines(long statementId) {
        return orm.children("account.bank.statement.line", "statement_id", statementId);
    }

    /** The statement fields Odoo derives from its lines; every other field is read as stored. */
    private static final Set<String> STATEMENT_FIELDS_FROM_LINES = Set.of("line_ids", "date", "journal_id", "company_id",
            "currency_id", "first_line_index", "balance_end", "is_complete", "is_valid", "problem_description");

    private Object statementField(Map<String, Object> r, String field) {
        if (!STATEMENT_FIELDS_FROM_LINES.contains(field)) {
            return common("account.bank.statement", r, field);
        }
        long sid = id(r.get("id"));
        List<Long> lines = statementLines(sid);
        Map<String, Object> newest = lines.isEmpty() ? null : orm.store.get("account.bank.statement.line", lines.get(0));
        Map<String, Object> oldest = lines.isEmpty() ? null : orm.store.get("account.bank.statement.line", lines.get(lines.size() - 1));
        switch (field) {
            case "line_ids": return lines;
            case "date": return newest == null ? null : newest.get("date");
            case "journal_id": return newest == null ? null : newest.get("journal_id");
            case "company_id": return newest == null ? null : orm.get("account.bank.statement.line", lines.get(0), "company_id");
            case "currency_id": return newest == null ? null : orm.get("account.bank.statement.line", lines.get(0), "currency_id");
            case "first_line_index": return oldest == null ? null : oldest.get("internal_index");
            case "balance_end": return statementBalanceEnd(r, lines);
            case "is_complete": {
                if (lines.isEmpty()) {
                    return false;
                }
                return compareAmounts(statementBalanceEnd(r, lines), num(r.get("balance_end_real")).doubleValue()) == 0;
            }
            case "is_valid": return true;
            case "problem_description": {
                boolean complete = !lines.isEmpty() && compareAmounts(statementBalanceEnd(r, lines), num(r.get("balance_end_real")).doubleValue()) == 0;
                if (complete) {
                    return null;
                }
                Long currency = newest == null ? null : id(orm.get("account.bank.statement.line", lines.get(0), "currency_id"));
                return "The running balance (" + formatAmount(statementBalanceEnd(r, lines), currency)
                        + ") doesn't match the specified ending balance.";
            }
            default: return common("account.bank.statement", r, field);
        }
    }

    private double statementBalanceEnd(Map<String, Object> r, List<Long> lines) {
        BigDecimal total = BigDecimal.valueOf(num(r.get("balance_start")).doubleValue());
        for (Long l : lines) {
            total = total.add(BigDecimal.valueOf(num(orm.store.get("account.bank.statement.line", l).get("amount")).doubleValue()));
        }
        return total.doubleValue();
    }

    private static int compareAmounts(double a, double b) {
        return BigDecimal.valueOf(a).setScale(2, RoundingMode.HALF_UP).compareTo(BigDecimal.valueOf(b).setScale(2, RoundingMode.HALF_UP));
    }

    private Object statementLineField(Map<String, Object> r, String field) {
        Map<String, Object> move = rec("account.move", (r.get("move_id")));
        switch (field) {
            case "date":
            case "journal_id":
            case "company_id":
            case "state":
            case "ref":
            case "narration":
            case "partner_bank_id":
            case "name":
                return move == null ? r.get(field) : orm.value("account.move", move, field);
            case "currency_id": {
                Long journal = id(r.get("journal_id"));
                Object jc = journal == null ? null : orm.store.get("account.journal", journal).get("currency_id");
                return jc != null ? jc : companyCurrency(id(orm.value("account.bank.statement.line", r, "company_id")));
            }
            case "amount_currency": return r.get("foreign_currency_id") == null ? 0.0 : r.get("amount_currency");
            case "amount_residual": {
                // the open amount of the suspense line, in the foreign currency when there is one
                double amount = r.get("foreign_currency_id") != null ? num(r.get("amount_currency")).doubleValue()
                        : num(r.get("amount")).doubleValue();
                // 16/17 return float_round's binary artefact (19.990000000000002); 18 rounds cleanly
                return v() >= 18 ? Orm.round(-amount, 2) + 0.0 : Orm.floatRound(-amount, 0.01) + 0.0;
            }
            case "is_reconciled": return false;
            case "to_check": return false;
            case "checked": return true;
            default: return common("account.bank.statement.line", r, field);
        }
    }

    // ------------------------------------------------------------------ moves

    // ------------------------------------------------------------------ payments

    private Object paymentField(Map<String, Object> r, String field) {
        Map<String, Object> move = r.get("move_id") == null ? null : rec("account.move", (r.get("move_id")));
        boolean outbound = "outbound".equals(r.get("payment_type"));
        switch (field) {
            case "name":
                if (v() >= 18) {
                    return r.get("name");
                }
                return move == null ? null : move.get("name");
            case "state":
                if (v() >= 18) {
                    return r.get("state");
                }
                return move == null ? "draft" : move.get("state");
            case "date":
            case "ref":
            case "partner_bank_id":
                if (v() < 18 && move != null && !"partner_bank_id".equals(field)) {
                    return move.get(field);
                }
                return r.get(field);
            case "is_move_sent": return move != null && Boolean.TRUE.equals(move.get("is_move_sent"));
            case "is_sent": return Boolean.TRUE.equals(r.get("is_sent"));
            case "payment_method_id": {
                Object line = r.get("payment_method_line_id");
                return line == null ? null : rec("account.payment.method.line", (line)).get("payment_method_id");
            }
            case "payment_method_code": {
                Object line = r.get("payment_method_line_id");
                return line == null ? null : rec("account.payment.method.line", (line)).get("code");
            }
            case "destination_account_id": return companyAccount(id(paymentField(r, "company_id")), "supplier".equals(r.get("partner_type")) ? "x_payable_account" : "x_receivable_account");
            case "outstanding_account_id": return companyAccount(id(paymentField(r, "company_id")), outbound ? "x_outstanding_payment_account" : "x_outstanding_receipt_account");
            case "amount_signed": {
                double amount = num(r.get("amount")).doubleValue();
                return outbound ? -amount : amount;
            }
            case "reconciled_bill_ids": return Domain.ids(r.get("reconciled_bill_ids"));
            case "is_reconciled": return !Domain.ids(r.get("reconciled_bill_ids")).isEmpty();
            case "is_matched": return false;
            case "currency_id": return r.get("currency_id") != null ? r.get("currency_id") : companyCurrency(id(r.get("company_id")));
            case "company_id": {
                Object j = r.get("journal_id");
                return j == null ? r.get("company_id") : rec("account.journal", (j)).get("company_id");
            }
            default: return common("account.payment", r, field);
        }
    }

    // ------------------------------------------------------------------ purchase

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

    // ================================================================== create / write hooks

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        switch (model) {
            case "account.bank.statement.line":
                beforeCreateStatementLine(env, vals);
                break;
            case "account.payment":
                beforeCreatePayment(env, vals);
                break;
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

    @Override
    void afterCreate(Env env, String model, long id) {
        switch (model) {
            case "account.bank.statement.line":
                afterCreateStatementLine(env, id);
                break;
            case "account.payment":
                if (v() < 18) {
                    createPaymentMove(env, id);
                }
                break;
            default:
                break;
        }
    }

    @Override
    void checkConstraints(Env env, String model, List<Long> ids) {
        if ("account.bank.statement.line".equals(model) && orm.schema.hasField(model, "unique_import_id")) {
            for (Long id : ids) {
                Object key = orm.store.get(model, id).get("unique_import_id");
                if (key == null) {
                    continue;
                }
                for (Map<String, Object> other : orm.store.table(model).values()) {
                    if (!other.get("id").equals(id) && key.equals(other.get("unique_import_id"))) {
                        throw OdooError.validation("The operation cannot be completed: A bank account transactions can be imported only once!");
                    }
                }
            }
        }
    }

    @Override
    void beforeUnlink(Env env, String model, List<Long> ids) {
        switch (model) {
            case "purchase.order":
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
                break;
            case "account.payment":
                for (Long id : ids) {
                    Map<String, Object> p = orm.store.get(model, id);
                    if (v() >= 18) {
                        if (p.get("move_id") != null) {
                            throw OdooError.validation("A payment with an outstanding account cannot be confirmed without having a journal entry.");
                        }
                    } else if (p.get("move_id") != null) {
                        long move = id(p.get("move_id"));
                        for (Long l : models.account.moveLines(move)) {
                            orm.store.delete("account.move.line", l);
                        }
                        orm.store.delete("account.move", move);
                    }
                }
                break;
            default:
                break;
        }
    }

    // ------------------------------------------------------------------ statement lines

    private void beforeCreateStatementLine(Env env, ObjectNode vals) {
        Long journalId = vals.hasNonNull("journal_id") && !(vals.get("journal_id").isBoolean()) ? vals.get("journal_id").asLong() : null;
        if (journalId == null && vals.hasNonNull("statement_id") && vals.get("statement_id").isNumber()) {
            Object j = statementField(orm.store.get("account.bank.statement", vals.get("statement_id").asLong()), "journal_id");
            journalId = j == null ? null : id(j);
        }
        if (journalId == null) {
            if (v() >= 18) {
                journalId = models.account.firstJournal("bank", currentCompany(env));
            } else {
                Long misc = models.account.firstJournal("general", currentCompany(env));
                orm.store.nextId("account.move"); // the delegated move was inserted before the check failed
                throw OdooError.user("You can't create a new statement line without a suspense account set on the "
                        + orm.store.get("account.journal", misc).get("name") + " journal.");
            }
        }
        Map<String, Object> journal = orm.store.get("account.journal", journalId);
        if (journal == null) {
            throw OdooError.missing("account.journal", List.of(journalId), env.uid);
        }
        if (journal.get("suspense_account_id") == null) {
            orm.store.nextId("account.move"); // the delegated move was inserted before the check failed
            throw OdooError.user("You can't create a new statement line without a suspense account set on the "
                    + journal.get("name") + " journal.");
        }
        vals.put("journal_id", journalId);
        if (!vals.has("date")) {
            vals.put("date", orm.today());
        }
        if (vals.hasNonNull("foreign_currency_id") && vals.get("foreign_currency_id").isNumber()
                && (!vals.has("amount_currency") || vals.get("amount_currency").isNull())) {
            double rate = currencyRate(vals.get("foreign_currency_id").asLong(), vals.get("date").asText());
            vals.put("amount_currency", Orm.round(vals.path("amount").asDouble() * rate, 2));
        }
        putDefault(vals, "sequence", 1L);
    }

    private void afterCreateStatementLine(Env env, long lineId) {
        Map<String, Object> line = orm.store.get("account.bank.statement.line", lineId);
        long journalId = id(line.get("journal_id"));
        Map<String, Object> journal = orm.store.get("account.journal", journalId);
        long company = id(journal.get("company_id"));
        String date = str(line.get("date"));
        // internal_index: date + max int (sequence inverted) + id, as Odoo orders statement lines
        String index = date.replace("-", "") + String.format(Locale.ROOT, "%010d", 2147483647L - num(line.get("sequence")).longValue())
                + String.format(Locale.ROOT, "%010d", lineId);
        orm.store.set("account.bank.statement.line", lineId, "internal_index", index);
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("move_type", "entry");
        move.put("journal_id", journalId);
        move.put("company_id", company);
        move.put("date", date);
        move.put("ref", line.get("ref"));
        move.put("narration", line.get("narration"));
        move.put("partner_id", line.get("partner_id"));
        move.put("currency_id", statementLineField(line, "currency_id"));
        move.put("state", "posted");
        move.put("statement_line_id", lineId);
        move.put("payment_state", "not_paid");
        long moveId = models.account.insertMove(env, move);
        models.numbering.defer(moveId); // named with the call's other new lines, as Odoo posts them together
        orm.store.set("account.bank.statement.line", lineId, "move_id", moveId);
        double amount = num(line.get("amount")).doubleValue();
        Long currency = id(statementLineField(line, "currency_id"));
        models.account.insertMoveLine(env, moveId, id(journal.get("default_account_id")), id(line.get("partner_id")), str(line.get("payment_ref")), amount, currency, null);
        long counterpart = models.account.insertMoveLine(env, moveId, id(journal.get("suspense_account_id")), id(line.get("partner_id")),
                str(line.get("payment_ref")), -amount, currency, null);
        Long foreign = id(line.get("foreign_currency_id"));
        if (foreign != null && !foreign.equals(currency)) {
            // the counterpart is in the transaction's currency: its amount_currency, else the amount at the day's rate
            double inForeign = line.get("amount_currency") != null && num(line.get("amount_currency")).doubleValue() != 0
                    ? num(line.get("amount_currency")).doubleValue()
                    : amount * currencyRate(foreign, date) / currencyRate(currency, date);
            orm.store.set("account.move.line", counterpart, "currency_id", foreign);
            orm.store.set("account.move.line", counterpart, "amount_currency",
                    BigDecimal.valueOf(-inForeign).setScale(2, RoundingMode.HALF_UP).doubleValue());
        }
    }

    // ------------------------------------------------------------------ moves

    // ------------------------------------------------------------------ payments

    private void beforeCreatePayment(Env env, ObjectNode vals) {
        putDefault(vals, "payment_type", "inbound");
        putDefault(vals, "partner_type", "customer");
        Map<String, Object> journal = models.account.takeJournal(env, vals, "bank");
        if (!vals.has("date")) {
            vals.put("date", orm.today());
        }
        if (!vals.has("partner_bank_id") && vals.hasNonNull("partner_id") && "outbound".equals(vals.get("payment_type").asText())) {
            // Odoo proposes the vendor's first bank account as the recipient account
            List<Long> banks = orm.children("res.partner.bank", "partner_id", vals.get("partner_id").asLong());
            if (!banks.isEmpty()) {
                vals.put("partner_bank_id", banks.get(0));
            }
        }
        if (!vals.has("payment_method_line_id")) {
            String type = vals.get("payment_type").asText();
            for (Long l : orm.children("account.payment.method.line", "journal_id", id(journal.get("id")))) {
                if (type.equals(orm.store.get("account.payment.method.line", l).get("payment_type"))) {
                    vals.put("payment_method_line_id", l);
                    break;
                }
            }
        }
        if (v() >= 18) {
            putDefault(vals, "state", "draft");
            putDefault(vals, "is_sent", false);
        }
    }

    private void createPaymentMove(Env env, long paymentId) {
        Map<String, Object> p = orm.store.get("account.payment", paymentId);
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("move_type", "entry");
        move.put("journal_id", p.get("journal_id"));
        move.put("company_id", paymentField(p, "company_id"));
        move.put("date", p.get("date"));
        move.put("ref", p.get("ref") != null ? p.get("ref") : p.get("memo"));
        move.put("partner_id", p.get("partner_id"));
        move.put("partner_bank_id", p.get("partner_bank_id"));
        move.put("currency_id", paymentField(p, "currency_id"));
        move.put("state", "draft");
        move.put("payment_id", paymentId);
        move.put("payment_state", "not_paid");
        long moveId = models.account.insertMove(env, move);
        models.numbering.assign(moveId, models.numbering.next(orm.store.get("account.move", moveId)));
        orm.store.set("account.payment", paymentId, "move_id", moveId);
        double amount = num(p.get("amount")).doubleValue();
        boolean outbound = "outbound".equals(p.get("payment_type"));
        Long currency = id(paymentField(p, "currency_id"));
        String label;
        if (v() >= 18) {
            label = rec("account.payment.method.line", (p.get("payment_method_line_id"))).get("name")
                    + (move.get("ref") != null ? ": " + move.get("ref") : "");
        } else {
            LocalDate d = LocalDate.parse(str(p.get("date")));
            label = ("supplier".equals(p.get("partner_type")) ? (outbound ? "Vendor Payment " : "Vendor Reimbursement ")
                    : (outbound ? "Customer Reimbursement " : "Customer Payment ")) + formatAmount(amount, currency)
                    + (p.get("partner_id") != null ? " - " + orm.displayName("res.partner", id(p.get("partner_id"))) : "")
                    + " - " + String.format(Locale.ROOT, "%02d/%02d/%04d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
        }
        double liquidity = outbound ? -amount : amount;
        models.account.insertMoveLine(env, moveId, id(paymentField(p, "outstanding_account_id")), id(p.get("partner_id")), label, liquidity, currency, null);
        models.account.insertMoveLine(env, moveId, id(paymentField(p, "destination_account_id")), id(p.get("partner_id")), label, -liquidity, currency, null);
    }

    // ------------------------------------------------------------------ purchase

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

    // ================================================================== model methods

    @Override
    JsonNode call(Env env, String model, String method, List<Long> ids, Params p) {
        switch (model + "#" + method) {
            case "account.payment#action_post":
                return paymentPost(env, ids);
            case "account.payment#mark_as_sent":
            case "account.payment#unmark_as_sent": {
                boolean sent = "mark_as_sent".equals(method);
                for (Long id : ids) {
                    Map<String, Object> pay = orm.store.get(model, id);
                    if (v() >= 18) {
                        orm.store.set(model, id, "is_sent", sent);
                    } else {
                        orm.store.set("account.move", id(pay.get("move_id")), "is_move_sent", sent);
                    }
                }
                return Orm.NONE;
            }
            case "account.payment#action_validate":
                if (v() < 18) {
                    return null;
                }
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "paid");
                }
                return Orm.NONE;
            case "account.payment#action_reject":
                if (v() < 18) {
                    return null;
                }
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "rejected");
                }
                return Orm.NONE;
            case "account.payment#action_cancel":
                for (Long id : ids) {
                    if (v() >= 18) {
                        Map<String, Object> pay = orm.store.get(model, id);
                        if (pay.get("move_id") != null) {
                            orm.store.set("account.move", id(pay.get("move_id")), "state", "cancel");
                        }
                        orm.store.set(model, id, "state", "canceled");
                    } else {
                        orm.store.set("account.move", id(orm.store.get(model, id).get("move_id")), "state", "cancel");
                    }
                }
                return Orm.NONE;
            case "account.payment#action_draft":
                for (Long id : ids) {
                    Map<String, Object> pay = orm.store.get(model, id);
                    if (pay.get("move_id") != null) {
                        orm.store.set("account.move", id(pay.get("move_id")), "state", "draft");
                    }
                    if (v() >= 18) {
                        orm.store.set(model, id, "state", "draft");
                    }
                }
                return Orm.NONE;
            case "account.payment.register#action_create_payments":
                return registerPayments(env, ids);
            case "purchase.order#button_confirm":
                orm.security.checkAccess(env, model, "write");
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
                return com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
            case "purchase.order#button_approve":
                orm.security.checkAccess(env, model, "write");
                for (Long id : ids) {
                    if (approvalAllowed(env, id)) {
                        orm.store.set(model, id, "state", "purchase");
                        orm.store.set(model, id, "date_approve", orm.now());
                    }
                }
                return Orm.obj();
            case "purchase.order#button_cancel":
                orm.security.checkAccess(env, model, "write");
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "cancel");
                }
                return Orm.NONE;
            case "purchase.order#button_draft":
                for (Long id : ids) {
                    orm.store.set(model, id, "state", "draft");
                }
                return Orm.obj();
            default:
                return null;
        }
    }

    private JsonNode paymentPost(Env env, List<Long> ids) {
        orm.security.checkAccess(env, "account.payment", "write");
        for (Long id : ids) {
            Map<String, Object> p = orm.store.get("account.payment", id);
            if (p == null) {
                throw OdooError.missing("account.payment", List.of(id), env.uid);
            }
            checkTrustedRecipient(p);
            if (v() >= 18) {
                if (p.get("move_id") == null) {
                    Map<String, Object> probe = new LinkedHashMap<>();
                    probe.put("journal_id", p.get("journal_id"));
                    probe.put("date", p.get("date"));
                    probe.put("is_payment", true);
                    String name = models.numbering.next(probe);
                    createPaymentMove(env, id);
                    long move = id(orm.store.get("account.payment", id).get("move_id"));
                    models.numbering.assign(move, name);
                    orm.store.set("account.payment", id, "name", name);
                    models.account.postMoves(env, List.of(move));
                }
                orm.store.set("account.payment", id, "state", "in_process");
            } else {
                models.account.postMoves(env, List.of(id(p.get("move_id"))));
            }
        }
        return Orm.NONE;
    }

    /** Payment method codes that send money to the recipient's account (SEPA and ISO 20022 credit transfers). */
    private static final Set<String> METHODS_NEEDING_BANK_ACCOUNT = Set.of("sepa_ct", "iso20022", "iso20022_se",
            "iso20022_ch", "aba_ct", "bacs_dc");

    /**
     * Odoo 17+ refuses to post an outbound payment whose method needs the recipient's bank account when that
     * account is not trusted ({@code allow_out_payment}); the manual method of Community needs none.
     */
    private void checkTrustedRecipient(Map<String, Object> p) {
        if (v() < 17 || !"outbound".equals(p.get("payment_type"))) {
            return;
        }
        Map<String, Object> line = rec("account.payment.method.line", p.get("payment_method_line_id"));
        if (line == null || !METHODS_NEEDING_BANK_ACCOUNT.contains(str(line.get("code")))) {
            return;
        }
        Map<String, Object> bank = rec("res.partner.bank", p.get("partner_bank_id"));
        if (bank == null || !Boolean.TRUE.equals(bank.get("allow_out_payment"))) {
            throw OdooError.user("To record payments with " + line.get("name") + ", the recipient bank account must be manually "
                    + "validated. You should go on the partner bank account of "
                    + (p.get("partner_id") == null ? "" : orm.displayName("res.partner", id(p.get("partner_id"))))
                    + " in order to validate it.");
        }
    }

    private JsonNode registerPayments(Env env, List<Long> ids) {
        Long last = null;
        for (Long wid : ids) {
            Map<String, Object> w = orm.store.get("account.payment.register", wid);
            ObjectNode vals = Orm.obj();
            vals.put("payment_type", str(w.get("payment_type")));
            vals.put("partner_type", str(w.get("partner_type")));
            vals.put("partner_id", id(w.get("partner_id")));
            vals.put("amount", num(w.get("amount")).doubleValue());
            vals.put("journal_id", id(w.get("journal_id")));
            vals.put("date", str(w.get("payment_date")));
            if (w.get("partner_bank_id") != null) {
                vals.put("partner_bank_id", id(w.get("partner_bank_id")));
            }
            if (w.get("payment_method_line_id") != null) {
                vals.put("payment_method_line_id", id(w.get("payment_method_line_id")));
            }
            vals.put(v() >= 18 ? "memo" : "ref", str(w.get("communication")));
            long pid = orm.createOne(env, "account.payment", vals);
            paymentPost(env, List.of(pid));
            List<Long> bills = Domain.ids(w.get("line_ids"));
            orm.store.set("account.payment", pid, "reconciled_bill_ids", new ArrayList<>(bills));
            if (v() == 18) {
                // 18 calls a payment that settles bills paid; 19 keeps it in process until it is matched with the bank
                orm.store.set("account.payment", pid, "state", "paid");
            }
            for (Long bill : bills) {
                orm.store.set("account.move", bill, "payment_state", "paid");
            }
            last = pid;
        }
        ObjectNode action = Orm.obj();
        action.put("name", "Payments");
        action.put("type", "ir.actions.act_window");
        action.put("res_model", "account.payment");
        action.putObject("context").put("create", false);
        action.put("view_mode", "form");
        if (last != null) {
            action.put("res_id", last);
        }
        return action;
    }

    /** Prepares the register-payment wizard from the bills in the context ({@code active_ids}). */
    void prepareRegisterWizard(Env env, ObjectNode vals) {
        List<Long> bills = new ArrayList<>();
        env.context.path("active_ids").forEach(x -> bills.add(x.asLong()));
        BigDecimal total = BigDecimal.ZERO;
        Long partner = null;
        Long currency = null;
        String type = "outbound";
        String partnerType = "supplier";
        for (Long b : bills) {
            Map<String, Object> bill = orm.store.get("account.move", b);
            total = total.add(BigDecimal.valueOf(((Number) models.compute("account.move", bill, "amount_residual")).doubleValue()));
            partner = id(bill.get("partner_id"));
            if (bill.get("partner_bank_id") != null) {
                putDefault(vals, "partner_bank_id", id(bill.get("partner_bank_id")));
            }
            currency = id(bill.get("currency_id"));
            if (str(bill.get("move_type")).startsWith("out_")) {
                type = "inbound";
                partnerType = "customer";
            }
        }
        putDefault(vals, "amount", total.doubleValue());
        if (partner != null) {
            putDefault(vals, "partner_id", partner);
        }
        if (currency != null) {
            putDefault(vals, "currency_id", currency);
        }
        putDefault(vals, "payment_type", type);
        putDefault(vals, "partner_type", partnerType);
        putDefault(vals, "payment_difference", 0.0);
        putDefault(vals, "group_payment", true);
        if (!vals.has("payment_method_line_id") && vals.has("journal_id")) {
            for (Long l : orm.children("account.payment.method.line", "journal_id", vals.get("journal_id").asLong())) {
                if (type.equals(orm.store.get("account.payment.method.line", l).get("payment_type"))) {
                    vals.put("payment_method_line_id", l);
                    break;
                }
            }
        }
        ArrayNode lines = vals.putArray("line_ids");
        bills.forEach(lines::add);
    }

    JsonNode messagePost(Env env, String model, List<Long> ids, Params p) {
        Map<String, Object> user = orm.store.get("res.users", env.uid);
        Object email = user == null ? null : models.compute("res.users", user, "email");
        if (email == null && v() < 19) {
            throw OdooError.user("Unable to send message, please configure the sender's email address.");
        }
        String body = p.text("body", "");
        // a plain str body is escaped and wrapped, as Odoo does for non-Markup input over RPC
        String html = "<p>" + body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>";
        String type = p.text("message_type", "notification");
        long last = 0;
        for (Long id : ids) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("body", html);
            msg.put("message_type", type);
            msg.put("model", model);
            msg.put("res_id", id);
            msg.put("author_id", user.get("partner_id"));
            msg.put("subtype_id", noteSubtype());
            msg.put("date", orm.now());
            long mid = orm.store.nextId("mail.message");
            orm.store.insert("mail.message", mid, msg);
            last = mid;
        }
        // Odoo 19 answers a list of the new message's id (recorded, JSON-2 and JSON-RPC alike)
        return v() >= 19 ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(last) : com.fasterxml.jackson.databind.node.LongNode.valueOf(last);
    }

    private Long noteSubtype() {
        for (Map<String, Object> s : orm.store.table("mail.message.subtype").values()) {
            if ("Note".equals(s.get("name"))) {
                return id(s.get("id"));
            }
        }
        return null;
    }

}
