package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.financehub.governance.masking.SafeText;
import io.financehub.odoo.OdooRecord;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an Odoo purchase-order webhook call announced: the order's id and the fields the hub keeps and compares
 * ({@code _model}, {@code _id}/{@code id}, {@code name}, {@code state}, {@code write_date}), checked to be what Odoo's
 * automation rule sends; and whether an order as read shows that change.
 */
record WebhookCall(long orderId, ObjectNode announced) {

    /** The fields of the call the hub keeps and compares; anything else Odoo sends is ignored. */
    private static final List<String> KEPT = List.of("_model", "_id", "id", "name", "state", "write_date");
    private static final DateTimeFormatter ODOO_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

    /**
     * The call in a webhook body.
     *
     * @throws IllegalArgumentException when the body names no purchase order, or an announced value is not Odoo's type
     */
    static WebhookCall of(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The webhook body must be a JSON object naming the purchase order in '_id' "
                    + "(Odoo automation rule webhook) or 'id'");
        }
        String key = body.hasNonNull("_id") || !body.has("id") ? "_id" : "id";
        JsonNode id = body.get(key);
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new IllegalArgumentException(id == null
                    ? "The webhook body names no purchase order: expected its id in '_id' (Odoo automation rule webhook) or 'id'"
                    : "Field '" + key + "' is " + SafeText.quote(id.toString()) + ": expected the purchase order's id, a positive whole number");
        }
        JsonNode modelNode = body.get("_model");
        if (modelNode != null && !modelNode.isTextual()) {
            throw new IllegalArgumentException("Field '_model' is " + SafeText.quote(modelNode.toString()) + ": expected the string "
                    + OdooPurchaseOrders.MODEL);
        }
        String model = modelNode == null ? OdooPurchaseOrders.MODEL : modelNode.textValue();
        if (SafeText.firstControlCharacter(model, false) >= 0) {
            throw new IllegalArgumentException("Field '_model' contains a control character: expected " + OdooPurchaseOrders.MODEL);
        }
        if (!model.equals(OdooPurchaseOrders.MODEL)) {
            throw new IllegalArgumentException("The webhook is for " + SafeText.quote(model) + "; this endpoint takes "
                    + OdooPurchaseOrders.MODEL + " only: create the automation rule on the model Purchase Order");
        }
        ObjectNode kept = json.createObjectNode();
        for (String field : KEPT) {
            if (body.has(field)) {
                kept.set(field, body.get(field));
            }
        }
        checkAnnounced(kept);
        return new WebhookCall(id.asLong(), kept);
    }

    /** The announced values the check compares must have Odoo's types; a wrong one would never match and only delay. */
    private static void checkAnnounced(ObjectNode kept) {
        List<String> errors = new ArrayList<>();
        if (kept.has("state") && !(kept.get("state").isTextual() && SafeText.firstControlCharacter(kept.get("state").textValue(), false) < 0)) {
            errors.add("field 'state' is " + SafeText.quote(kept.get("state").toString()) + ": expected the order's state as text, e.g. "
                    + "\"to approve\"");
        }
        if (kept.has("write_date") && !(kept.get("write_date").isBoolean() || writeDate(kept.get("write_date")).isPresent())) {
            errors.add("'write_date' must be Odoo's date and time (yyyy-MM-dd HH:mm:ss)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("The webhook body is not what Odoo's automation rule sends: " + String.join("; ", errors));
        }
    }

    private static Optional<Instant> writeDate(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.asText(), ODOO_DATETIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** What in the order as read differs from what the call announced; empty when Odoo shows the change. */
    static Optional<String> differs(JsonNode announced, OdooRecord order) {
        if (announced.hasNonNull("state") && !announced.get("state").asText().equals(order.string("state").orElse(""))) {
            return Optional.of("state " + order.string("state").orElse("?") + ", announced " + announced.get("state").asText());
        }
        Optional<Instant> announcedWrite = writeDate(announced.get("write_date"));
        Optional<Instant> written = order.dateTime("write_date");
        // Odoo's webhook body has the write time with microseconds (its record cache), a read serves whole seconds
        if (announcedWrite.isPresent() && (written.isEmpty()
                || written.get().isBefore(announcedWrite.get().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))) {
            return Optional.of("written " + written.map(Instant::toString).orElse("?") + ", announced " + announcedWrite.get());
        }
        return Optional.empty();
    }
}
