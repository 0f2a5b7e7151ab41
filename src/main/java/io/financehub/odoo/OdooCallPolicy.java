package io.financehub.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Wraps every attempt of a call to one Odoo instance with fault tolerance (timeout, retry of transient failures,
 * circuit breaker). {@link SmallRyeOdooCallPolicy} is the product's; {@link #none()} makes exactly one attempt.
 */
public interface OdooCallPolicy {

    /** Runs the attempt under the policy; every failure leaves as an {@link OdooException}. */
    JsonNode execute(OdooCall call, Callable<JsonNode> attempt);

    /** The circuit breaker's state ({@code closed}, {@code open}, {@code half_open}) when the policy has one. */
    default Optional<String> circuitState() {
        return Optional.empty();
    }

    /** One attempt, no retry, no breaker: for tools and tests that observe raw behaviour. */
    static OdooCallPolicy none() {
        return (call, attempt) -> {
            try {
                return attempt.call();
            } catch (OdooException e) {
                throw e;
            } catch (Exception e) {
                throw new OdooServerException(call.model(), call.method(), null, "unexpected failure: " + e, e);
            }
        };
    }
}
