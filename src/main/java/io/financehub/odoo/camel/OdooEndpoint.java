package io.financehub.odoo.camel;

import io.financehub.odoo.OdooCall;
import io.financehub.odoo.OdooClient;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls one Odoo model method: {@code odoo:<model>/<method>?limit=10&order=id&fields=name,vat&rawResult=true}
 * ({@code client=#otherOdoo} addresses another Odoo instance's client bean).
 *
 * <p><b>Arguments</b> come from the message. A {@code Map} body holds named arguments: {@code domain},
 * {@code fields}, {@code values} (a Map, or a List of Maps for a batch {@code create}), {@code ids}, {@code args}
 * (positional), {@code kwargs}, {@code context}, {@code offset}, {@code limit}, {@code order}. A Map body without
 * any of these keys is the {@code values} of {@code create}/{@code write}, or the {@code kwargs} of other methods.
 * A {@code List} body is the positional arguments, sent as they are. Headers {@link OdooHeaders} ({@code OdooDomain},
 * {@code OdooContext}, {@code OdooFields}, {@code OdooIds}, {@code OdooLimit}, {@code OdooOffset},
 * {@code OdooOrder}) fill what the body does not give; endpoint options are the last default.
 *
 * <p><b>Result</b> in the body as plain Java: {@code search_read}/{@code read} a List of Maps, {@code search} a
 * List of Long, {@code search_count} a Long, {@code create} a Long (or List of Long for a list of values),
 * {@code write}/{@code unlink} a Boolean, other methods Odoo's answer ({@code null} for methods returning None).
 * Numbers with decimals are {@code BigDecimal}. With {@code rawResult=true} the header {@code OdooRawResult} holds
 * the JSON answer.
 *
 * <p><b>Writes are sent once while their outcome is unknown.</b> A method that may write (anything but the read-only
 * methods of {@link OdooCall#READ_ONLY_METHODS}) says how a lost answer is settled, or the endpoint is refused when it
 * is created: {@code once=true} ({@code message_post}: the note carries a marker looked up in {@code mail.message}),
 * {@code effectField}+{@code effectValues} (the method's effect is a field value, read back on the ids:
 * {@code odoo:purchase.order/button_approve?effectField=state&effectValues=purchase,done}), or {@code blind=true}
 * (a lost answer fails with {@code OdooAmbiguousWriteException}, which the route must settle before any resend).
 * Options {@code kwargs.<name>=<value>} are keyword arguments ({@code kwargs.subtype_xmlid=mail.mt_note}).
 *
 * <p><b>Failures</b> are {@code io.financehub.odoo.OdooException} subtypes, to branch on in {@code onException}:
 * transient ones were already retried by the client.
 */
@UriEndpoint(firstVersion = "4.14.0", scheme = "odoo", title = "Odoo", syntax = "odoo:model/method",
        producerOnly = true, category = {Category.API})
@RegisterForReflection
public class OdooEndpoint extends DefaultEndpoint {

    @UriPath(description = "Odoo model, e.g. res.partner")
    @Metadata(required = true)
    private final String model;
    @UriPath(description = "Model method, e.g. search_read, create, action_post")
    @Metadata(required = true)
    private final String method;
    @UriParam(description = "Maximum number of records (search, search_read)")
    private Integer limit;
    @UriParam(description = "Number of records to skip (search, search_read)")
    private Integer offset;
    @UriParam(description = "Order, e.g. 'date desc, id' (search, search_read)")
    private String order;
    @UriParam(description = "Comma-separated fields to read (search_read, read)")
    private String fields;
    @UriParam(description = "Put Odoo's JSON answer in the OdooRawResult header", defaultValue = "false")
    private boolean rawResult;
    @UriParam(description = "The client of another Odoo instance (#beanName); default: the component's client")
    private OdooClient client;
    @UriParam(description = "message_post only: post the note once; a lost answer is settled by the note's marker in"
            + " mail.message, never by posting again", defaultValue = "false")
    private boolean once;
    @UriParam(description = "The field whose value shows the method's effect on the ids, read back after a lost answer"
            + " (with effectValues)")
    private String effectField;
    @UriParam(description = "Comma-separated values of effectField that mean the method took effect (with effectField)")
    private String effectValues;
    @UriParam(description = "Send a method that may write without settling a lost answer: it fails with"
            + " OdooAmbiguousWriteException, which the route must settle before any resend", defaultValue = "false")
    private boolean blind;
    @UriParam(prefix = "kwargs.", multiValue = true, description = "Keyword arguments of the method,"
            + " kwargs.<name>=<value>; headers and the body override them")
    private Map<String, Object> kwargs = new LinkedHashMap<>();

    public OdooEndpoint(String uri, OdooComponent component, String model, String method) {
        super(uri, component);
        this.model = model;
        this.method = method;
    }

    @Override
    public Producer createProducer() {
        // the client is looked up on the first message, so routes start even where Odoo is not configured
        if (client != null) {
            return new OdooProducer(this, () -> client);
        }
        return new OdooProducer(this, ((OdooComponent) getComponent())::resolveClient);
    }

    /** Refuses option sets that would let a route resend a write whose outcome is unknown, or that mean nothing. */
    void validateOptions() {
        String uri = "odoo:" + model + "/" + method;
        boolean effect = effectField != null || effectValues != null;
        if (effect && (effectField == null || effectField.isBlank() || effectValues().isEmpty())) {
            throw new IllegalArgumentException(uri + ": effectField and effectValues go together (the field and the values"
                    + " that show the method took effect), e.g. effectField=state&effectValues=purchase,done");
        }
        int guards = (once ? 1 : 0) + (effect ? 1 : 0) + (blind ? 1 : 0);
        if (isReadOnly()) {
            if (guards > 0) {
                throw new IllegalArgumentException(uri + " only reads: asking again after a lost answer is safe, so once,"
                        + " effectField/effectValues and blind do not apply; remove them");
            }
            return;
        }
        if (guards > 1) {
            throw new IllegalArgumentException(uri + ": choose one of once=true, effectField/effectValues or blind=true");
        }
        if (once && !"message_post".equals(method)) {
            throw new IllegalArgumentException(uri + ": once=true is message_post's protocol (a marker in the note); name"
                    + " the effect of " + method + " with effectField/effectValues instead");
        }
        if (effect && ("create".equals(method) || "unlink".equals(method))) {
            throw new IllegalArgumentException(uri + ": the effect of " + method + " is not a field value of the ids it"
                    + " is given; use blind=true and settle a lost answer in the route, or a bean with OdooClient.writeOnce");
        }
        if (guards == 0) {
            throw new IllegalArgumentException(uri + " may write, and a write whose answer is lost must be waited out, never"
                    + " sent again. Say how its outcome is read back: once=true (message_post), effectField=<field>&effectValues"
                    + "=<v1,v2> (the field values the method leaves on its records), or blind=true to accept that a lost answer"
                    + " fails with OdooAmbiguousWriteException, which the route must settle before any resend. Read-only"
                    + " methods need none of these: " + String.join(", ", OdooCall.READ_ONLY_METHODS.stream().sorted().toList()));
        }
    }

    /** True for the methods that never change data: a lost answer is asked again. */
    boolean isReadOnly() {
        return OdooCall.READ_ONLY_METHODS.contains(method);
    }

    /** The values of {@code effectField} that mean the method took effect. */
    List<String> effectValues() {
        return effectValues == null ? List.of()
                : Arrays.stream(effectValues.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The odoo component only calls Odoo (to:); poll with a timer or"
                + " scheduler route that calls odoo:<model>/search_read");
    }

    public String getModel() {
        return model;
    }

    public String getMethod() {
        return method;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public Integer getOffset() {
        return offset;
    }

    public void setOffset(Integer offset) {
        this.offset = offset;
    }

    public String getOrder() {
        return order;
    }

    public void setOrder(String order) {
        this.order = order;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public OdooClient getClient() {
        return client;
    }

    public void setClient(OdooClient client) {
        this.client = client;
    }

    public boolean isRawResult() {
        return rawResult;
    }

    public void setRawResult(boolean rawResult) {
        this.rawResult = rawResult;
    }

    public boolean isOnce() {
        return once;
    }

    public void setOnce(boolean once) {
        this.once = once;
    }

    public String getEffectField() {
        return effectField;
    }

    public void setEffectField(String effectField) {
        this.effectField = effectField;
    }

    public String getEffectValues() {
        return effectValues;
    }

    public void setEffectValues(String effectValues) {
        this.effectValues = effectValues;
    }

    public boolean isBlind() {
        return blind;
    }

    public void setBlind(boolean blind) {
        this.blind = blind;
    }

    public Map<String, Object> getKwargs() {
        return kwargs;
    }

    public void setKwargs(Map<String, Object> kwargs) {
        this.kwargs = kwargs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(kwargs);
    }
}
