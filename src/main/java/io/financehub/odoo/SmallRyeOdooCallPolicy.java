package io.financehub.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Fault tolerance of one Odoo instance with SmallRye Fault Tolerance's programmatic {@link Guard}: one guard, hence
 * one circuit breaker, per client. Retries (exponential backoff with jitter) apply to
 * {@link OdooTransientException} only; validation, access and ambiguous-write failures pass through at once. The
 * breaker counts transient and ambiguous failures, not Odoo's business refusals.
 *
 * <p>The guard's timeout is a hard stop above the HTTP response timeout: the transport's own timeout fires first
 * and tells reads (retryable) from writes (ambiguous); the guard's timeout only catches a hung attempt.
 *
 * <p>Needs the CDI container (SmallRye's {@code Guard.create()} resolves its dependencies through CDI); outside
 * Quarkus use {@link OdooCallPolicy#none()}.
 */
public final class SmallRyeOdooCallPolicy implements OdooCallPolicy {

    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final OdooClientSettings.CircuitBreaker breaker;

    public SmallRyeOdooCallPolicy(OdooClientSettings settings) {
        this.breaker = settings.circuitBreaker();
        OdooClientSettings.Retry retry = settings.retry();
        Duration hardStop = settings.timeout().plus(settings.connectTimeout()).plusSeconds(5);
        Guard.Builder builder = Guard.create()
                .withDescription("odoo-" + settings.instance())
                .withTimeout().duration(hardStop.toMillis(), ChronoUnit.MILLIS).done();
        if (retry.maxRetries() > 0) {
            builder = builder.withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                    .whenException(SmallRyeOdooCallPolicy::isTransient)
                    .withExponentialBackoff()
                    .factor(retry.factor())
                    .maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                    .done();
        }
        if (breaker.enabled()) {
            builder = builder.withCircuitBreaker()
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(e -> isTransient(e) || e instanceof OdooAmbiguousWriteException || e instanceof TimeoutException)
                    .onStateChange(state::set)
                    .done();
        }
        this.guard = builder.build();
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof OdooTransientException;
    }

    @Override
    public JsonNode execute(OdooCall call, Callable<JsonNode> attempt) {
        try {
            return guard.call(attempt, JsonNode.class);
        } catch (OdooException e) {
            throw e;
        } catch (CircuitBreakerOpenException e) {
            throw new OdooCircuitOpenException(call.model(), call.method(),
                    "the circuit breaker of this Odoo instance is open after repeated failures; the call was not sent."
                            + " Calls are tried again " + breaker.delay().toSeconds() + "s after it opened", e);
        } catch (TimeoutException e) {
            if (call.readOnly()) {
                throw new OdooTransientException(call.model(), call.method(), null,
                        "no answer within the guard's time limit", e);
            }
            throw new OdooAmbiguousWriteException(call.model(), call.method(),
                    "no answer within the guard's time limit after the call was sent; it may have been committed."
                            + " Check in Odoo before sending it again", e);
        } catch (Exception e) {
            throw new OdooServerException(call.model(), call.method(), null, "unexpected failure: " + e, e);
        }
    }

    @Override
    public Optional<String> circuitState() {
        return breaker.enabled() ? Optional.of(state.get().name().toLowerCase(Locale.ROOT)) : Optional.empty();
    }

}
