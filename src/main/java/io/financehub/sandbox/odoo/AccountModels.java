package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chart of accounts, journals, journal entries and invoices with their lines ({@code account.account},
 * {@code account.journal}, {@code account.move}, {@code account.move.line}): defaults, totals, the balance check,
 * posting (numbers from {@link MoveNumbering}, analytic lines from {@link AnalyticModels}) and deletion. Versions
 * differ in when a move is numbered (16/17 at creation, 18 at posting), in the draft name shown and in error texts.
 */
final class AccountModels extends ModelFamily {

    AccountModels(Orm orm, Models models) {
        super(orm, models, Set.of("account.account", "account.journal", "account.move", "account.move.line"));
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        switch (model) {
            case "account.account":
                return r.get("code") + " " + r.get("name");
            case "account.move":
                return moveDisplayName(r, true);
            case "account.move.line": {
                Map<String, Object> move = rec("account.move", (r.get("move_id")));
                String base = move == null ? "" : moveDisplayName(move, true);
                return r.get("name") != null ? base + " " + r.get("name") : base;
            }
            default:
                return super.displayName(model, r);
        }
    }

    String moveDisplayName(Map<String, Object> move, boolean showRef) {
        StringBuilder sb = new StringBuilder();
        if ("draft".equals(move.get("state"))) {
            String type = str(move.get("move_type"));
            sb.append(Map.of("out_invoice", "Draft Invoice", "out_refund", "Draft Credit Note", "in_invoice", "Draft Bill",
                    "in_refund", "Draft Vendor Credit Note", "out_receipt", "Draft Sales Receipt",
                    "in_receipt", "Draft Purchase Receipt").getOrDefault(type, "Draft Entry"));
        }
        String name = str(move.get("name"));
        if (name == null || "/".equals(name)) {
            if (v() < 18) {
                sb.append(sb.length() > 0 ? " " : "").append("(* ").append(move.get("id")).append(')');
            }
        } else {
            sb.append(sb.length() > 0 ? " " : "").append(name);
        }
        if (showRef && move.get("ref") != null) {
            sb.append(" (").append(move.get("ref")).append(')');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ computed fields

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        switch (model) {
            case "account.journal": return journalField(r, field);
            case "account.account": return accountField(r, field);
            case "account.move": return moveField(r, field);
            case "account.move.line": return moveLineField(r, field);
            default: return common(model, r, field);
        }
    }

    private Object journalField(Map<String, Object> r, String field) {
        Map<String, Object> bankAcc = r.get("bank_account_id") == null ? null : rec("res.partner.bank", (r.get("bank_account_id")));
        switch (field) {
            case "bank_acc_number": return bankAcc == null ? null : bankAcc.get("acc_number");
            case "bank_id": return bankAcc == null ? null : bankAcc.get("bank_id");
            case "inbound_payment_method_line_ids":
            case "outbound_payment_method_line_ids": {
                String type = field.startsWith("inbound") ? "inbound" : "outbound";
                List<Long> ids = new ArrayList<>();
                for (Long l : orm.children("account.payment.method.line", "journal_id", id(r.get("id")))) {
                    if (type.equals(orm.store.get("account.payment.method.line", l).get("payment_type"))) {
                        ids.add(l);
                    }
                }
                return ids;
            }
            default: return common("account.journal", r, field);
        }
    }

    private Object accountField(Map<String, Object> r, String field) {
        if ("internal_group".equals(field)) {
            String type = str(r.get("account_type"));
            if (type == null) {
                return null;
            }
            if (type.startsWith("asset")) {
                return "asset";
            }
            if (type.startsWith("liability")) {
                return "liability";
            }
            if (type.startsWith("equity")) {
                return "equity";
            }
            if (type.startsWith("income")) {
                return "income";
            }
            if (type.startsWith("expense")) {
                return "expense";
            }
            return "off";
        }
        return common("account.account", r, field);
    }

    List<Long> moveLines(long moveId) {
        List<Long> out = new ArrayList<>();
        for (Map<String, Object> l : orm.store.table("account.move.line").values()) {
            if (id(l.get("move_id")) != null && id(l.get("move_id")) == moveId) {
                out.add(id(l.get("id")));
            }
        }
        return out;
    }

    private Object moveField(Map<String, Object> r, String field) {
        long mid = id(r.get("id"));
        switch (field) {
            case "line_ids": return moveLines(mid);
            case "invoice_line_ids": {
                List<Long> out = new ArrayList<>();
                for (Long l : moveLines(mid)) {
                    if ("product".equals(orm.store.get("account.move.line", l).get("display_type"))) {
                        out.add(l);
                    }
                }
                return out;
            }
            case "amount_untaxed":
            case "amount_total": {
                if ("entry".equals(r.get("move_type"))) {
                    BigDecimal t = BigDecimal.ZERO;
                    for (Long l : moveLines(mid)) {
                        t = t.add(dec(orm.store.get("account.move.line", l).get("debit")));
                    }
                    return "amount_total".equals(field) ? t.doubleValue() : 0.0;
                }
                BigDecimal t = BigDecimal.ZERO;
                for (Long l : moveLines(mid)) {
                    Map<String, Object> line = orm.store.get("account.move.line", l);
                    if ("product".equals(line.get("display_type"))) {
                        t = t.add(dec(line.get("debit")).subtract(dec(line.get("credit"))).abs());
                    }
                }
                return t.doubleValue();
            }
            case "amount_tax": return 0.0;
            case "amount_residual": {
                if ("entry".equals(r.get("move_type"))) {
                    return 0.0;
                }
                if ("paid".equals(r.get("payment_state"))) {
                    return 0.0;
                }
                return moveField(r, "amount_total");
            }
            case "payment_state": {
                if ("entry".equals(r.get("move_type"))) {
                    return "not_paid";
                }
                return r.get("payment_state") == null ? "not_paid" : r.get("payment_state");
            }
            case "is_move_sent": return Boolean.TRUE.equals(r.get("is_move_sent"));
            default: return common("account.move", r, field);
        }
    }

    private Object moveLineField(Map<String, Object> r, String field) {
        Map<String, Object> move = rec("account.move", (r.get("move_id")));
        switch (field) {
            case "parent_state": return move == null ? null : move.get("state");
            case "journal_id":
            case "company_id":
            case "date":
                return move == null ? null : move.get(field);
            case "move_name": return move == null ? null : move.get("name");
            case "currency_id": return r.get("currency_id") != null ? r.get("currency_id") : move == null ? null : move.get("currency_id");
            case "balance": return dec(r.get("debit")).subtract(dec(r.get("credit"))).doubleValue();
            case "amount_currency": return r.get("amount_currency") != null ? r.get("amount_currency") : dec(r.get("debit")).subtract(dec(r.get("credit"))).doubleValue();
            default: return common("account.move.line", r, field);
        }
    }

    // ------------------------------------------------------------------ create, write, delete

    @Override
    List<String> requiredFields(String model) {
        return "account.account".equals(model) ? List.of("name", "code", "account_type") : List.of();
    }

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        switch (model) {
            case "account.account":
            case "account.journal":
                putDefault(vals, "active", true);
                break;
            case "account.move":
                beforeCreateMove(env, vals);
                break;
            default:
                break;
        }
    }

    @Override
    void afterCreate(Env env, String model, long id) {
        if ("account.move".equals(model)) {
            afterCreateMove(env, id);
        }
    }

    @Override
    void prepareChild(Env env, String model, long id, String field, ObjectNode child) {
        if ("account.move".equals(model) && "invoice_line_ids".equals(field)) {
            child.put("display_type", "product");
        }
    }

    @Override
    void afterWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
        if ("account.move".equals(model) && v() < 18) {
            for (Long id : ids) {
                Map<String, Object> m = orm.store.get("account.move", id);
                if (m.get("name") == null && m.get("date") != null) {
                    models.numbering.assign(id, models.numbering.next(m));
                }
            }
        }
    }

    @Override
    void beforeUnlink(Env env, String model, List<Long> ids) {
        if (!"account.move".equals(model)) {
            return;
        }
        for (Long id : ids) {
            if ("posted".equals(orm.store.get(model, id).get("state"))) {
                throw OdooError.user(v() == 16 ? "You cannot delete an item linked to a posted entry."
                        : "You can't delete a posted journal item. Don\u2019t play games with your accounting records; reset the journal entry to draft before deleting it.");
            }
        }
        for (Long id : ids) {
            for (Long l : moveLines(id)) {
                orm.store.delete("account.move.line", l);
            }
        }
    }

    /**
     * The journal of a new move or payment: {@code journal_id}, else the company's first journal of {@code type};
     * the record takes its company, and its currency unless one is given.
     */
    Map<String, Object> takeJournal(Env env, ObjectNode vals, String type) {
        if (!vals.has("journal_id")) {
            vals.put("journal_id", firstJournal(type, currentCompany(env)));
        }
        Map<String, Object> journal = orm.store.get("account.journal", vals.get("journal_id").asLong());
        if (journal == null) {
            throw OdooError.missing("account.journal", List.of(vals.get("journal_id").asLong()), env.uid);
        }
        vals.put("company_id", id(journal.get("company_id")));
        if (!vals.has("currency_id")) {
            Object jc = journal.get("currency_id");
            vals.put("currency_id", jc != null ? id(jc) : companyCurrency(id(journal.get("company_id"))));
        }
        return journal;
    }

    /** The first journal of a type (bank, sale, purchase, general) of the company, or null. */
    Long firstJournal(String type, long company) {
        Long best = null;
        for (Map<String, Object> j : orm.store.table("account.journal").values()) {
            if (type.equals(j.get("type")) && (j.get("company_id") == null || id(j.get("company_id")) == company)) {
                if (best == null) {
                    best = id(j.get("id"));
                }
            }
        }
        return best;
    }

    /** Stores a move the emulator builds itself (of a statement line or payment), as created by the calling user. */
    long insertMove(Env env, Map<String, Object> values) {
        return insert(env, "account.move", values);
    }

    long insertMoveLine(Env env, long moveId, Long account, Long partner, String name, double balance, Long currency,
                        JsonNode analytic) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("move_id", moveId);
        l.put("account_id", account);
        l.put("partner_id", partner);
        l.put("name", name);
        BigDecimal b = BigDecimal.valueOf(balance).setScale(2, RoundingMode.HALF_UP);
        l.put("debit", b.signum() > 0 ? b.doubleValue() : 0.0);
        l.put("credit", b.signum() < 0 ? b.negate().doubleValue() : 0.0);
        l.put("amount_currency", b.doubleValue());
        l.put("currency_id", currency);
        l.put("display_type", "entry");
        if (analytic != null) {
            l.put("analytic_distribution", analytic);
        }
        return insert(env, "account.move.line", l);
    }

    private long insert(Env env, String model, Map<String, Object> values) {
        long id = orm.store.nextId(model);
        values.put("create_uid", env.uid);
        values.put("create_date", orm.now());
        values.put("write_uid", env.uid);
        values.put("write_date", orm.now());
        orm.store.insert(model, id, values);
        return id;
    }

    private void beforeCreateMove(Env env, ObjectNode vals) {
        putDefault(vals, "move_type", "entry");
        putDefault(vals, "state", "draft");
        String type = vals.get("move_type").asText();
        Map<String, Object> journal = takeJournal(env, vals,
                type.startsWith("in_") ? "purchase" : type.startsWith("out_") ? "sale" : "general");
        if (!type.equals("entry")) {
            if (!vals.has("date")) {
                String base = vals.hasNonNull("invoice_date") ? vals.get("invoice_date").asText() : orm.today();
                // purchase documents are accounted at the end of the month (lock dates aside), as recorded
                vals.put("date", type.startsWith("in_") ? YearMonth.parse(base.substring(0, 7)).atEndOfMonth().toString() : base);
            }
            if (!vals.has("invoice_date_due")) {
                vals.put("invoice_date_due", orm.today());
            }
            putDefault(vals, "payment_state", "not_paid");
        } else if (!vals.has("date")) {
            vals.put("date", orm.today());
        }
        // check balance of explicit entry lines before anything is stored (Odoo raises at create)
        if (type.equals("entry") && vals.has("line_ids")) {
            BigDecimal debit = BigDecimal.ZERO;
            BigDecimal credit = BigDecimal.ZERO;
            for (JsonNode cmd : vals.get("line_ids")) {
                if (cmd.isArray() && cmd.get(0).asInt() == 0) {
                    debit = debit.add(dec(cmd.get(2).path("debit").asDouble()));
                    credit = credit.add(dec(cmd.get(2).path("credit").asDouble()));
                }
            }
            if (debit.compareTo(credit) != 0) {
                long nextId = orm.store.nextId("account.move");
                Map<String, Object> fake = new LinkedHashMap<>();
                fake.put("id", nextId);
                fake.put("state", "draft");
                fake.put("move_type", "entry");
                fake.put("ref", vals.hasNonNull("ref") ? vals.get("ref").asText() : null);
                Long currency = vals.get("currency_id").asLong();
                if (v() >= 19) {
                    throw OdooError.user("The entry is not balanced.");
                }
                throw OdooError.user("An error has occurred.\n\nThe move (" + moveDisplayName(fake, true) + ") is not balanced.\n"
                        + "The total of debits equals " + formatAmount(debit.doubleValue(), currency)
                        + " and the total of credits equals " + formatAmount(credit.doubleValue(), currency) + ".\n"
                        + "You might want to specify a default account on journal \"" + journal.get("name")
                        + "\" to automatically balance each move.");
            }
        }
    }

    private void afterCreateMove(Env env, long moveId) {
        Map<String, Object> move = orm.store.get("account.move", moveId);
        String type = str(move.get("move_type"));
        Long currency = id(move.get("currency_id"));
        List<Long> lines = moveLines(moveId);
        for (Long l : lines) {
            Map<String, Object> line = orm.store.get("account.move.line", l);
            if ("product".equals(line.get("display_type"))) {
                BigDecimal amount = dec(line.get("quantity") == null ? 1.0 : line.get("quantity")).multiply(dec(line.get("price_unit")))
                        .setScale(2, RoundingMode.HALF_UP);
                BigDecimal balance = type.startsWith("in_") ? amount : amount.negate();
                orm.store.set("account.move.line", l, "debit", balance.signum() > 0 ? balance.doubleValue() : 0.0);
                orm.store.set("account.move.line", l, "credit", balance.signum() < 0 ? balance.negate().doubleValue() : 0.0);
                orm.store.set("account.move.line", l, "amount_currency", balance.doubleValue());
                orm.store.set("account.move.line", l, "currency_id", currency);
                if (line.get("partner_id") == null) {
                    orm.store.set("account.move.line", l, "partner_id", move.get("partner_id"));
                }
            } else {
                if (line.get("currency_id") == null) {
                    orm.store.set("account.move.line", l, "currency_id", currency);
                }
                if (line.get("amount_currency") == null) {
                    orm.store.set("account.move.line", l, "amount_currency", dec(line.get("debit")).subtract(dec(line.get("credit"))).doubleValue());
                }
                if (line.get("display_type") == null) {
                    orm.store.set("account.move.line", l, "display_type", "entry");
                }
            }
        }
        if (!"entry".equals(type)) {
            BigDecimal total = BigDecimal.ZERO;
            for (Long l : moveLines(moveId)) {
                total = total.add(dec(orm.store.get("account.move.line", l).get("debit"))).subtract(dec(orm.store.get("account.move.line", l).get("credit")));
            }
            Long partner = id(move.get("partner_id"));
            Long account = companyAccount(id(move.get("company_id")), type.startsWith("in_") ? "x_payable_account" : "x_receivable_account");
            // 16 stores the payment-term line label as an empty string, later versions leave it empty (false)
            long termLine = insertMoveLine(env, moveId, account, partner, v() == 16 ? "" : null, total.negate().doubleValue(), currency, null);
            orm.store.set("account.move.line", termLine, "display_type", "payment_term");
        }
        if (v() < 18 && move.get("name") == null) {
            models.numbering.assign(moveId, models.numbering.next(orm.store.get("account.move", moveId)));
        }
    }

    // ------------------------------------------------------------------ posting

    void postMoves(Env env, List<Long> ids) {
        for (Long id : ids) {
            Map<String, Object> m = orm.store.get("account.move", id);
            if (m == null) {
                throw OdooError.missing("account.move", List.of(id), env.uid);
            }
            if ("posted".equals(m.get("state"))) {
                throw OdooError.user("The entry " + moveDisplayName(m, false) + " (id " + id + ")"
                        + (v() >= 17 ? " must be in draft." : " is already posted."));
            }
        }
        for (Long id : models.numbering.inNamingOrder(ids)) {
            if (orm.store.get("account.move", id).get("name") == null) {
                models.numbering.assign(id, models.numbering.next(orm.store.get("account.move", id)));
            }
        }
        for (Long id : ids) {
            orm.store.set("account.move", id, "state", "posted");
            models.analytic.createLines(env, id);
        }
    }

    @Override
    JsonNode call(Env env, String model, String method, List<Long> ids, Params p) {
        switch (model + "#" + method) {
            case "account.move#action_post":
                orm.security.checkAccess(env, model, "write");
                postMoves(env, ids);
                return BooleanNode.FALSE;
            case "account.move#button_draft":
            case "account.move#button_cancel": {
                orm.security.checkAccess(env, model, "write");
                String state = "button_draft".equals(method) ? "draft" : "cancel";
                for (Long id : ids) {
                    orm.store.set("account.move", id, "state", state);
                    models.analytic.removeLines(id);
                }
                return Orm.NONE;
            }
            default:
                return null;
        }
    }
}
