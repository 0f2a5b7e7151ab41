package io.financehub.api.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.financehub.flows.budgetchecks.PurchaseOrderWebhooks;

/**
 * Odoo's automation-rule webhook for purchase orders ("Send Webhook Notification"), authenticated by the shared secret
 * in the URL (what Odoo's stock rule can carry) or in a header (see {@link OdooWebhookAuthentication}). It answers
 * {@code 202} at once, without calling Odoo: the call is stored and the order is checked once Odoo has committed the
 * change ({@link PurchaseOrderWebhooks}). Only the order id and what the call announces (state, write date) are taken
 * from the body: the check re-reads the order and its lines from Odoo, so a tampered amount in the body changes
 * nothing. The body's other keys are the record fields the automation rule was set to send: unlike any other
 * request's, they are neither refused nor read.
 */
@Path("/api/v1/webhooks/odoo/purchase-orders")
@io.financehub.api.FlowEndpoint(io.financehub.governance.runtime.Flow.BUDGET_CHECKS)
@Tag(name = "budget-checks")
public class PurchaseOrderWebhookResource {

    @Inject
    PurchaseOrderWebhooks webhooks;

    @POST
    @Path("{secret}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ODOO_WEBHOOK)
    @Operation(summary = "Odoo automation-rule webhook (secret in the URL): a purchase order was created or changed; answers 202 with "
            + "what will happen, the order is checked once Odoo has committed the change")
    public Response received(@RequestBody(description = "Odoo's webhook body: '_id' (or 'id'), '_model', 'state' and 'write_date' "
            + "are read; the other record fields the automation rule sends are neither read nor refused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    additionalProperties = Schema.True.class, properties = {
                        @SchemaProperty(name = "_id", type = SchemaType.INTEGER, description = "the purchase order's id"),
                        @SchemaProperty(name = "_model", type = SchemaType.STRING, examples = "purchase.order"),
                        @SchemaProperty(name = "state", type = SchemaType.STRING, description = "the order's state after the change"),
                        @SchemaProperty(name = "write_date", type = SchemaType.STRING, description = "when the order was changed "
                                + "(yyyy-MM-dd HH:mm:ss, UTC)") })))
            JsonNode body, @Context ContainerRequestContext context) {
        return Response.accepted(webhooks.receive(body, CorrelationIdFilter.of(context))).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ODOO_WEBHOOK)
    @Operation(summary = "The same webhook for callers that send the secret in the X-Hub-Webhook-Secret header")
    public Response receivedWithHeader(JsonNode body, @Context ContainerRequestContext context) {
        return received(body, context);
    }
}
