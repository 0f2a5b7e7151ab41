package io.financehub.odoo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The connector's Micrometer meters, all tagged with the Odoo instance:
 * {@code odoo.client.calls} (model, method, outcome), {@code odoo.client.errors} (model, method, type),
 * {@code odoo.client.latency} (model, method), {@code odoo.client.retries} (model, method) and
 * {@code odoo.client.circuit.state} (0 closed, 1 half-open, 2 open), {@code odoo.client.unknown.outcomes} (model,
 * method, outcome: committed, not_committed, unknown) and {@code odoo.client.unknown.outcomes.waiting}.
 */
final class OdooMetrics {

    static final String CALLS = "odoo.client.calls";
    static final String ERRORS = "odoo.client.errors";
    static final String LATENCY = "odoo.client.latency";
    static final String RETRIES = "odoo.client.retries";
    static final String CIRCUIT_STATE = "odoo.client.circuit.state";
    static final String UNKNOWN_OUTCOMES = "odoo.client.unknown.outcomes";
    static final String UNKNOWN_WAITING = "odoo.client.unknown.outcomes.waiting";

    private final MeterRegistry registry;
    private final String instance;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    OdooMetrics(MeterRegistry registry, String instance) {
        this.registry = registry;
        this.instance = instance;
        Gauge.builder(UNKNOWN_WAITING, waiting, java.util.concurrent.atomic.AtomicInteger::get)
                .description("Writes whose answer was lost and whose effect the hub is waiting for in Odoo")
                .tag("instance", instance).strongReference(true).register(registry);
    }

    /** A write's outcome became unknown: counted as waiting until {@link #resolved}. */
    void waiting() {
        waiting.incrementAndGet();
    }

    void resolved(OdooCall call, String outcome) {
        waiting.decrementAndGet();
        Counter.builder(UNKNOWN_OUTCOMES).description("Writes whose answer was lost, by what waiting them out found")
                .tags(tags(call)).tag("outcome", outcome).register(registry).increment();
    }

    void success(OdooCall call, Duration elapsed) {
        record(call, "success", elapsed);
    }

    void failure(OdooCall call, OdooException error, Duration elapsed) {
        String type = errorType(error);
        record(call, type, elapsed);
        Counter.builder(ERRORS).description("Failed Odoo calls by error type")
                .tags(tags(call)).tag("type", type).register(registry).increment();
    }

    void retry(OdooCall call) {
        Counter.builder(RETRIES).description("Attempts repeated after a transient Odoo failure")
                .tags(tags(call)).register(registry).increment();
    }

    void circuitState(Supplier<Number> state) {
        Gauge.builder(CIRCUIT_STATE, state).description("Circuit breaker of the Odoo instance: 0 closed, 1 half-open, 2 open")
                .tag("instance", instance).strongReference(true).register(registry);
    }

    private void record(OdooCall call, String outcome, Duration elapsed) {
        Counter.builder(CALLS).description("Calls to Odoo by outcome")
                .tags(tags(call)).tag("outcome", outcome).register(registry).increment();
        Timer.builder(LATENCY).description("Duration of Odoo calls including retries")
                .tags(tags(call)).register(registry).record(elapsed);
    }

    private Tags tags(OdooCall call) {
        return Tags.of("instance", instance, "model", call.model() == null ? "-" : call.model(), "method", call.method());
    }

    /** A short, stable tag value per exception class. */
    static String errorType(OdooException error) {
        if (error instanceof OdooAuthenticationException) {
            return "authentication";
        }
        if (error instanceof OdooAccessException) {
            return "access";
        }
        if (error instanceof OdooValidationException) {
            return "validation";
        }
        if (error instanceof OdooMissingRecordException) {
            return "missing_record";
        }
        if (error instanceof OdooCircuitOpenException) {
            return "circuit_open";
        }
        if (error instanceof OdooTransientException) {
            return "transient";
        }
        if (error instanceof OdooAmbiguousWriteException) {
            return "ambiguous_write";
        }
        if (error instanceof OdooOutcomeUnknownException) {
            return "outcome_unknown";
        }
        return "server";
    }
}
