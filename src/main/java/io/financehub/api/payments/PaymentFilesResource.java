package io.financehub.api.payments;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.FreeText;
import io.financehub.api.Roles;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.runtime.Flow;
import io.financehub.api.FlowEndpoint;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.financehub.flows.payments.PaymentApprovals;
import io.financehub.flows.payments.PaymentBatchStore;
import io.financehub.flows.payments.PaymentBatchView;
import io.financehub.flows.payments.PaymentFilesFlow;
import io.financehub.flows.payments.PaymentRunResult;

/** Payment runs, the batches they make and their four-eyes release. */
@Path("/api/v1")
@Tag(name = "payment-files")
public class PaymentFilesResource {

    /** A rejection's reason (required; audited). */
    public record Decision(@FreeText String reason) {
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    PaymentBatchStore store;

    @Inject
    PaymentApprovals approvals;


    @Inject
    SecurityIdentity identity;

    @POST
    @FlowEndpoint(Flow.PAYMENT_FILES)
    @Path("/payment-runs")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Start a payment run now; returns the batches made (released ones already sent) and the payments left out")
    public Response run(@Context ContainerRequestContext request) {
        String correlationId = CorrelationIdFilter.of(request);
        PaymentRunResult result = producer.requestBodyAndHeaders(PaymentFilesFlow.ENDPOINT_RUN, null,
                Map.of(HubHeaders.CORRELATION_ID, correlationId, HubHeaders.ACTOR, identity.getPrincipal().getName()),
                PaymentRunResult.class);
        return Response.ok(result).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/payment-batches")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Payment batches and their states, newest first")
    public List<PaymentBatchView> batches(@QueryParam("state") String state, @QueryParam("limit") Integer limit) {
        return store.list(Optional.ofNullable(state), limit == null ? 200 : Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @FlowEndpoint(Flow.PAYMENT_FILES)
    @Path("/payment-batches/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PAYMENT_APPROVER)
    @Operation(summary = "Four-eyes approval: releases the batch and sends its file; never by its preparer or an Odoo author of its payments")
    public PaymentBatchView approve(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        String correlationId = CorrelationIdFilter.of(request);
        requireBatch(id);
        approvals.approve(id, identity.getPrincipal().getName(), correlationId);
        producer.requestBodyAndHeaders(PaymentFilesFlow.ENDPOINT_SAGA, id.toString(),
                Map.of(HubHeaders.CORRELATION_ID, correlationId, HubHeaders.ACTOR, identity.getPrincipal().getName()));
        return store.find(id).orElseThrow().view();
    }

    @POST
    @FlowEndpoint(Flow.PAYMENT_FILES)
    @Path("/payment-batches/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PAYMENT_APPROVER)
    @Operation(summary = "Reject a waiting batch with a reason; its payments return to the pool")
    public PaymentBatchView reject(@PathParam("id") UUID id, Decision decision, @Context ContainerRequestContext request) {
        requireBatch(id);
        return approvals.reject(id, identity.getPrincipal().getName(), decision == null ? null : decision.reason(),
                CorrelationIdFilter.of(request));
    }

    private void requireBatch(UUID id) {
        if (store.find(id).isEmpty()) {
            throw new java.util.NoSuchElementException("There is no payment batch " + id
                    + ": GET /api/v1/payment-batches lists the batches and their ids");
        }
    }
}
