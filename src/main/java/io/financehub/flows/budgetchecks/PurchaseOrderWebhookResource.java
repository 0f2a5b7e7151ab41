package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Problem;
import io.financehub.api.Roles;
import io.financehub.api.StrictJson;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Odoo's automation-rule webhook for purchase orders (authenticated by the shared secret, see
 * {@link OdooWebhookAuthentication}). Only the order id is taken from the body: the flow re-reads the order
 * and its lines from Odoo, so a tampered amount in the body changes nothing. The body's other keys are the record
 * fields the automation rule was set to send: unlike any other request's, they are neither refused nor read.
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
    public Object received(@RequestBody(description = "Odoo's webhook body: '_id' (or 'id') and '_model' are read; the "
            + "record fields the automation rule sends are neither read nor refused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    additionalProperties = Schema.True.class, properties = {
                        @SchemaProperty(name = "_id", type = SchemaType.INTEGER, description = "the purchase order's id"),
                        @SchemaProperty(name = "_model", type = SchemaType.STRING, examples = "purchase.order") })))
            JsonNode body, @Context ContainerRequestContext context) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The webhook body must be a JSON object naming the purchase order in '_id' "
                    + "(Odoo automation rule webhook) or 'id'");
        }
        String key = body.hasNonNull("_id") || !body.has("id") ? "_id" : "id";
        JsonNode id = body.get(key);
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new IllegalArgumentException(id == null
                    ? "The webhook body names no purchase order: expected its id in '_id' (Odoo automation rule webhook) or 'id'"
                    : "Field '" + key + "' is " + Problem.quote(id.toString())
                            + ": expected the purchase order's id, a positive whole number");
        }
        JsonNode modelNode = body.get("_model");
        if (modelNode != null && !modelNode.isTextual()) {
            throw new IllegalArgumentException("Field '_model' is " + Problem.quote(modelNode.toString()) + ": expected the string "
                    + OdooPurchaseOrders.MODEL);
        }
        String model = modelNode == null ? OdooPurchaseOrders.MODEL : modelNode.textValue();
        if (StrictJson.firstControlCharacter(model, false) >= 0) {
            throw new IllegalArgumentException("Field '_model' contains a control character: expected " + OdooPurchaseOrders.MODEL);
        }
        if (!model.equals(OdooPurchaseOrders.MODEL)) {
            throw new IllegalArgumentException("The webhook is for " + Problem.quote(model) + "; this endpoint takes "
                    + OdooPurchaseOrders.MODEL + " only");
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.CORRELATION_ID, CorrelationIdFilter.of(context));
        headers.put(HubHeaders.ACTOR, "odoo-webhook");
        return BudgetChecksResource.send(producer, BudgetChecksFlow.ENDPOINT_ODOO_ORDER, id.asLong(), headers);
    }
}
