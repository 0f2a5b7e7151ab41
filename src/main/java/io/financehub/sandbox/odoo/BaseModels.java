package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Partners and their bank accounts, banks, users and groups, currencies and companies ({@code res.*}). Versions
 * differ in the uniqueness of a bank account (per partner in 16, per partner and company from 17), in the users'
 * groups ({@code groups_id} with implied groups to 18, {@code group_ids} as given in 19) and in 17's
 * {@code max_tax_lock_date}.
 */
final class BaseModels extends ModelFamily {

    BaseModels(Orm orm, Models models) {
        super(orm, models, Set.of("res.partner", "res.partner.bank", "res.bank", "res.users", "res.groups", "res.currency",
                "res.company"));
    }

    @Override
    String displayName(String model, Map<String, Object> r) {
        switch (model) {
            case "res.partner": {
                String name = str(r.get("name"));
                Object parent = r.get("parent_id");
                if (parent != null && name != null && !Boolean.TRUE.equals(r.get("is_company"))) {
                    return orm.displayName("res.partner", ((Number) parent).longValue()) + ", " + name;
                }
                return name == null ? "" : name;
            }
            case "res.users":
                return str(r.get("name"));
            case "res.bank":
                return r.get("bic") != null ? r.get("name") + " - " + r.get("bic") : str(r.get("name"));
            case "res.partner.bank": {
                Object bank = r.get("bank_id");
                String acc = str(r.get("acc_number"));
                return bank != null ? acc + " - " + orm.store.get("res.bank", ((Number) bank).longValue()).get("name") : acc;
            }
            case "res.groups":
                return str(r.get("full_name"));
            default:
                return super.displayName(model, r);
        }
    }

    // ------------------------------------------------------------------ computed fields

    @Override
    Object compute(String model, Map<String, Object> r, String field) {
        switch (model) {
            case "res.partner": return partnerField(r, field);
            case "res.partner.bank": return partnerBankField(r, field);
            case "res.users": return userField(r, field);
            case "res.currency": return currencyField(r, field);
            case "res.company": return companyField(r, field);
            default: return common(model, r, field);
        }
    }

    private Object partnerField(Map<String, Object> r, String field) {
        switch (field) {
            case "bank_ids": return orm.children("res.partner.bank", "partner_id", id(r.get("id")));
            case "child_ids": return orm.children("res.partner", "parent_id", id(r.get("id")));
            case "complete_name": return displayName("res.partner", r);
            case "commercial_partner_id": return r.get("parent_id") != null && !Boolean.TRUE.equals(r.get("is_company")) ? r.get("parent_id") : r.get("id");
            default: return common("res.partner", r, field);
        }
    }

    private Object partnerBankField(Map<String, Object> r, String field) {
        Map<String, Object> bank = r.get("bank_id") == null ? null : rec("res.bank", (r.get("bank_id")));
        switch (field) {
            case "sanitized_acc_number": return sanitize(str(r.get("acc_number")));
            case "acc_type": return "bank";
            case "bank_name": return bank == null ? null : bank.get("name");
            case "bank_bic": return bank == null ? null : bank.get("bic");
            case "acc_holder_name": return r.get("acc_holder_name");
            default: return common("res.partner.bank", r, field);
        }
    }

    private Object userField(Map<String, Object> r, String field) {
        switch (field) {
            case "groups_id": return orm.security.groupClosure(Domain.ids(r.get("groups_id")));
            case "group_ids": return Domain.ids(r.get("group_ids"));
            case "share": return Boolean.TRUE.equals(r.get("share"));
            case "partner_id": return r.get("partner_id");
            case "email": {
                Object p = r.get("partner_id");
                return p == null ? r.get("email") : rec("res.partner", (p)).get("email");
            }
            default: return common("res.users", r, field);
        }
    }

    private Object currencyField(Map<String, Object> r, String field) {
        switch (field) {
            case "rate": return currencyRate(id(r.get("id")), orm.today());
            case "inverse_rate": return 1.0 / currencyRate(id(r.get("id")), orm.today());
            case "rate_ids": return orm.children("res.currency.rate", "currency_id", id(r.get("id")));
            case "is_current_company_currency": return id(r.get("id")) == (long) companyCurrency(actingCompany());
            case "rate_string": {
                // "1 <company currency> = <rate> <currency>" for another currency, empty for the company's own
                Long own = companyCurrency(actingCompany());
                if (own == null || own == id(r.get("id"))) {
                    return "";
                }
                return "1 " + str(rec("res.currency", own).get("name")) + " = "
                        + String.format(Locale.ROOT, "%.6f", currencyRate(id(r.get("id")), orm.today())) + " " + str(r.get("name"));
            }
            case "display_rounding_warning": return false;
            case "fiscal_country_codes": {
                Map<String, Object> company = rec("res.company", actingCompany());
                Object country = company == null ? null : company.get("country_id");
                return country == null ? "" : str(rec("res.country", country).get("code"));
            }
            default: return common("res.currency", r, field);
        }
    }

    private Object companyField(Map<String, Object> r, String field) {
        if ("max_tax_lock_date".equals(field)) {
            // 17: the latest tax lock date of the company and its branches; Python's date.min when none, which Odoo
            // writes as "1-01-01" (strftime without the zero padding of the year)
            String max = maxTaxLockDate(id(r.get("id")));
            return max == null ? "1-01-01" : max;
        }
        return common("res.company", r, field);
    }

    private String maxTaxLockDate(long company) {
        String max = str(orm.store.get("res.company", company).get("tax_lock_date"));
        for (Long child : orm.children("res.company", "parent_id", company)) {
            String c = maxTaxLockDate(child);
            if (c != null && (max == null || c.compareTo(max) > 0)) {
                max = c;
            }
        }
        return max;
    }

    /** The company of the user the running call acts for (computed fields that depend on it, without a context). */
    private long actingCompany() {
        Map<String, Object> user = orm.store.get("res.users", orm.actingUid());
        Long c = user == null ? null : id(user.get("company_id"));
        return c == null ? 1L : c;
    }

    static String sanitize(String acc) {
        return acc == null ? null : acc.replaceAll("\\W+", "").toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ create, write, constraints

    @Override
    List<String> requiredFields(String model) {
        switch (model) {
            case "res.partner.bank": return List.of("acc_number", "partner_id");
            case "res.bank": return List.of("name");
            default: return List.of();
        }
    }

    @Override
    void beforeCreate(Env env, String model, ObjectNode vals) {
        switch (model) {
            case "res.partner":
                putDefault(vals, "active", true);
                putDefault(vals, "type", "contact");
                if (!vals.has("supplier_rank")) {
                    vals.put("supplier_rank", 0);
                }
                if (!vals.has("customer_rank")) {
                    vals.put("customer_rank", 0);
                }
                break;
            case "res.partner.bank":
                putDefault(vals, "active", true);
                if (orm.schema.hasField(model, "allow_out_payment")) {
                    putDefault(vals, "allow_out_payment", false);
                }
                break;
            case "res.bank":
            case "res.currency":
                putDefault(vals, "active", true);
                break;
            case "res.users":
                putDefault(vals, "active", true);
                putDefault(vals, "share", false);
                if (!vals.has("company_id")) {
                    vals.put("company_id", 1);
                }
                if (!vals.has("company_ids")) {
                    vals.putArray("company_ids").addArray().add(6).add(0).addArray().add(vals.get("company_id").asLong());
                }
                break;
            default:
                break;
        }
    }

    /** A new user without a partner gets one of its name and email, as Odoo's {@code res.users} inherits a partner. */
    @Override
    void afterCreate(Env env, String model, long uid) {
        if (!"res.users".equals(model)) {
            return;
        }
        Map<String, Object> user = orm.store.get("res.users", uid);
        if (user.get("partner_id") == null) {
            ObjectNode partner = Orm.obj();
            partner.put("name", str(user.get("name")));
            if (user.get("email") != null) {
                partner.put("email", str(user.get("email")));
            }
            long pid = orm.createOne(env.sudo(), "res.partner", partner);
            orm.store.set("res.users", uid, "partner_id", pid);
        }
    }

    @Override
    void beforeWrite(Env env, String model, List<Long> ids, ObjectNode vals) {
        if ("res.users".equals(model) && vals.has("email")) {
            for (Long uid : ids) {
                Object partner = orm.store.get("res.users", uid).get("partner_id");
                if (partner != null) {
                    orm.store.set("res.partner", id(partner), "email", vals.get("email").asText());
                }
            }
        }
    }

    @Override
    void checkConstraints(Env env, String model, List<Long> ids) {
        if ("res.partner".equals(model)) {
            for (Long id : ids) {
                Long p = id(orm.store.get("res.partner", id).get("parent_id"));
                int guard = 0;
                while (p != null && guard++ < 1000) {
                    if (p.longValue() == id) {
                        throw OdooError.validation("You cannot create recursive Partner hierarchies.");
                    }
                    Map<String, Object> parent = orm.store.get("res.partner", p);
                    p = parent == null ? null : id(parent.get("parent_id"));
                }
            }
        }
        if ("res.partner.bank".equals(model)) {
            for (Long id : ids) {
                Map<String, Object> r = orm.store.get(model, id);
                String san = sanitize(str(r.get("acc_number")));
                for (Map<String, Object> other : orm.store.table(model).values()) {
                    if (!other.get("id").equals(r.get("id")) && san != null && san.equals(sanitize(str(other.get("acc_number"))))
                            && Objects.equals(other.get("partner_id"), r.get("partner_id"))
                            && (v() < 17 || Objects.equals(other.get("company_id"), r.get("company_id")))) {
                        throw OdooError.validation("The operation cannot be completed: The combination Account Number/Partner must be unique.");
                    }
                }
            }
        }
    }
}
