package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.canonical.budget.BudgetDecision.Outcome;
import io.financehub.events.EventOutbox;
import io.financehub.events.HubEvents;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.canonical.Money;
import io.financehub.mapping.MappingTables.BudgetPolicy;
import io.financehub.mapping.Mappings;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Headers;

/**
 * The budget check of one order revision: the approval policy's blocks, then the ledger's atomic check
 * and reservation, giving a {@link BudgetDecision} the route dispatches on. A new decision is committed together
 * with its audit entry (audit outbox) and its CloudEvent (event outbox, published by the flow's publishing route).
 */
@ApplicationScoped
@Named("budgetChecks")
@RegisterForReflection
public class BudgetChecks {

    @Inject
    Mappings mappings;

    @Inject
    BudgetPlatformClient platform;

    /** {@code ledger} (built-in, PostgreSQL) or {@code platform} (external finance platform over HTTP). */
    @ConfigProperty(name = "hub.budget-checks.provider", defaultValue = "ledger")
    String provider;

    @Inject
    BudgetLedger ledger;

    @Inject
    HubEvents events;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    void loadBudgets(@Observes StartupEvent start) {
        ledger.loadDeclared(mappings.get().budgets());
    }

    /**
     * What a check gave: the decision, whether it was given before for the same revision (nothing reserved again, nothing
     * announced again), and whether it is an alert (a confirmed order recorded beyond its budget, blocked or without budget).
     */
    public record Checked(BudgetDecision decision, boolean repeated, boolean alert) {

        /** The decision's outcome by name ({@code APPROVE}, {@code ESCALATE}, ...): what the route dispatches on. */
        public String outcome() {
            return decision.outcome().name();
        }
    }

    /**
     * Validates the body's request and names the check in the hub's headers: its flow and subject, and a correlation id
     * and actor when the caller gave none (audit, events and exception items carry them).
     */
    public void begin(@Body BudgetCheckRequest request, @Headers Map<String, Object> headers) {
        BudgetRequestRules.validate(request);
        headers.putIfAbsent(HubHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        headers.putIfAbsent(HubHeaders.ACTOR, "system:" + BudgetChecksFlow.FLOW);
        headers.put(HubHeaders.FLOW, BudgetChecksFlow.FLOW);
        headers.put(HubHeaders.SUBJECT, subject(request.company().key(), request.orderReference()));
    }

    /**
     * Checks an order revision ({@link #begin} validated it): its decision, committed with its audit entry and its event
     * when it is new.
     */
    public Checked check(@Body BudgetCheckRequest request, @Header(HubHeaders.ACTOR) String actor,
            @Header(HubHeaders.CORRELATION_ID) String correlationId, @Header(BudgetChecksFlow.HEADER_ODOO_ORDER_ID) Long odooOrderId) {
        BudgetLedger.Result<BudgetDecision> result = checkRevision(request, records(request, actor, correlationId, odooOrderId));
        return new Checked(result.decision(), result.repeated(), false);
    }

    /**
     * A confirmed order ({@code purchase}/{@code done} in Odoo): when its revision holds a commitment already (approved,
     * escalated and since approved, recorded) the stored decision is answered; otherwise the order is recorded as a
     * commitment ({@code RECORDED}), reserved even beyond its budgets since it is committed in Odoo. A new one that does
     * not fit (over budget, blocked, no budget) is an alert, counted per company.
     */
    public Checked recordConfirmed(@Body BudgetCheckRequest request, @Header(HubHeaders.ACTOR) String actor,
            @Header(HubHeaders.CORRELATION_ID) String correlationId, @Header(BudgetChecksFlow.HEADER_ODOO_ORDER_ID) Long odooOrderId) {
        BudgetLedger.Result<BudgetDecision> result = record(request, records(request, actor, correlationId, odooOrderId));
        boolean alert = !result.repeated() && BudgetPolicyRules.alert(result.decision());
        if (alert) {
            meters.counter("hub.budget_checks.commitments_over_budget", "company", request.company().key()).increment();
        }
        return new Checked(result.decision(), result.repeated(), alert);
    }

    @Inject
    io.financehub.governance.exceptions.ExceptionQueue exceptions;

    /**
     * Raises the exception item of a confirmed order recorded beyond its budget (or blocked, or without budget): a notice
     * for a person (its replay is refused, nothing in the hub can undo a confirmation), with the decision as payload.
     */
    public void raiseAlert(@Body BudgetDecision d, @Header(HubHeaders.CORRELATION_ID) String correlationId,
            @Header(HubHeaders.SUBJECT) String subject, @Header(HubHeaders.ACTOR) String actor) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(HubHeaders.FLOW, BudgetChecksFlow.FLOW);
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.SUBJECT, subject);
        headers.put(HubHeaders.ACTOR, actor);
        exceptions.record(new io.financehub.governance.exceptions.ExceptionQueue.FailedMessage(BudgetChecksFlow.ROUTE_CONFIRMED,
                new io.financehub.governance.exceptions.NotReplayableException("Purchase order " + d.orderReference() + " "
                        + d.codes() + ": " + d.nextAction()), write(d).getBytes(StandardCharsets.UTF_8), headers, null, null));
    }

    /** What a new decision of the request is committed with: its audit entry and its CloudEvent. */
    private BudgetLedger.Records<BudgetDecision> records(BudgetCheckRequest request, String actor, String correlationId, Long odooOrderId) {
        return new BudgetLedger.Records<>(d -> auditRecord(request, d, actor, correlationId), d -> event(request, d, correlationId, odooOrderId));
    }

    /** The decision for a request, reserving budget when it passes; the same revision gives the same decision. */
    public BudgetDecision decide(BudgetCheckRequest request) {
        BudgetRequestRules.validate(request);
        return checkRevision(request, BudgetLedger.Records.none()).decision();
    }

    /** The stored outcomes a confirmed order's revision keeps: those that committed its amounts. */
    private static boolean reserving(String outcome) {
        return RESERVING.contains(outcome);
    }

    private static final List<String> RESERVING = List.of(Outcome.APPROVE.name(), Outcome.ESCALATE.name(), Outcome.RECORDED.name());

    private BudgetLedger.Result<BudgetDecision> record(BudgetCheckRequest request, BudgetLedger.Records<BudgetDecision> records) {
        Optional<BudgetDecision> block = BudgetPolicyRules.blocked(request, mappings.get().budgetPolicy());
        Optional<BudgetDecision> rejected = ledger.decided(request, Outcome.REJECT.name()::equals).map(this::read);
        BudgetLedger.Result<BudgetDecision> result;
        if ("platform".equals(provider)) {
            Optional<String> earlier = ledger.decided(request, BudgetChecks::reserving);
            if (earlier.isPresent()) {
                result = new BudgetLedger.Result<>(read(earlier.get()), true);
            } else {
                // a confirmed order is committed whatever the platform says: its positions only say whether it is an alert
                BudgetDecision decision = BudgetPolicyRules.recorded(request, block, platform.positions(request), rejected).decision();
                platform.commit(request, true);
                BudgetLedger.Recorded recorded = ledger.record(request, write(decision), true, BudgetChecks::reserving,
                        Optional.ofNullable(records.audit().apply(decision)), Optional.ofNullable(records.event().apply(decision)));
                result = recorded.earlier().isPresent() ? new BudgetLedger.Result<>(read(recorded.earlier().get()), true)
                        : new BudgetLedger.Result<>(decision, false);
            }
        } else {
            result = ledger.check(request, positions -> BudgetPolicyRules.recorded(request, block, positions, rejected), this::read,
                    this::write, d -> true, records, BudgetChecks::reserving);
        }
        meters.counter("hub.budget_checks.decisions", "outcome", result.decision().outcome().name(),
                "repeated", Boolean.toString(result.repeated())).increment();
        return result;
    }

    /** @param records what a new decision is committed with (audit entry, event) */
    private BudgetLedger.Result<BudgetDecision> checkRevision(BudgetCheckRequest request, BudgetLedger.Records<BudgetDecision> records) {
        var policy = mappings.get().budgetPolicy();
        Optional<BudgetDecision> block = BudgetPolicyRules.blocked(request, policy);
        BudgetLedger.Result<BudgetDecision> result = "platform".equals(provider) ? onPlatform(request, policy, block, records) : ledger.check(request,
                positions -> block.<BudgetLedger.Verdict<BudgetDecision>>map(b -> new BudgetLedger.Verdict<>(b, false))
                        .orElseGet(() -> BudgetPolicyRules.decide(request, policy, positions)),
                this::read, this::write, BudgetChecks::finalFor, records);
        meters.counter("hub.budget_checks.decisions", "outcome", result.decision().outcome().name(),
                "repeated", Boolean.toString(result.repeated())).increment();
        return result;
    }

    /**
     * The check against the external platform. When it cannot answer (timeout, transient failures after the
     * retries, open circuit) the policy decides instead: an order up to the low-risk limit is QUEUED for a
     * re-check, a larger one is HELD; both carry {@code BUDGET_PLATFORM_UNAVAILABLE} and neither is stored
     * as final, so the re-check decides anew.
     */
    private BudgetLedger.Result<BudgetDecision> onPlatform(BudgetCheckRequest request, BudgetPolicy policy, Optional<BudgetDecision> block,
            BudgetLedger.Records<BudgetDecision> records) {
        Optional<String> earlier = ledger.decided(request, BudgetChecks::finalFor);
        if (earlier.isPresent()) {
            return new BudgetLedger.Result<>(read(earlier.get()), true);
        }
        BudgetDecision decision;
        if (block.isPresent()) {
            decision = block.get();
        } else {
            try {
                BudgetLedger.Verdict<BudgetDecision> verdict = BudgetPolicyRules.decide(request, policy, platform.positions(request));
                platform.commit(request, verdict.reserve());
                decision = verdict.decision();
            } catch (BudgetPlatformUnavailableException | TimeoutException | CircuitBreakerOpenException e) {
                decision = unavailable(request, policy, e);
            }
        }
        BudgetLedger.Recorded recorded = ledger.record(request, write(decision), finalFor(decision), BudgetChecks::finalFor,
                Optional.ofNullable(records.audit().apply(decision)), Optional.ofNullable(records.event().apply(decision)));
        if (recorded.earlier().isPresent()) {
            // a concurrent check of this revision decided first; the platform's commitment is idempotent per revision
            return new BudgetLedger.Result<>(read(recorded.earlier().get()), true);
        }
        // the same hold or queue as the last check of this revision: answered, not announced again
        return new BudgetLedger.Result<>(decision, recorded.sameAsBefore());
    }

    /** Whether a decision is final for its revision (stored, answered again); a hold or queue while a platform is down is not. */
    private static boolean finalFor(BudgetDecision d) {
        return finalFor(d.outcome().name());
    }

    private static boolean finalFor(String outcome) {
        return !outcome.equals(Outcome.HOLD.name()) && !outcome.equals(Outcome.QUEUED.name());
    }

    private BudgetDecision unavailable(BudgetCheckRequest request, BudgetPolicy policy, RuntimeException cause) {
        Money total = request.total();
        Money zero = Money.zero(total.currency());
        String why = cause instanceof CircuitBreakerOpenException ? "the finance platform is failing (circuit open)"
                : cause instanceof TimeoutException ? "the finance platform did not answer in time"
                : "the " + cause.getMessage();
        meters.counter("hub.budget_checks.platform_fallbacks").increment();
        if (total.amount().compareTo(policy.lowRiskMax()) <= 0) {
            return new BudgetDecision(request.orderReference(), request.revision(), Outcome.QUEUED,
                    List.of(BudgetChecksFlow.BUDGET_PLATFORM_UNAVAILABLE), Optional.empty(), "Queued: " + why + "; this low-risk order (up to "
                            + MoneyText.of(policy.lowRiskMax(), total.currency()) + ") is re-checked automatically, nothing to do", zero);
        }
        return new BudgetDecision(request.orderReference(), request.revision(), Outcome.HOLD,
                List.of(BudgetChecksFlow.BUDGET_PLATFORM_UNAVAILABLE), Optional.empty(), "Held: " + why + " and " + MoneyText.of(total)
                        + " is above the low-risk limit " + MoneyText.of(policy.lowRiskMax(), total.currency()) + "; the order stays waiting and is "
                        + "re-checked by polling or a new submission once the platform answers", zero);
    }

    /** The CloudEvent of a new decision on {@value BudgetChecksFlow#TOPIC}, keyed by company/order. */
    private EventOutbox.Pending event(BudgetCheckRequest request, BudgetDecision d, String correlationId, Object odooOrderId) {
        String company = request.company().key();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("company", company);
        data.put("decision", d);
        data.put("total", request.total());
        Optional.ofNullable(odooOrderId).ifPresent(id -> data.put("odooOrderId", id));
        byte[] event = events.structured(BudgetChecksFlow.FLOW, "finance.budget-decision.made", subject(company, d.orderReference()),
                correlationId, d.orderReference() + "/" + d.revision() + "/" + d.outcome(), data);
        return new EventOutbox.Pending(BudgetChecksFlow.TOPIC, company + "/" + d.orderReference(), new String(event, StandardCharsets.UTF_8));
    }

    private AuditRecord auditRecord(BudgetCheckRequest request, BudgetDecision d, String actor, String correlationId) {
        return AuditRecord.of(actor, BudgetChecksFlow.FLOW, correlationId, subject(request.company().key(), d.orderReference()),
                "budget-check." + d.outcome().name().toLowerCase(java.util.Locale.ROOT), write(d).getBytes(StandardCharsets.UTF_8),
                "order " + d.orderReference() + " revision " + d.revision() + " (" + MoneyText.of(request.total()) + ", supplier "
                        + request.supplier() + "): " + d.outcome() + (d.codes().isEmpty() ? "" : " " + d.codes())
                        + d.levelNeeded().map(l -> ", needs " + l).orElse("") + "; reserved " + MoneyText.of(d.reserved()));
    }

    static String subject(String company, String order) {
        return "purchase-order:" + company + "/" + order;
    }

    String write(BudgetDecision d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("budget decision of " + d.orderReference() + " cannot be written: " + e.getMessage(), e);
        }
    }

    BudgetDecision read(String stored) {
        try {
            return json.readValue(stored, BudgetDecision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored budget decision cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
