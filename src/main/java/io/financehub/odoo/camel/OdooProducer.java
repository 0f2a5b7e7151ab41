package io.financehub.odoo.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.OdooValues;
import io.financehub.odoo.SearchOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/** Turns a message into one {@link OdooClient} call and its answer into the message body (see {@link OdooEndpoint}). */
final class OdooProducer extends DefaultProducer {

    /** Keys that make a Map body a set of named arguments rather than record values. */
    static final Set<String> ARGUMENT_KEYS = Set.of("domain", "fields", "values", "ids", "args", "kwargs", "context",
            "offset", "limit", "order");

    private final OdooEndpoint endpoint;
    private final Supplier<OdooClient> clientSource;
    private volatile OdooClient client;

    OdooProducer(OdooEndpoint endpoint, Supplier<OdooClient> clientSource) {
        super(endpoint);
        this.endpoint = endpoint;
        this.clientSource = clientSource;
    }

    @Override
    public void process(Exchange exchange) {
        if (client == null) {
            client = clientSource.get();
        }
        Message in = exchange.getMessage();
        Arguments arguments = Arguments.of(in.getBody());
        String model = endpoint.getModel();
        String method = endpoint.getMethod();
        OdooContext context = context(arguments, in);
        Object result;
        JsonNode raw;
        if (arguments.positional != null) {
            raw = client.callMethod(model, method, arguments.positional, Map.of(), context);
            result = OdooValues.toJava(raw);
        } else {
            switch (method) {
                case "search_read": {
                    List<OdooRecord> records = client.searchRead(model, domain(arguments, in), fields(arguments, in),
                            options(arguments, in), context);
                    raw = OdooValues.toOdooJson(records.stream().map(OdooRecord::json).toList());
                    result = records.stream().map(OdooRecord::asMap).toList();
                    break;
                }
                case "read": {
                    List<OdooRecord> records = client.read(model, ids(arguments, in, true), fields(arguments, in), context);
                    raw = OdooValues.toOdooJson(records.stream().map(OdooRecord::json).toList());
                    result = records.stream().map(OdooRecord::asMap).toList();
                    break;
                }
                case "search": {
                    List<Long> ids = client.search(model, domain(arguments, in), options(arguments, in), context);
                    raw = OdooValues.toOdooJson(ids);
                    result = ids;
                    break;
                }
                case "search_count": {
                    long count = client.searchCount(model, domain(arguments, in), context);
                    raw = OdooValues.toOdooJson(count);
                    result = count;
                    break;
                }
                case "create":
                    result = create(model, arguments, context);
                    raw = OdooValues.toOdooJson(result);
                    break;
                case "write": {
                    boolean written = client.write(model, ids(arguments, in, true), values(arguments), context);
                    raw = OdooValues.toOdooJson(written);
                    result = written;
                    break;
                }
                case "unlink": {
                    boolean unlinked = client.unlink(model, ids(arguments, in, true), context);
                    raw = OdooValues.toOdooJson(unlinked);
                    result = unlinked;
                    break;
                }
                default: {
                    List<Object> args = new ArrayList<>();
                    Collection<Long> ids = ids(arguments, in, false);
                    if (!ids.isEmpty()) {
                        args.add(List.copyOf(ids));
                    }
                    if (arguments.named.get("args") instanceof List) {
                        args.addAll((List<?>) arguments.named.get("args"));
                    }
                    raw = client.callMethod(model, method, args, arguments.kwargs(), context);
                    result = OdooValues.toJava(raw);
                }
            }
        }
        in.setBody(result);
        in.setHeader(OdooHeaders.MODEL, model);
        in.setHeader(OdooHeaders.METHOD, method);
        if (endpoint.isRawResult()) {
            in.setHeader(OdooHeaders.RAW_RESULT, raw);
        }
    }

    private Object create(String model, Arguments arguments, OdooContext context) {
        Object values = arguments.named.containsKey("values") ? arguments.named.get("values") : arguments.plainMap;
        if (values instanceof Map) {
            return client.create(model, castMap(values), context);
        }
        if (values instanceof List && ((List<?>) values).stream().allMatch(Map.class::isInstance)) {
            List<Map<String, Object>> batch = new ArrayList<>();
            ((List<?>) values).forEach(item -> batch.add(castMap(item)));
            return client.createBatch(model, batch, context);
        }
        throw new IllegalArgumentException("odoo:" + model + "/create needs the values as a Map (one record) or a List"
                + " of Maps (one call, one transaction) in the body or in its 'values' key; got "
                + (values == null ? "nothing" : values.getClass().getSimpleName()));
    }

    private Map<String, Object> values(Arguments arguments) {
        Object values = arguments.named.containsKey("values") ? arguments.named.get("values") : arguments.plainMap;
        if (!(values instanceof Map)) {
            throw new IllegalArgumentException("odoo:" + endpoint.getModel() + "/" + endpoint.getMethod()
                    + " needs the values to write as a Map in the body or in its 'values' key");
        }
        return castMap(values);
    }

    private Domain domain(Arguments arguments, Message in) {
        Object domain = arguments.named.containsKey("domain") ? arguments.named.get("domain")
                : in.getHeader(OdooHeaders.DOMAIN);
        if (domain == null) {
            return Domain.all();
        }
        if (domain instanceof Domain) {
            return (Domain) domain;
        }
        JsonNode json;
        if (domain instanceof String) {
            try {
                json = OdooValues.JSON.readTree((String) domain);
            } catch (Exception e) {
                throw new IllegalArgumentException("The Odoo domain is not valid JSON: " + domain, e);
            }
        } else {
            json = OdooValues.toOdooJson(domain);
        }
        return Domain.fromJson(json);
    }

    private List<String> fields(Arguments arguments, Message in) {
        Object fields = arguments.named.containsKey("fields") ? arguments.named.get("fields")
                : in.getHeader(OdooHeaders.FIELDS, endpoint.getFields());
        if (fields == null) {
            return List.of();
        }
        if (fields instanceof String) {
            return Arrays.stream(((String) fields).split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
        }
        if (fields instanceof Collection) {
            return ((Collection<?>) fields).stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("Odoo fields must be a List or a comma-separated String, got "
                + fields.getClass().getSimpleName());
    }

    private SearchOptions options(Arguments arguments, Message in) {
        SearchOptions options = SearchOptions.none();
        Integer offset = integer(arguments.named.get("offset"), in.getHeader(OdooHeaders.OFFSET), endpoint.getOffset());
        Integer limit = integer(arguments.named.get("limit"), in.getHeader(OdooHeaders.LIMIT), endpoint.getLimit());
        Object order = firstNonNull(arguments.named.get("order"), in.getHeader(OdooHeaders.ORDER), endpoint.getOrder());
        if (offset != null) {
            options = options.withOffset(offset);
        }
        if (limit != null) {
            options = options.withLimit(limit);
        }
        if (order != null) {
            options = options.withOrder(order.toString());
        }
        return options;
    }

    private Collection<Long> ids(Arguments arguments, Message in, boolean required) {
        Object ids = arguments.named.containsKey("ids") ? arguments.named.get("ids") : in.getHeader(OdooHeaders.IDS);
        if (ids == null) {
            if (required) {
                throw new IllegalArgumentException("odoo:" + endpoint.getModel() + "/" + endpoint.getMethod()
                        + " needs record ids: an 'ids' key in the body or the OdooIds header");
            }
            return List.of();
        }
        if (ids instanceof Number) {
            return List.of(((Number) ids).longValue());
        }
        if (ids instanceof Collection) {
            List<Long> list = new ArrayList<>();
            for (Object id : (Collection<?>) ids) {
                if (!(id instanceof Number)) {
                    throw new IllegalArgumentException("Odoo record ids must be numbers, got '" + id + "'");
                }
                list.add(((Number) id).longValue());
            }
            return list;
        }
        throw new IllegalArgumentException("Odoo record ids must be a number or a List, got "
                + ids.getClass().getSimpleName());
    }

    private static OdooContext context(Arguments arguments, Message in) {
        Object context = arguments.named.containsKey("context") ? arguments.named.get("context")
                : in.getHeader(OdooHeaders.CONTEXT);
        if (context == null) {
            return OdooContext.empty();
        }
        if (context instanceof OdooContext) {
            return (OdooContext) context;
        }
        if (context instanceof Map) {
            return OdooContext.of(castMap(context));
        }
        throw new IllegalArgumentException("The Odoo context must be an OdooContext or a Map, got "
                + context.getClass().getSimpleName());
    }

    private static Integer integer(Object... candidates) {
        Object value = firstNonNull(candidates);
        if (value == null) {
            return null;
        }
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a whole number for offset/limit, got '" + value + "'", e);
        }
    }

    private static Object firstNonNull(Object... candidates) {
        for (Object candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    /** The body read as named arguments, a plain values Map, or positional arguments. */
    private static final class Arguments {
        Map<String, Object> named = Map.of();
        Map<String, Object> plainMap;
        List<?> positional;

        static Arguments of(Object body) {
            Arguments arguments = new Arguments();
            if (body instanceof Map) {
                Map<String, Object> map = castMap(body);
                if (map.keySet().stream().anyMatch(ARGUMENT_KEYS::contains)) {
                    arguments.named = map;
                } else {
                    arguments.plainMap = map;
                }
            } else if (body instanceof List) {
                arguments.positional = (List<?>) body;
            }
            return arguments;
        }

        Map<String, Object> kwargs() {
            if (named.get("kwargs") instanceof Map) {
                return castMap(named.get("kwargs"));
            }
            return plainMap == null ? Map.of() : plainMap;
        }
    }
}
