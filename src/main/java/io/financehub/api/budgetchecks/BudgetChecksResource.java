package io.financehub.api.budgetchecks;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.runtime.Flow;
import io.financehub.api.FlowEndpoint;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.financehub.flows.budgetchecks.BudgetChecksFlow;

/** The synchronous budget check: a canonical request in, the governed decision out. */
@Path("/api/v1/budget-checks")
@FlowEndpoint(Flow.BUDGET_CHECKS)
@Tag(name = "budget-checks")
public class BudgetChecksResource {

    @Inject
    ProducerTemplate producer;


    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(summary = "Check an order revision against policy and budget; returns the decision (same revision, same decision)")
    public Response check(BudgetCheckRequest request, @Context ContainerRequestContext context) {
        String correlationId = CorrelationIdFilter.of(context);
        if (request == null) {
            throw new IllegalArgumentException("The request is empty: send a budget check request (orderReference, revision, "
                    + "company, supplier, orderDate, lines) as JSON");
        }
        // the flow's first stage (budgetChecks.begin) lists every field that breaks a rule, amounts included
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.ACTOR, identity.getPrincipal().getName());
        return Response.ok((BudgetDecision) send(producer, BudgetChecksFlow.ENDPOINT_CHECK, request, headers)).type(MediaType.APPLICATION_JSON).build();
    }

    /** Runs a route and answers its decision; the route's own failure reaches the caller unwrapped. */
    static Object send(ProducerTemplate producer, String endpoint, Object body, Map<String, Object> headers) {
        try {
            return producer.requestBodyAndHeaders(endpoint, body, headers);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
