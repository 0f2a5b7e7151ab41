package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Payments, their methods and the register-payment wizard ({@code account.payment},
 * {@code account.payment.method.line}, {@code account.payment.register}): defaults, posting with the trusted
 * recipient account check, paying bills from the wizard. Versions differ most here: in 16/17 a payment is a move
 * (its name, state and date are the move's, the move is made at creation); from 18 it stands alone with a state of
 * its own and gets its move when posted; 18 calls a payment that settles bills paid, 19 keeps it in process.
 */
final class PaymentModels extends ModelFamily {

    PaymentModels(Orm orm, Models models) {
        super(orm, models, Set.of("account.payment", "account.payment.method.line", "account.payment.register"));
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

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        switch (model) {
            case "account.payment": return paymentField(r, field);
            case "account.payment.register": return Models.STORED;
            default: return common(model, r, field);
        }
    }

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

    // ------------------------------------------------------------------ create and delete

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        if ("account.payment".equals(model)) {
            beforeCreatePayment(env, vals);
        }
    }

    /** 16/17 make the payment's move with the payment; 18+ when it is posted. */
    @Override
    void afterCreate(Env env, String model, long id) {
        if ("account.payment".equals(model) && v() < 18) {
            createPaymentMove(env, id);
        }
    }

    @Override
    void beforeUnlink(Env env, String model, List<Long> ids) {
        if (!"account.payment".equals(model)) {
            return;
        }
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
    }

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

    // ------------------------------------------------------------------ methods

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
            case "account.payment#action_reject": {
                if (v() < 18) {
                    return null;
                }
                String state = "action_validate".equals(method) ? "paid" : "rejected";
                for (Long id : ids) {
                    orm.store.set(model, id, "state", state);
                }
                return Orm.NONE;
            }
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
}
