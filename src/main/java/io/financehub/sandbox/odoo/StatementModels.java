package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bank statements and their lines ({@code account.bank.statement}, {@code account.bank.statement.line}): a
 * statement's date, journal, balance and completeness come from its lines; each line gets a posted move (bank
 * account against the journal's suspense account), named when the call ends. Versions differ: 16/17 refuse a line
 * without a journal, 18 takes the company's first bank journal; 16/17 return {@code amount_residual} with float
 * artefacts. With the import module's {@code unique_import_id} (a seed flag) an import key is taken once only.
 */
final class StatementModels extends ModelFamily {

    StatementModels(Orm orm, Models models) {
        super(orm, models, Set.of("account.bank.statement", "account.bank.statement.line"));
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        if ("account.bank.statement.line".equals(model)) {
            Map<String, Object> move = rec("account.move", (r.get("move_id")));
            return move == null ? "" : models.account.moveDisplayName(move, true);
        }
        return super.displayName(model, r);
    }

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        return "account.bank.statement".equals(model) ? statementField(r, field) : statementLineField(r, field);
    }

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

    // ------------------------------------------------------------------ create and constraints

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        if ("account.bank.statement.line".equals(model)) {
            beforeCreateStatementLine(env, vals);
        }
    }

    @Override
    void afterCreate(Env env, String model, long id) {
        if ("account.bank.statement.line".equals(model)) {
            afterCreateStatementLine(env, id);
        }
    }

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
}
