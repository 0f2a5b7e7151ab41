package io.financehub.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import io.financehub.governance.runtime.Flow;

/**
 * Marks an HTTP endpoint (resource class or method) as belonging to a flow: in a process whose {@code hub.flows}
 * does not include that flow it answers 503 {@code flow-not-running} before doing anything ({@link FlowEndpointFilter}),
 * instead of half-working without the flow's routes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FlowEndpoint {
    Flow value();
}
