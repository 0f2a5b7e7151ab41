package io.financehub.flows.payments;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.odoo.Domain;
import io.financehub.odoo.Many2One;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.SearchOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment-files flow's view of Odoo's {@code account.payment}, hiding the 16/17 vs 18 differences: which
 * payments are ready to send (16/17 {@code state=posted, is_move_sent=false}; 18 {@code state=in_process,
 * is_sent=false}), the memo field ({@code ref} vs {@code memo}), claiming ({@code mark_as_sent}) and giving back
 * ({@code unmark_as_sent}), and a bank rejection (16/17 unmark so it can be paid again; 18 {@code action_reject}).
 */
@ApplicationScoped
public class OdooPayments {

    @Inject
    OdooClient odoo;

    public int version() {
        return odoo.serverVersion().major();
    }

    public String database() {
        return odoo.settings().database();
    }

    /** Outbound supplier payments on the given journals that are posted and not yet sent. */
    public List<OdooRecord> readyToSend(Collection<Long> journalIds, long companyId) {
        boolean v18 = version() >= 18;
        Domain ready = v18 ? Domain.and(Domain.eq("state", "in_process"), Domain.eq("is_sent", false))
                : Domain.and(Domain.eq("state", "posted"), Domain.eq("is_move_sent", false));
        Domain domain = Domain.and(Domain.eq("payment_type", "outbound"), Domain.eq("partner_type", "supplier"),
                Domain.in("journal_id", List.copyOf(journalIds)), ready);
        return odoo.searchRead("account.payment", domain, List.of("id", "name", "amount", "currency_id", "partner_id",
                "partner_bank_id", "journal_id", "date", v18 ? "memo" : "ref", "create_uid", "write_uid", "company_id"),
                SearchOptions.orderBy("id"), context(companyId));
    }

    public String memoField() {
        return version() >= 18 ? "memo" : "ref";
    }

    public Optional<Long> companyId(String odooCompanyName) {
        return odoo.searchRead("res.company", Domain.eq("name", odooCompanyName), List.of("id"), SearchOptions.limit(1))
                .stream().findFirst().map(OdooRecord::id);
    }

    public Optional<OdooRecord> bankJournal(long companyId, String code) {
        return odoo.searchRead("account.journal", Domain.and(Domain.eq("type", "bank"), Domain.eq("code", code),
                Domain.eq("company_id", companyId)), List.of("id", "code", "name", "bank_account_id", "company_id"),
                SearchOptions.limit(1), context(companyId)).stream().findFirst();
    }

    public Map<Long, OdooRecord> bankAccounts(Collection<Long> ids) {
        List<String> fields = version() >= 17
                ? List.of("id", "acc_number", "sanitized_acc_number", "bank_bic", "allow_out_payment", "acc_holder_name")
                : List.of("id", "acc_number", "sanitized_acc_number", "bank_bic", "acc_holder_name");
        return byId(odoo.read("res.partner.bank", ids, fields, OdooContext.empty().withActiveTest(false)));
    }

    public Map<Long, OdooRecord> partners(Collection<Long> ids) {
        return byId(odoo.read("res.partner", ids, List.of("id", "name", "street", "street2", "zip", "city", "country_id"),
                OdooContext.empty().withActiveTest(false)));
    }

    /** ISO country codes by res.country id. */
    public Map<Long, String> countryCodes(Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        for (OdooRecord r : odoo.read("res.country", ids, List.of("id", "code"))) {
            r.string("code").ifPresent(code -> out.put(r.id(), code));
        }
        return out;
    }

    /** Logins by res.users id: the four-eyes check compares them with hub user names. */
    public Map<Long, String> logins(Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        for (OdooRecord r : odoo.read("res.users", ids, List.of("id", "login"), OdooContext.empty().withActiveTest(false))) {
            r.string("login").ifPresent(login -> out.put(r.id(), login));
        }
        return out;
    }

    /**
     * Marks a payment as sent (the saga's claim). Every write here is sent once while its outcome is unknown: a lost
     * answer is waited out by reading the payment back ({@link OdooClient#writeOnce}), since Odoo may still commit it.
     */
    public void markAsSent(long paymentId, long companyId) {
        odoo.writeOnce("payment " + paymentId + " marked as sent", () -> {
            odoo.callMethod("account.payment", "mark_as_sent", List.of(List.of(paymentId)), Map.of(), context(companyId));
            return Boolean.TRUE;
        }, () -> Boolean.TRUE.equals(sentFlags(List.of(paymentId)).get(paymentId)) ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    public void unmarkAsSent(Collection<Long> paymentIds) {
        if (!paymentIds.isEmpty()) {
            odoo.writeOnce("payments " + paymentIds + " marked as not sent", () -> {
                odoo.callMethod("account.payment", "unmark_as_sent", List.of(List.copyOf(paymentIds)), Map.of());
                return Boolean.TRUE;
            }, () -> sentFlags(paymentIds).values().stream().noneMatch(Boolean::booleanValue) ? Optional.of(Boolean.TRUE) : Optional.empty());
        }
    }

    /** The bank refused the payment: 18 records the rejection; 16/17 have no such state, the payment goes back unsent. */
    public void rejectedByBank(long paymentId) {
        if (version() >= 18) {
            odoo.writeOnce("payment " + paymentId + " rejected", () -> {
                odoo.callMethod("account.payment", "action_reject", List.of(List.of(paymentId)), Map.of());
                return Boolean.TRUE;
            }, () -> odoo.read("account.payment", List.of(paymentId), List.of("state")).stream()
                    .anyMatch(r -> r.string("state").filter("rejected"::equals).isPresent()) ? Optional.of(Boolean.TRUE) : Optional.empty());
        } else {
            unmarkAsSent(List.of(paymentId));
        }
    }

    /** A note in the payment's chatter (what the bank said, which file), posted once. */
    public void note(long paymentId, String text) {
        odoo.messagePostOnce("account.payment", paymentId, text, Map.of(), OdooContext.empty());
    }

    /** The sent flags of payments, for checks after a saga ({@code true} = marked sent). */
    public Map<Long, Boolean> sentFlags(Collection<Long> paymentIds) {
        String field = version() >= 18 ? "is_sent" : "is_move_sent";
        Map<Long, Boolean> out = new HashMap<>();
        for (OdooRecord r : odoo.read("account.payment", paymentIds, List.of("id", field))) {
            out.put(r.id(), r.bool(field));
        }
        return out;
    }

    static Optional<Long> id(OdooRecord r, String field) {
        return r.many2One(field).map(Many2One::id);
    }

    static OdooContext context(long companyId) {
        return OdooContext.empty().withAllowedCompanyIds(companyId);
    }

    private static Map<Long, OdooRecord> byId(List<OdooRecord> records) {
        Map<Long, OdooRecord> out = new HashMap<>();
        records.forEach(r -> out.put(r.id(), r));
        return out;
    }

    static boolean isFalse(JsonNode node) {
        return node == null || node.isNull() || (node.isBoolean() && !node.asBoolean());
    }
}
