package io.financehub.flows.payments;

import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.flows.payments.PaymentBatchStore.NewBatch;
import io.financehub.flows.payments.PaymentRunResult.Excluded;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
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
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
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

    /** The exchange property holding the {@link Run} (route {@code payment-files-run}). */
    public static final String PROPERTY_RUN = "HubPaymentRun";

    /** The exchange property holding the run's {@link Batches} while the released ones go through the saga. */
    public static final String PROPERTY_BATCHES = "HubPaymentRunBatches";

    @Inject
    OdooPayments odoo;

    @Inject
    Mappings mappings;

    @Inject
    PaymentBatchStore store;

    @Inject
    AuditTrail audit;

    @Inject
    PaymentExclusions exclusions;

    @Inject
    ProducerTemplate producer;

    /** Candidate payment with everything needed to judge and render it. */
    record Candidate(OdooRecord payment, BankAccount debtor, Company company, BankProfile profile, long companyId,
            String journalCode) {
    }

    /** A run as it starts: its id, who started it, and the correlation id its batches, items and events carry. */
    @RegisterForReflection
    public record Run(UUID id, String actor, String correlationId) {
    }

    /** What a run made: the result for the caller, and the batches released at once (the route sends each through the saga). */
    @RegisterForReflection
    public record Batches(PaymentRunResult result, List<String> released) {
    }

    /** Starts a run as the caller (or the flow's system actor), under the caller's correlation id or the run's id. */
    public Run begin(@Header(HubHeaders.ACTOR) String actor, @Header(HubHeaders.CORRELATION_ID) String correlationId) {
        UUID runId = UUID.randomUUID();
        return new Run(runId, actor == null ? "system:" + PaymentFilesFlow.FLOW : actor,
                correlationId == null ? runId.toString() : correlationId);
    }

    /** Selects, excludes, batches and releases by policy; the run's result and the batches released at once. */
    public Batches prepare(@ExchangeProperty(PROPERTY_RUN) Run run) {
        UUID runId = run.id();
        String actor = run.actor();
        String correlationId = run.correlationId();
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
            Optional<Excluded> exclusion = exclusions.check(c, ref, currency, banks);
            if (exclusion.isPresent()) {
                excluded.add(exclusion.get());
                exclusions.raise(exclusion.get(), actor, correlationId);
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
        LOG.infof("Payment run %s: %d batch(es), %d released by policy, %d payment(s) excluded", runId, batches.size(),
                released.size(), excluded.size());
        return new Batches(new PaymentRunResult(runId.toString(), actor, batches, excluded), List.copyOf(released));
    }

    /** The run's result with each batch's state as it is now (after the released ones went through the saga). */
    public PaymentRunResult result(@ExchangeProperty(PROPERTY_BATCHES) Batches made) {
        PaymentRunResult r = made.result();
        List<PaymentBatchView> now = r.batches().stream()
                .map(b -> store.find(UUID.fromString(b.id())).map(PaymentBatchStore.StoredBatch::view).orElse(b)).toList();
        return new PaymentRunResult(r.runId(), r.startedBy(), now, r.excluded());
    }

    /**
     * The replay of an exclusion (route {@code payment-files-recheck}, body: the Odoo payment id): a payment run now,
     * as the replaying operator. The run leaves the payment out again → the replay fails with today's reason (the item
     * stays open); otherwise the payment is in a batch now, or no longer waits to be sent in Odoo, and the replay is
     * done.
     */
    public PaymentRunResult recheck(@Body String odooPaymentId, @Header(HubHeaders.CORRELATION_ID) String correlationId,
            @Header(HubHeaders.ACTOR) String actor) {
        long paymentId = Long.parseLong(odooPaymentId.trim());
        PaymentRunResult r = runNow(correlationId, actor, "of the recheck of payment " + paymentId);
        Optional<Excluded> still = r.excluded().stream().filter(e -> e.odooPaymentId() == paymentId).findFirst();
        if (still.isPresent()) {
            throw new PaymentExcludedException(still.get());
        }
        return r;
    }

    /**
     * A payment run now, in a fresh exchange (a saga failing in it raises its own item, not a failed replay of the
     * caller's), as {@code actor} under {@code correlationId}; {@code which} names the run in its failure.
     */
    PaymentRunResult runNow(String correlationId, String actor, String which) {
        Exchange run = producer.send(PaymentFilesFlow.ENDPOINT_RUN, ex -> {
            ex.getMessage().setHeader(HubHeaders.CORRELATION_ID, correlationId);
            ex.getMessage().setHeader(HubHeaders.ACTOR, actor);
        });
        if (run.getException() != null) {
            throw new IllegalStateException("the payment run " + which + " failed: " + run.getException().getMessage(),
                    run.getException());
        }
        return run.getMessage().getBody(PaymentRunResult.class);
    }

    static String subject(UUID batchId) {
        return "payment-batch:" + batchId;
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + ", " + b;
    }
}
