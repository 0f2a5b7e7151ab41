package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.governance.HubHeaders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Odoo's automation-rule webhook for purchase orders (authenticated by the shared secret, see
 * {@link OdooWebhookAuthentication}). Only the order id is taken from the body: the flow re-reads the order
 * and its lines from Odoo, so a tampered amount in the body changes nothing.
 */
@Path("/api/v1/webhooks/odoo/purchase-orders")
@io.financehub.platform.FlowEndpoint(io.financehub.platform.Flow.BUDGET_CHECKS)
@Tag(name = "budget-checks")
public class PurchaseOrderWebhookResource {

    @Inject
    ProducerTemplate producer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ODOO_WEBHOOK)
    @Operation(summary = "Odoo automation-rule webhook: a purchase order was created or changed; returns the decision "
            + "(or, for a cancelled order, the commitments released)")
    public Object received(JsonNode body, @Context ContainerRequestContext context) {
        JsonNode id = body == null ? null : body.hasNonNull("_id") ? body.get("_id") : body.get("id");
        if (id == null || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new IllegalArgumentException("The webhook body names no purchase order: expected its id in '_id' "
                    + "(Odoo automation rule webhook) or 'id'");
        }
        String model = body.path("_model").asText(OdooPurchaseOrders.MODEL);
        if (!model.equals(OdooPurchaseOrders.MODEL)) {
            throw new IllegalArgumentException("The webhook is for " + model + "; this endpoint takes purchase.order only");
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.CORRELATION_ID, CorrelationIdFilter.of(context));
        headers.put(HubHeaders.ACTOR, "odoo-webhook");
        return BudgetChecksResource.send(producer, BudgetChecksFlow.ENDPOINT_ODOO_ORDER, id.asLong(), headers);
    }
}
