package io.financehub.flows.payments;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.flows.payments.PaymentBatchStore.NewBatch;
import io.financehub.flows.payments.PaymentRunResult.Excluded;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.BankAccount;
import io.financehub.mapping.MappingTables.BankProfile;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.financehub.odoo.Many2One;
import io.financehub.odoo.OdooRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.jboss.logging.Logger;

/**
 * A payment run: selects Odoo's outbound supplier payments that are posted and not yet sent on the journals the
 * mappings tie to a debtor bank account, leaves out those a bank would refuse (each with its reason and an
 * exception item), groups the rest into batches per debtor account, requested execution date and currency, and
 * decides each batch's release by the four-eyes policy: above the company/currency threshold it waits for an
 * approver, at or below it is released at once. Payments already in an open batch are not taken again, so a
 * second run makes nothing new.
 */
@ApplicationScoped
@Named("paymentRuns")
@RegisterForReflection
public class PaymentRuns {

    private static final Logger LOG = Logger.getLogger(PaymentRuns.class);

    /** The run's result travels in this exchange property while the released batches go through the saga. */
    public static final String PROPERTY_RESULT = "HubPaymentRunResult";

    @Inject
    OdooPayments odoo;

    @Inject
    Mappings mappings;

    @Inject
    PaymentBatchStore store;

    @Inject
    AuditTrail audit;

    @Inject
    ExceptionQueue exceptions;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    /** Candidate payment with everything needed to judge and render it. */
    private record Candidate(OdooRecord payment, BankAccount debtor, Company company, BankProfile profile, long companyId,
            String journalCode) {
    }

    /** Runs and returns the batch ids released at once (the route sends each through the saga). */
    public List<String> run(Exchange exchange) {
        String actor = exchange.getMessage().getHeader(HubHeaders.ACTOR, "system:" + PaymentFilesFlow.FLOW, String.class);
        String correlationId = exchange.getMessage().getHeader(HubHeaders.CORRELATION_ID, String.class);
        UUID runId = UUID.randomUUID();
        if (correlationId == null) {
            correlationId = runId.toString();
            exchange.getMessage().setHeader(HubHeaders.CORRELATION_ID, correlationId);
        }
        exchange.getMessage().setHeader(HubHeaders.FLOW, PaymentFilesFlow.FLOW);
        MappingSet map = mappings.get();
        List<Excluded> excluded = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (BankAccount account : map.bankAccounts()) {
            Company company = map.company(account.company()).orElseThrow();
            BankProfile profile = map.bankProfile(account.bankProfile()).orElseThrow(() -> new IllegalStateException(
                    "mappings/bank-accounts.yaml: bank profile '" + account.bankProfile() + "' of a " + account.company()
                            + " account is not in bank-profiles.yaml"));
            Optional<Long> companyId = odoo.companyId(company.odooCompany());
            if (companyId.isEmpty()) {
                LOG.warnf("Payment run %s: Odoo has no company named '%s' (mappings/companies.yaml, key %s); its payments are not read",
                        runId, company.odooCompany(), company.key());
                continue;
            }
            Optional<OdooRecord> journal = odoo.bankJournal(companyId.get(), account.journalCode());
            if (journal.isEmpty()) {
                LOG.warnf("Payment run %s: company %s has no bank journal %s in Odoo (mappings/bank-accounts.yaml)", runId,
                        company.key(), account.journalCode());
                continue;
            }
            for (OdooRecord p : odoo.readyToSend(List.of(journal.get().id()), companyId.get())) {
                candidates.add(new Candidate(p, account, company, profile, companyId.get(), account.journalCode()));
            }
        }
        Set<Long> taken = store.paymentsInOpenBatches(candidates.stream().map(c -> c.payment().id()).toList());
        candidates.removeIf(c -> taken.contains(c.payment().id()));

        Set<Long> bankIds = new HashSet<>();
        Set<Long> partnerIds = new HashSet<>();
        Set<Long> userIds = new HashSet<>();
        for (Candidate c : candidates) {
            OdooPayments.id(c.payment(), "partner_bank_id").ifPresent(bankIds::add);
            OdooPayments.id(c.payment(), "partner_id").ifPresent(partnerIds::add);
            OdooPayments.id(c.payment(), "create_uid").ifPresent(userIds::add);
            OdooPayments.id(c.payment(), "write_uid").ifPresent(userIds::add);
        }
        Map<Long, OdooRecord> banks = bankIds.isEmpty() ? Map.of() : odoo.bankAccounts(bankIds);
        Map<Long, OdooRecord> partners = partnerIds.isEmpty() ? Map.of() : odoo.partners(partnerIds);
        Map<Long, String> logins = userIds.isEmpty() ? Map.of() : odoo.logins(userIds);
        Set<Long> countryIds = new HashSet<>();
        partners.values().forEach(p -> OdooPayments.id(p, "country_id").ifPresent(countryIds::add));
        Map<Long, String> countries = countryIds.isEmpty() ? Map.of() : odoo.countryCodes(countryIds);
        String tag = PaymentIds.databaseTag(odoo.database());

        // group key: company / journal / date / currency, sorted so batch numbers follow a stable order
        Map<String, List<BatchSnapshot.Line>> groups = new TreeMap<>();
        Map<String, Candidate> groupOwner = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            OdooRecord p = c.payment();
            String ref = p.string("name").orElse("payment " + p.id());
            String currency = p.many2One("currency_id").map(Many2One::name).orElse(c.company().currency());
            Optional<String> problem = problem(c, currency, banks);
            if (problem.isPresent()) {
                String[] codeAndReason = problem.get().split("\\|", 2);
                Excluded e = new Excluded(p.id(), ref, codeAndReason[0], codeAndReason[1]);
                excluded.add(e);
                raise(e, actor, correlationId);
                continue;
            }
            OdooRecord bank = banks.get(OdooPayments.id(p, "partner_bank_id").orElseThrow());
            OdooRecord partner = partners.get(OdooPayments.id(p, "partner_id").orElseThrow());
            String account = bank.string("sanitized_acc_number").or(() -> bank.string("acc_number")).orElseThrow();
            boolean isIban = Iban.isValid(account);
            int decimals = Money.minorUnits(Money.currency(currency));
            BigDecimal amount = p.money("amount", decimals).orElseThrow();
            List<String> users = new ArrayList<>();
            OdooPayments.id(p, "create_uid").map(logins::get).ifPresent(users::add);
            OdooPayments.id(p, "write_uid").map(logins::get).filter(l -> !users.contains(l)).ifPresent(users::add);
            String name = bank.string("acc_holder_name").orElseGet(() -> partner.string("name").orElse(ref));
            BatchSnapshot.Line line = new BatchSnapshot.Line(p.id(), ref,
                    PaymentIds.endToEndId(tag, p.id(), store.previousAttempts(p.id()) + 1), name,
                    isIban ? Iban.of(account).value() : account, isIban, bank.string("bank_bic").map(String::trim).orElse(null),
                    amount.toPlainString(), p.string(odoo.memoField()).orElse(ref),
                    join(partner.string("street").orElse(null), partner.string("street2").orElse(null)),
                    partner.string("zip").orElse(null), partner.string("city").orElse(null),
                    OdooPayments.id(partner, "country_id").map(countries::get).orElse(null), users);
            LocalDate date = p.date("date").orElseThrow();
            String key = c.company().key() + "/" + c.journalCode() + "/" + date + "/" + currency;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
            groupOwner.putIfAbsent(key, c);
        }

        List<PaymentBatchView> batches = new ArrayList<>();
        List<String> released = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Map.Entry<String, List<BatchSnapshot.Line>> g : groups.entrySet()) {
            Candidate owner = groupOwner.get(g.getKey());
            String[] parts = g.getKey().split("/");
            String currency = parts[3];
            BigDecimal sum = BigDecimal.ZERO;
            for (BatchSnapshot.Line l : g.getValue()) {
                sum = sum.add(new BigDecimal(l.amount()));
            }
            final BigDecimal total = sum.setScale(Money.minorUnits(Money.currency(currency)));
            Optional<BigDecimal> threshold = map.fourEyesThreshold(owner.company().key(), currency);
            // no threshold configured for the company/currency: the safe reading is that every batch needs approval
            boolean needsApproval = threshold.map(t -> total.compareTo(t) > 0).orElse(true);
            BankProfile profile = owner.profile();
            // an IBAN, or (profiles that are not SEPA-only) the account number as mapped, written as Othr/Id
            String debtorAccount = Iban.isValid(owner.debtor().account()) ? Iban.of(owner.debtor().account()).value() : owner.debtor().account();
            BatchSnapshot snapshot = new BatchSnapshot(owner.company().odooCompany(), debtorAccount, null, now.toString(), g.getValue());
            long number = store.nextBatchNumber();
            UUID id = UUID.randomUUID();
            NewBatch nb = new NewBatch(runId, owner.company().key(), owner.journalCode(), profile.id(), profile.painVersion(), currency,
                    LocalDate.parse(parts[2]), total, needsApproval, actor, correlationId, snapshot, now);
            String state = needsApproval ? "PENDING_APPROVAL" : "RELEASED";
            if (store.insert(id, number, PaymentIds.messageId(tag, number), state, nb).isEmpty()) {
                LOG.infof("Payment run %s: batch %s skipped, another run took its payments first", runId, g.getKey());
                continue;
            }
            audit.append(AuditRecord.of(actor, PaymentFilesFlow.FLOW, correlationId, subject(id), "payment-batch.prepared",
                    (g.getKey() + "/" + total).getBytes(StandardCharsets.UTF_8),
                    g.getValue().size() + " payment(s), " + total + " " + currency + " from " + owner.company().key() + " journal "
                            + owner.journalCode() + " on " + parts[2] + (needsApproval ? "; above the four-eyes threshold "
                            + threshold.map(BigDecimal::toPlainString).orElse("(none configured)") + ", waiting for approval"
                            : "; released by policy (at or below " + threshold.get().toPlainString() + ")")));
            if (!needsApproval) {
                store.transition(id, "RELEASED", "RELEASED", "system:policy", "at or below the four-eyes threshold");
                audit.append(AuditRecord.of("system:policy", PaymentFilesFlow.FLOW, correlationId, subject(id), "payment-batch.released",
                        id.toString().getBytes(StandardCharsets.UTF_8), "released by policy, no second approval needed"));
                released.add(id.toString());
            }
            batches.add(store.find(id).orElseThrow().view());
        }
        exchange.setProperty(PROPERTY_RESULT, new PaymentRunResult(runId.toString(), actor, batches, excluded));
        LOG.infof("Payment run %s: %d batch(es), %d released by policy, %d payment(s) excluded", runId, batches.size(),
                released.size(), excluded.size());
        return released;
    }

    /** The run's result with each batch's state as it is now (after the released ones went through the saga). */
    public PaymentRunResult result(Exchange exchange) {
        PaymentRunResult r = exchange.getProperty(PROPERTY_RESULT, PaymentRunResult.class);
        List<PaymentBatchView> now = r.batches().stream()
                .map(b -> store.find(UUID.fromString(b.id())).map(PaymentBatchStore.StoredBatch::view).orElse(b)).toList();
        return new PaymentRunResult(r.runId(), r.startedBy(), now, r.excluded());
    }

    /**
     * The replay of an exclusion (route {@code payment-files-recheck}, body: the Odoo payment id): a payment run now,
     * as the replaying operator. The run leaves the payment out again → the replay fails with today's reason (the item
     * stays open); otherwise the payment is in a batch now, or no longer waits to be sent in Odoo, and the replay is
     * done. The run gets a fresh exchange: a saga failing in it raises its own item, not a failed replay of this one.
     */
    public PaymentRunResult recheck(Exchange exchange) {
        long paymentId = Long.parseLong(exchange.getMessage().getBody(String.class).trim());
        Exchange run = producer.send(PaymentFilesFlow.ENDPOINT_RUN, ex -> {
            ex.getMessage().setHeader(HubHeaders.CORRELATION_ID, exchange.getMessage().getHeader(HubHeaders.CORRELATION_ID));
            ex.getMessage().setHeader(HubHeaders.ACTOR, exchange.getMessage().getHeader(HubHeaders.ACTOR));
        });
        if (run.getException() != null) {
            throw new IllegalStateException("the payment run of the recheck of payment " + paymentId + " failed: "
                    + run.getException().getMessage(), run.getException());
        }
        PaymentRunResult r = run.getMessage().getBody(PaymentRunResult.class);
        Optional<Excluded> still = r.excluded().stream().filter(e -> e.odooPaymentId() == paymentId).findFirst();
        if (still.isPresent()) {
            throw new PaymentExcludedException(still.get());
        }
        return r;
    }

    static String subject(UUID batchId) {
        return "payment-batch:" + batchId;
    }

    /**
     * "CODE|reason" when a bank would refuse the payment, empty when it can go out. The recipient's account is judged
     * first (what someone must fix in Odoo), then whether the debtor account's bank profile can carry the payment.
     */
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
                return Optional.of("INVALID_IBAN|the recipient IBAN " + io.financehub.canonical.AccountMasking.mask(account) + " is invalid ("
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

    private void raise(Excluded e, String actor, String correlationId) {
        // one open exception item per excluded payment: a scheduled run every hour must not pile up duplicates, and the
        // run of a replay (item REPLAYING) must not raise a second one: the replay fails with the reason instead
        String subject = "odoo-payment:" + e.odooPaymentId();
        boolean open = exceptions.list(Optional.of(PaymentFilesFlow.FLOW), Optional.empty(), 1000).stream()
                .anyMatch(i -> subject.equals(i.subject) && PaymentExcludedException.class.getName().equals(i.errorClass)
                        && (i.state == ExceptionState.NEW || i.state == ExceptionState.REPLAYING));
        if (open) {
            return;
        }
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(HubHeaders.FLOW, PaymentFilesFlow.FLOW);
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.SUBJECT, subject);
        headers.put(HubHeaders.ACTOR, actor);
        headers.put(HubHeaders.REPLAY_ENDPOINT, PaymentFilesFlow.ENDPOINT_RECHECK);
        // the run that left the payment out
        exceptions.record(new io.financehub.governance.exceptions.ExceptionQueue.FailedMessage(PaymentFilesFlow.ROUTE_RUN, new PaymentExcludedException(e),
                Long.toString(e.odooPaymentId()).getBytes(StandardCharsets.UTF_8), headers, null, null));
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + ", " + b;
    }
}
