package io.financehub.api.actualsexport;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Problem;
import io.financehub.api.Roles;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.exceptions.FailureClassifier;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.financehub.flows.actualsexport.ActualsExportFlow;
import io.financehub.flows.actualsexport.ActualsExportRequest;
import io.financehub.flows.actualsexport.ActualsRejectedException;
import io.financehub.flows.actualsexport.ReconciliationReport;

/** Export a company's actuals for a period now; answers the reconciliation report. */
@Path("/api/v1/actuals-exports")
@Tag(name = "actuals-export")
public class ActualsExportResource {

    @Inject
    ProducerTemplate producer;


    @Inject
    SecurityIdentity identity;

    @POST
    @FlowEndpoint(Flow.ACTUALS_EXPORT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Export a company/period now ({company, period: YYYY-MM, mode: incremental|full, finalExport}); "
            + "returns the reconciliation report")
    public Response export(ActualsExportRequest request, @Context ContainerRequestContext context) {
        String correlationId = CorrelationIdFilter.of(context);
        if (request == null) {
            throw new IllegalArgumentException("The request body is missing: send {\"company\":\"DE01\",\"period\":\"2026-11\",\"mode\":\"incremental\"}");
        }
        request.yearMonth();
        request.exportMode();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.ACTOR, identity.getPrincipal().getName());
        Exchange result = producer.send(ActualsExportFlow.ENDPOINT_RUN, ex -> {
            ex.getMessage().setBody(request);
            ex.getMessage().setHeaders(headers);
        });
        Exception failure = result.getException();
        if (failure == null) {
            return Response.ok(result.getMessage().getBody(ReconciliationReport.class)).type(MediaType.APPLICATION_JSON).build();
        }
        Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ActualsRejectedException rejected) {
            return new Problem(Problem.TYPE_PREFIX + "actuals-" + rejected.reason(), "Unprocessable Content", 422,
                    rejected.getMessage(), correlationId, rejected.problems()).toResponse();
        }
        if (cause instanceof IllegalArgumentException) {
            throw (IllegalArgumentException) cause;
        }
        if (FailureClassifier.isRetryable(cause)) {
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "odoo-unavailable",
                    "Odoo could not be read (" + cause.getMessage() + "); nothing was published. Run the export again later.",
                    correlationId).toResponse();
        }
        if (cause instanceof IllegalStateException) {
            throw (IllegalStateException) cause;
        }
        throw new IllegalStateException("The actuals export failed: " + cause.getMessage() + "; nothing was published", cause);
    }
}
