package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Odoo 19's JSON-2 API ({@code POST /json/2/<model>/<method>}, bearer API key, optional
 * {@code X-Odoo-Database}) as recorded on a real 19 server: named parameters plus {@code ids} and {@code context} in
 * a JSON object, the bare result as the body (created records as a list of ids), errors as real HTTP statuses with a
 * body {@code {name, message, arguments, context, debug}} (the routing's own werkzeug errors without a traceback).
 */
final class Json2 {
    private final OdooEmulator emu;

    Json2(OdooEmulator emu) {
        this.emu = emu;
    }

    /** Model methods decorated {@code @api.model}: called without records, so JSON-2 refuses {@code ids} for them. */
    static final java.util.Set<String> MODEL_METHODS = java.util.Set.of("search", "search_read", "search_count", "create",
            "fields_get", "name_search", "read_group", "formatted_read_group", "default_get", "check_access_rights");

    /** Required parameters (after {@code self}) of the generic methods, checked as Python binds arguments. */
    static final Map<String, java.util.List<String>> REQUIRED = Map.of("write", java.util.List.of("vals"),
            "create", java.util.List.of("vals_list"));

    /** The parameters {@code search_read} takes; any other is passed to {@code _read_format}, which refuses it. */
    static final java.util.Set<String> SEARCH_READ_PARAMS = java.util.Set.of("domain", "fields", "offset", "limit", "order",
            "context", "load");

    void handle(HttpExchange ex, String rest) throws IOException {
        HttpFront front = emu.front();
        byte[] body = ex.getRequestBody().readAllBytes();
        String[] parts = rest.split("/");
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(ex.getRequestMethod())) {
            front.unsupportedMediaType(ex, "/json/2", "json2");
            return;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            front.unsupportedMediaType(ex, "/json/2/&lt;__model__&gt;/&lt;__method__&gt;", "json2");
            return;
        }
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            werkzeug(ex, 404, "NotFound", "Did you mean POST /json/2/<model>/<method>?");
            return;
        }
        String model = parts[0];
        String method = parts[1];
        Rpc.CallInfo info = new Rpc.CallInfo();
        info.protocol = "json2";
        info.service = "json2";
        info.model = model;
        info.modelMethod = method;
        long index = emu.journal().nextIndex();
        Fault fault = emu.faults().next(model, method);
        if (fault != null && fault.kind() == Fault.Kind.LATENCY) {
            HttpFront.sleep(fault.duration());
        }
        if (fault != null && fault.kind() == Fault.Kind.HTTP_STATUS) {
            front.record(index, info, "fault:http_status");
            front.proxyError(ex, fault.status());
            return;
        }
        if (fault != null && (fault.kind() == Fault.Kind.CONNECTION_RESET)) {
            front.record(index, info, "fault:connection_reset");
            throw new IllegalStateException("connection dropped by an injected fault");
        }
        if (fault != null && fault.kind() == Fault.Kind.ODOO_ERROR) {
            front.record(index, info, "fault:odoo_error");
            error(ex, 500, new OdooError(fault.errorName(), Fault.messageOf(fault.errorName())));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.SESSION_EXPIRED) {
            front.record(index, info, "fault:session_expired");
            error(ex, 401, new OdooError(OdooError.SESSION_EXPIRED, "Session expired"));
            return;
        }
        String db = ex.getRequestHeaders().getFirst("X-Odoo-Database");
        if (db != null && !db.equals(emu.database())) {
            front.record(index, info, "not_found");
            front.noDatabase(ex);
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String key = auth != null && auth.toLowerCase(Locale.ROOT).startsWith("bearer ") ? auth.substring(7).trim() : null;
        Long uid = key == null ? null : emu.orm().security.userByApiKey(key);
        if (uid == null) {
            front.record(index, info, OdooError.ACCESS_DENIED);
            werkzeug(ex, 401, "Unauthorized", auth == null ? "User not authenticated, use an API Key with a Bearer Authorization header."
                    : "Invalid apikey");
            return;
        }
        info.uid = uid;
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String syntaxError = text.isBlank() ? null : PyJson.error(text);
        if (syntaxError != null) {
            front.record(index, info, "bad_request");
            werkzeug(ex, 400, "BadRequest", "could not parse the body as json: " + syntaxError);
            return;
        }
        JsonNode params = text.isBlank() ? null : emu.json().readTree(text);
        if (params == null || !params.isObject()) {
            // Odoo 19 takes a body that is not an object as no arguments at all (recorded: an array body)
            params = JsonNodeFactory.instance.objectNode();
        }
        ArrayNode args = JsonNodeFactory.instance.arrayNode();
        ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
        if (params.has("ids")) {
            args.add(params.get("ids"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"ids".equals(e.getKey())) {
                kwargs.set(e.getKey(), e.getValue());
            }
        }
        info.args = args;
        info.kwargs = kwargs;
        String refusal = signatureProblem(model, method, params);
        if (refusal != null) {
            front.record(index, info, "unprocessable");
            werkzeug(ex, 422, "UnprocessableEntity", refusal);
            return;
        }
        Env env = new Env(uid, kwargs.get("context"), false);
        int status = 200;
        String outcome = "ok";
        JsonNode result;
        try {
            if ("search_read".equals(method)) {
                for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!SEARCH_READ_PARAMS.contains(name) && !"ids".equals(name)) {
                        throw new OdooError(OdooError.TYPE_ERROR, "BaseModel._read_format() got an unexpected keyword argument '" + name + "'");
                    }
                }
            }
            result = emu.timed(model, method, args.size() > 0 ? args : null, kwargs, fault,
                    () -> emu.rpc().callModel(env, model, method, args, kwargs));
        } catch (OdooEmulator.KilledByRequestLimit killed) {
            front.record(index, info, "killed_by_request_limit");
            throw new IllegalStateException("connection dropped: request killed by the request limit");
        } catch (OdooError e) {
            outcome = e.name();
            if (fault != null && fault.kind() == Fault.Kind.TIMEOUT_AFTER_COMMIT) {
                front.record(index, info, "fault:timeout_after_commit(" + outcome + ")");
                HttpFront.sleep(fault.duration());
                throw new IllegalStateException("connection dropped by an injected fault");
            }
            front.record(index, info, outcome);
            if (e.name().equals(OdooError.ATTRIBUTE_ERROR) && e.getMessage().startsWith("The method '")
                    || e.name().equals(OdooError.USER_ERROR) && e.getMessage().startsWith("Object ") && e.getMessage().endsWith(" doesn't exist")) {
                werkzeug(ex, 404, "NotFound", e.name().equals(OdooError.USER_ERROR)
                        ? "the model '" + model + "' does not exist" : e.getMessage());
                return;
            }
            error(ex, statusOf(e), e);
            return;
        } catch (RuntimeException e) {
            // an emulator defect must not look like a network failure: answer as Odoo answers a Python bug
            java.util.logging.Logger.getLogger(Json2.class.getName()).log(java.util.logging.Level.WARNING,
                    "Odoo emulator failed on " + model + "." + method, e);
            OdooError internal = new OdooError("builtins.RuntimeError", "Odoo emulator internal error: " + e);
            front.record(index, info, internal.name());
            error(ex, 500, internal);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.TIMEOUT_AFTER_COMMIT) {
            front.record(index, info, "fault:timeout_after_commit(ok)");
            HttpFront.sleep(fault.duration());
            throw new IllegalStateException("connection dropped by an injected fault");
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_COMMIT) {
            outcome = "fault:slow_commit(" + outcome + ")";
        }
        front.record(index, info, outcome);
        if ("create".equals(method) && result.isIntegralNumber()) {
            // JSON-2 answers the created records' ids, a list even for one record
            result = JsonNodeFactory.instance.arrayNode().add(result);
        }
        HttpFront.send(ex, status, "application/json; charset=utf-8", front.write(result.isMissingNode() ? JsonNodeFactory.instance.nullNode() : result));
    }

    /** What Odoo 19 refuses while binding the body to the method's parameters, before calling it; null when it binds. */
    private static String signatureProblem(String model, String method, JsonNode params) {
        if (params.has("ids") && MODEL_METHODS.contains(method)) {
            return "cannot call " + model + "." + method + " with ids";
        }
        for (String required : REQUIRED.getOrDefault(method, java.util.List.of())) {
            if (!params.has(required)) {
                return "missing a required argument: '" + required + "'";
            }
        }
        return null;
    }

    /** A werkzeug HTTP exception as JSON-2 renders it: its arguments hold the status, there is no traceback. */
    private void werkzeug(HttpExchange ex, int status, String exception, String message) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", "werkzeug.exceptions." + exception);
        out.put("message", message);
        out.putArray("arguments").add(message).add(status);
        out.putObject("context");
        HttpFront.send(ex, status, "application/json; charset=utf-8", emu.front().write(out));
    }

    private static int statusOf(OdooError e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        switch (e.name()) {
            case OdooError.ACCESS_DENIED: return 401;
            case OdooError.ACCESS_ERROR: return 403;
            case OdooError.MISSING_ERROR: return 404;
            case OdooError.USER_ERROR: return msg.startsWith("Object ") && msg.endsWith("doesn't exist") ? 404 : 422;
            case OdooError.VALIDATION_ERROR:
                return 422;
            default: return 500; // Python errors (ValueError, TypeError, KeyError, AttributeError, ...)
        }
    }

    private void error(HttpExchange ex, int status, OdooError e) throws IOException {
        ObjectNode body = emu.front().errorData(e);
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        ordered.set("name", body.get("name"));
        ordered.set("message", body.get("message"));
        ordered.set("arguments", body.get("arguments"));
        ordered.set("context", body.get("context"));
        ordered.set("debug", body.get("debug"));
        HttpFront.send(ex, status, "application/json; charset=utf-8", emu.front().write(ordered));
    }
}
