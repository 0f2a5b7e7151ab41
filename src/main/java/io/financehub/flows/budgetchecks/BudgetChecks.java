package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.canonical.budget.BudgetDecision.Outcome;
import io.financehub.events.HubEvents;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
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
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The budget check of one order revision: the approval policy's blocks, then the ledger's atomic check
 * and reservation, giving a {@link BudgetDecision} the route dispatches on; afterwards the audit entry and
 * the CloudEvent of the decision.
 */
@ApplicationScoped
@Named("budgetChecks")
@RegisterForReflection
public class BudgetChecks {

    /** Header: the decision's audit entry is already committed (with the decision, by the built-in ledger). */
    public static final String HEADER_AUDITED = "HubBudgetAudited";

    /** The checked request, kept on the exchange for audit, events and re-checks. */
    public static final String PROPERTY_REQUEST = "HubBudgetCheckRequest";

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
    AuditTrail audit;

    @Inject
    HubEvents events;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    void loadBudgets(@Observes StartupEvent start) {
        ledger.loadDeclared(mappings.get().budgets());
    }

    /** Checks the body's request; the body becomes the decision. */
    public void decide(Exchange exchange) {
        Message in = exchange.getMessage();
        BudgetCheckRequest request = in.getBody(BudgetCheckRequest.class);
        if (in.getHeader(HubHeaders.CORRELATION_ID) == null) {
            in.setHeader(HubHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        }
        if (in.getHeader(HubHeaders.ACTOR) == null) {
            in.setHeader(HubHeaders.ACTOR, "system:" + BudgetChecksFlow.FLOW);
        }
        in.setHeader(HubHeaders.FLOW, BudgetChecksFlow.FLOW);
        in.setHeader(HubHeaders.SUBJECT, subject(request.company().key(), request.orderReference()));
        String actor = in.getHeader(HubHeaders.ACTOR, String.class);
        String correlationId = in.getHeader(HubHeaders.CORRELATION_ID, String.class);
        BudgetLedger.Result<BudgetDecision> result = check(request, d -> auditRecord(request, d, actor, correlationId));
        exchange.setProperty(PROPERTY_REQUEST, request);
        // the built-in ledger commits a new decision's audit entry with the decision itself
        in.setHeader(HEADER_AUDITED, !result.repeated() && !"platform".equals(provider));
        in.setHeader(BudgetChecksFlow.HEADER_REPEATED, result.repeated());
        in.setHeader(BudgetChecksFlow.HEADER_OUTCOME, result.decision().outcome().name());
        in.setBody(result.decision());
    }

    /** The decision for a request, reserving budget when it passes; the same revision gives the same decision. */
    public BudgetDecision decide(BudgetCheckRequest request) {
        return check(request, null).decision();
    }

    /** @param auditOf a new decision's audit entry, committed with it by the built-in ledger; null for none */
    private BudgetLedger.Result<BudgetDecision> check(BudgetCheckRequest request, Function<BudgetDecision, AuditRecord> auditOf) {
        var policy = mappings.get().budgetPolicy();
        Optional<BudgetDecision> block = BudgetPolicyRules.blocked(request, policy);
        BudgetLedger.Result<BudgetDecision> result = "platform".equals(provider) ? onPlatform(request, policy, block) : ledger.check(request,
                positions -> block.<BudgetLedger.Verdict<BudgetDecision>>map(b -> new BudgetLedger.Verdict<>(b, false))
                        .orElseGet(() -> BudgetPolicyRules.decide(request, policy, positions)),
                this::read, this::write, d -> d.outcome() != Outcome.HOLD && d.outcome() != Outcome.QUEUED, auditOf);
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
    private BudgetLedger.Result<BudgetDecision> onPlatform(BudgetCheckRequest request, BudgetPolicy policy, Optional<BudgetDecision> block) {
        Optional<String> earlier = ledger.decided(request.orderReference(), request.revision());
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
        if (decision.outcome() != Outcome.HOLD && decision.outcome() != Outcome.QUEUED) {
            ledger.remember(request.orderReference(), request.revision(), write(decision));
        }
        return new BudgetLedger.Result<>(decision, false);
    }

    private BudgetDecision unavailable(BudgetCheckRequest request, BudgetPolicy policy, RuntimeException cause) {
        Money total = request.total();
        Money zero = Money.zero(total.currency());
        String why = cause instanceof CircuitBreakerOpenException ? "the finance platform is failing (circuit open)"
                : "the finance platform did not answer (" + cause.getClass().getSimpleName() + ")";
        meters.counter("hub.budget_checks.platform_fallbacks").increment();
        if (total.amount().compareTo(policy.lowRiskMax()) <= 0) {
            return new BudgetDecision(request.orderReference(), request.revision(), Outcome.QUEUED,
                    List.of(BudgetChecksFlow.BUDGET_PLATFORM_UNAVAILABLE), Optional.empty(), "Queued: " + why + "; this low-risk order (up to "
                            + policy.lowRiskMax().toPlainString() + ") is re-checked automatically, nothing to do", zero);
        }
        return new BudgetDecision(request.orderReference(), request.revision(), Outcome.HOLD,
                List.of(BudgetChecksFlow.BUDGET_PLATFORM_UNAVAILABLE), Optional.empty(), "Held: " + why + " and " + total
                        + " is above the low-risk limit " + policy.lowRiskMax().toPlainString() + "; the order stays waiting and is "
                        + "re-checked by polling or a new submission once the platform answers", zero);
    }

    /** The decision's audit entry, unless the ledger committed it with the decision; the body becomes its event (key + CloudEvent JSON). */
    public Map<String, Object> record(Exchange exchange) {
        Message in = exchange.getMessage();
        BudgetDecision d = in.getBody(BudgetDecision.class);
        BudgetCheckRequest request = exchange.getProperty(PROPERTY_REQUEST, BudgetCheckRequest.class);
        String company = request.company().key();
        String correlationId = in.getHeader(HubHeaders.CORRELATION_ID, String.class);
        String subject = subject(company, d.orderReference());
        if (!Boolean.TRUE.equals(in.getHeader(HEADER_AUDITED, Boolean.class))) {
            audit.append(auditRecord(request, d, in.getHeader(HubHeaders.ACTOR, String.class), correlationId));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("company", company);
        data.put("decision", d);
        data.put("total", request.total());
        Optional.ofNullable(in.getHeader(BudgetChecksFlow.HEADER_ODOO_ORDER_ID)).ifPresent(id -> data.put("odooOrderId", id));
        byte[] event = events.structured(BudgetChecksFlow.FLOW, "finance.budget-decision.made", subject, correlationId,
                d.orderReference() + "/" + d.revision() + "/" + d.outcome(), data);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", company + "/" + d.orderReference());
        out.put("event", new String(event, StandardCharsets.UTF_8));
        return out;
    }

    private AuditRecord auditRecord(BudgetCheckRequest request, BudgetDecision d, String actor, String correlationId) {
        return AuditRecord.of(actor, BudgetChecksFlow.FLOW, correlationId, subject(request.company().key(), d.orderReference()),
                "budget-check." + d.outcome().name().toLowerCase(java.util.Locale.ROOT), write(d).getBytes(StandardCharsets.UTF_8),
                "order " + d.orderReference() + " revision " + d.revision() + " (" + request.total() + ", supplier "
                        + request.supplier() + "): " + d.outcome() + (d.codes().isEmpty() ? "" : " " + d.codes())
                        + d.levelNeeded().map(l -> ", needs " + l).orElse("") + "; reserved " + d.reserved());
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
