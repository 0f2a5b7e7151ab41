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
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Fault tolerance of one Odoo instance with SmallRye Fault Tolerance's programmatic {@link Guard}: one instance
 * guard (timeout and circuit breaker) per client, wrapped by a retry guard (exponential backoff with jitter) that
 * retries {@link OdooTransientException} only; validation, access and ambiguous-write failures pass through at
 * once. The breaker counts every attempt's transient and ambiguous failures, not Odoo's business refusals.
 *
 * <p>The instance guard's timeout is a hard stop above the HTTP response timeout: the transport's own timeout fires
 * first and tells reads (retryable) from writes (ambiguous); the hard stop only catches an attempt that hangs
 * anyway (an answer trickling in), and is retried for reads and ambiguous for writes, like the transport's.
 *
 * <p>Needs the CDI container (SmallRye's {@code Guard.create()} resolves its dependencies through CDI); outside
 * Quarkus use {@link OdooCallPolicy#none()}.
 */
public final class SmallRyeOdooCallPolicy implements OdooCallPolicy {

    /** Timeout and circuit breaker: one per Odoo instance, shared by all its calls. */
    private final Guard instanceGuard;
    /** Retries around the instance guard: reads also after the guard's timeout, writes never after a timeout. */
    private final Guard readRetry;
    private final Guard writeRetry;
    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final OdooClientSettings.CircuitBreaker breaker;

    public SmallRyeOdooCallPolicy(OdooClientSettings settings) {
        this.breaker = settings.circuitBreaker();
        Duration hardStop = settings.timeout().plus(settings.connectTimeout()).plusSeconds(5);
        Guard.Builder builder = Guard.create()
                .withDescription("odoo-" + settings.instance())
                .withTimeout().duration(hardStop.toMillis(), ChronoUnit.MILLIS).done();
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
        this.instanceGuard = builder.build();
        OdooClientSettings.Retry retry = settings.retry();
        this.readRetry = retryGuard(settings, retry, e -> isTransient(e) || e instanceof TimeoutException);
        this.writeRetry = retryGuard(settings, retry, SmallRyeOdooCallPolicy::isTransient);
    }

    /** Exponential backoff with jitter; {@code null} when retries are off. */
    private static Guard retryGuard(OdooClientSettings settings, OdooClientSettings.Retry retry,
                                    Predicate<Throwable> retryable) {
        if (retry.maxRetries() == 0) {
            return null;
        }
        return Guard.create()
                .withDescription("odoo-" + settings.instance() + "-retry")
                .withRetry()
                .maxRetries(retry.maxRetries())
                .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(retryable)
                .withExponentialBackoff()
                .factor(retry.factor())
                .maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .build();
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof OdooTransientException;
    }

    @Override
    public JsonNode execute(OdooCall call, Callable<JsonNode> attempt) {
        Callable<JsonNode> guarded = () -> instanceGuard.call(attempt, JsonNode.class);
        Guard retry = call.readOnly() ? readRetry : writeRetry;
        try {
            return retry == null ? guarded.call() : retry.call(guarded, JsonNode.class);
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
