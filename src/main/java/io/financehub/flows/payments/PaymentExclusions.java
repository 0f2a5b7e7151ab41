package io.financehub.flows.payments;

import io.financehub.canonical.AccountMasking;
import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.flows.payments.PaymentRunResult.Excluded;
import io.financehub.flows.payments.PaymentRuns.Candidate;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.odoo.OdooRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The payments a run leaves out because a bank would refuse them (no or invalid recipient account, untrusted account,
 * missing or invalid BIC, a SEPA-only profile that cannot carry the payment), each with its reason and one open
 * exception item, whose replay checks the payment again.
 */
@ApplicationScoped
public class PaymentExclusions {

    @Inject
    OdooPayments odoo;

    @Inject
    ExceptionQueue exceptions;

    /**
     * The exclusion of a payment a bank would refuse, empty when it can go out. The recipient's account is judged first
     * (what someone must fix in Odoo), then whether the debtor account's bank profile can carry the payment.
     */
    Optional<Excluded> check(Candidate c, String ref, String currency, Map<Long, OdooRecord> banks) {
        return problem(c, currency, banks).map(p -> {
            String[] codeAndReason = p.split("\\|", 2);
            return new Excluded(c.payment().id(), ref, codeAndReason[0], codeAndReason[1]);
        });
    }

    /** "CODE|reason" when a bank would refuse the payment, empty when it can go out. */
    private Optional<String> problem(Candidate c, String currency, Map<Long, OdooRecord> banks) {
        Optional<Long> bankId = OdooPayments.id(c.payment(), "partner_bank_id");
        if (bankId.isEmpty() || !banks.containsKey(bankId.get())) {
            return Optional.of("NO_RECIPIENT_ACCOUNT|the payment has no recipient bank account (partner_bank_id); set one on the payment in Odoo");
        }
        OdooRecord bank = banks.get(bankId.get());
        String account = bank.string("sanitized_acc_number").or(() -> bank.string("acc_number")).orElse("");
        boolean looksLikeIban = account.length() > 2 && Character.isLetter(account.charAt(0)) && Character.isLetter(account.charAt(1));
        if (c.profile().sepaOnly() || looksLikeIban) {
            String ibanProblem = Iban.problem(account);
            if (ibanProblem != null) {
                return Optional.of("INVALID_IBAN|the recipient IBAN " + AccountMasking.mask(account) + " is invalid ("
                        + ibanProblem + "); correct the vendor's bank account in Odoo");
            }
        }
        if (odoo.version() >= 18 && bank.has("allow_out_payment") && !bank.bool("allow_out_payment")) {
            return Optional.of("UNTRUSTED_ACCOUNT|the recipient account is not trusted for outgoing payments (allow_out_payment); "
                    + "have it verified and trusted in Odoo");
        }
        Optional<String> bic = bank.string("bank_bic").map(String::trim).filter(s -> !s.isEmpty());
        if (c.profile().requiresBic() && bic.isEmpty()) {
            return Optional.of("MISSING_BIC|bank profile " + c.profile().id() + " needs the recipient bank's BIC and the account has none; "
                    + "set the bank (with BIC) on the vendor's bank account in Odoo");
        }
        if (bic.isPresent() && Bic.problem(bic.get()) != null) {
            return Optional.of("INVALID_BIC|the recipient BIC '" + bic.get() + "' is invalid (" + Bic.problem(bic.get()) + ")");
        }
        if (c.profile().sepaOnly() && !Iban.isValid(c.debtor().account())) {
            return Optional.of("DEBTOR_NOT_IBAN|the debtor account of journal " + c.journalCode() + " (" + c.company().key()
                    + ") is not an IBAN, but its bank profile " + c.profile().id() + " sends SEPA transfers only; map the account's "
                    + "IBAN in mappings/bank-accounts.yaml or give it a bank profile that is not sepa-only");
        }
        if (c.profile().sepaOnly() && !"EUR".equals(currency)) {
            return Optional.of("NOT_SEPA_CURRENCY|bank profile " + c.profile().id() + " sends SEPA transfers only (EUR), the payment is in "
                    + currency + "; pay it from an account whose bank profile allows " + currency);
        }
        return Optional.empty();
    }

    /** Raises the exclusion's exception item, whose replay checks the payment again by a run. */
    void raise(Excluded e, String actor, String correlationId) {
        // one open exception item per excluded payment: a scheduled run every hour must not pile up duplicates, and the
        // run of a replay (item REPLAYING) must not raise a second one: the replay fails with the reason instead
        String subject = "odoo-payment:" + e.odooPaymentId();
        boolean open = exceptions.list(Optional.of(PaymentFilesFlow.FLOW), Optional.empty(), 1000).stream()
                .anyMatch(i -> subject.equals(i.subject) && PaymentExcludedException.class.getName().equals(i.errorClass)
                        && (i.state == ExceptionState.NEW || i.state == ExceptionState.REPLAYING));
        if (open) {
            return;
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.FLOW, PaymentFilesFlow.FLOW);
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.SUBJECT, subject);
        headers.put(HubHeaders.ACTOR, actor);
        headers.put(HubHeaders.REPLAY_ENDPOINT, PaymentFilesFlow.ENDPOINT_RECHECK);
        // the run that left the payment out
        exceptions.record(new ExceptionQueue.FailedMessage(PaymentFilesFlow.ROUTE_RUN, new PaymentExcludedException(e),
                Long.toString(e.odooPaymentId()).getBytes(StandardCharsets.UTF_8), headers, null, null));
    }

}
