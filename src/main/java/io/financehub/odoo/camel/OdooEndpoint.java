package io.financehub.odoo.camel;

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
}
