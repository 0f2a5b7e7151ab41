package io.financehub.odoo.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.OdooValues;
import io.financehub.odoo.SearchOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        if (arguments.positional != null && !endpoint.isReadOnly() && !endpoint.isBlind()) {
            throw new IllegalArgumentException("odoo:" + model + "/" + method + " settles a lost answer on its record ids:"
                    + " give them in the OdooIds header or an 'ids' key of a Map body, not as positional arguments (a List body)");
        }
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
                    Collection<Long> ids = ids(arguments, in, true);
                    Map<String, Object> values = values(arguments);
                    raw = sentOnce(ids, context, () -> OdooValues.toOdooJson(client.write(model, ids, values, context)));
                    result = OdooValues.toJava(raw);
                    break;
                }
                case "unlink": {
                    boolean unlinked = client.unlink(model, ids(arguments, in, true), context);
                    raw = OdooValues.toOdooJson(unlinked);
                    result = unlinked;
                    break;
                }
                default: {
                    if (endpoint.isOnce()) {
                        long messageId = messagePostOnce(arguments, in, context);
                        raw = OdooValues.toOdooJson(messageId);
                        result = messageId;
                        break;
                    }
                    List<Object> args = new ArrayList<>();
                    Collection<Long> ids = ids(arguments, in, endpoint.getEffectField() != null);
                    if (!ids.isEmpty()) {
                        args.add(List.copyOf(ids));
                    }
                    if (arguments.named.get("args") instanceof List) {
                        args.addAll((List<?>) arguments.named.get("args"));
                    }
                    Map<String, Object> kwargs = kwargs(arguments, in);
                    raw = sentOnce(ids, context, () -> client.callMethod(model, method, args, kwargs, context));
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

    /**
     * Sends a method that may write. With {@code effectField}/{@code effectValues}, a lost answer is waited out by
     * reading that field on the ids ({@link OdooClient#writeOnce}): the answer is then {@code null}. Otherwise (only
     * {@code blind=true} gets here) it is sent as it is.
     */
    private JsonNode sentOnce(Collection<Long> ids, OdooContext context, Supplier<JsonNode> send) {
        String field = endpoint.getEffectField();
        if (field == null) {
            return send.get();
        }
        List<String> values = endpoint.effectValues();
        String model = endpoint.getModel();
        String lookFor = model + " " + ids + " after " + endpoint.getMethod() + " (" + field + " " + String.join(" or ", values) + ")";
        return client.writeOnce(lookFor, send, () -> {
            List<OdooRecord> records = client.read(model, ids, List.of(field), context);
            boolean done = records.size() == ids.size()
                    && records.stream().allMatch(r -> values.contains(effectText(r.raw(field))));
            return done ? Optional.of(NullNode.getInstance()) : Optional.empty();
        });
    }

    /** A field value as effectValues name it: text, a number, true/false, or the id of a many2one. */
    private static String effectText(JsonNode value) {
        JsonNode scalar = value.isArray() && !value.isEmpty() ? value.get(0) : value;
        return scalar.asText();
    }

    /** {@code message_post} with {@code once=true}: the note (the body, or the kwargs' {@code body}) on one record. */
    private long messagePostOnce(Arguments arguments, Message in, OdooContext context) {
        String uri = "odoo:" + endpoint.getModel() + "/message_post";
        Collection<Long> ids = ids(arguments, in, true);
        if (ids.size() != 1) {
            throw new IllegalArgumentException(uri + "?once=true posts on one record; got ids " + ids);
        }
        Map<String, Object> kwargs = new LinkedHashMap<>(kwargs(arguments, in));
        Object note = kwargs.remove("body");
        if (note == null && in.getBody() instanceof CharSequence) {
            note = in.getBody().toString();
        }
        if (note == null || note.toString().isBlank()) {
            throw new IllegalArgumentException(uri + "?once=true needs the note's text in the body (a String) or in the"
                    + " kwargs' 'body'");
        }
        return client.messagePostOnce(endpoint.getModel(), ids.iterator().next(), note.toString(), kwargs, context);
    }

    /** Keyword arguments: the endpoint's {@code kwargs.*} options, under the OdooKwargs header, under the body's. */
    private Map<String, Object> kwargs(Arguments arguments, Message in) {
        Map<String, Object> kwargs = new LinkedHashMap<>(endpoint.getKwargs());
        Object header = in.getHeader(OdooHeaders.KWARGS);
        if (header != null) {
            if (!(header instanceof Map)) {
                throw new IllegalArgumentException("The " + OdooHeaders.KWARGS + " header must be a Map, got "
                        + header.getClass().getSimpleName());
            }
            kwargs.putAll(castMap(header));
        }
        kwargs.putAll(arguments.kwargs());
        return kwargs;
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
        if (ids instanceof CharSequence && ids.toString().trim().matches("\\d+(\\s*,\\s*\\d+)*")) {
            return Arrays.stream(ids.toString().split(",")).map(id -> Long.valueOf(id.trim())).toList();
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
        throw new IllegalArgumentException("Odoo record ids must be a number, a List or text like '7,8', got "
                + (ids instanceof CharSequence ? "'" + ids + "'" : ids.getClass().getSimpleName()));
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
