package io.financehub.odoo.emulator;

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
 * {@code X-Odoo-Database}) as its documentation describes it: named parameters plus {@code ids} and
 * {@code context} in a JSON object, the bare result as the body, errors as real HTTP statuses with a body
 * {@code {name, message, arguments, context, debug}}.
 */
final class Json2 {
    private final OdooEmulator emu;

    Json2(OdooEmulator emu) {
        this.emu = emu;
    }

    void handle(HttpExchange ex, String rest) throws IOException {
        HttpFront front = emu.front();
        byte[] body = ex.getRequestBody().readAllBytes();
        String[] parts = rest.split("/");
        if (!"POST".equals(ex.getRequestMethod()) || parts.length != 2) {
            front.notFound(ex);
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
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String key = auth != null && auth.toLowerCase(Locale.ROOT).startsWith("bearer ") ? auth.substring(7).trim() : null;
        Long uid = key == null ? null : emu.orm().security.userByApiKey(key);
        if (uid == null) {
            front.record(index, info, OdooError.ACCESS_DENIED);
            error(ex, 401, new OdooError(OdooError.ACCESS_DENIED, "Invalid apikey"));
            return;
        }
        info.uid = uid;
        String db = ex.getRequestHeaders().getFirst("X-Odoo-Database");
        if (db != null && !db.equals(emu.database())) {
            front.record(index, info, "not_found");
            error(ex, 404, new OdooError("werkzeug.exceptions.NotFound", "Database " + db + " not found"));
            return;
        }
        JsonNode params;
        try {
            params = body.length == 0 ? JsonNodeFactory.instance.objectNode() : emu.json().readTree(body);
        } catch (JsonProcessingException e) {
            front.record(index, info, "bad_request");
            error(ex, 400, new OdooError("werkzeug.exceptions.BadRequest", "Invalid JSON data"));
            return;
        }
        if (params == null || !params.isObject()) {
            front.record(index, info, "bad_request");
            error(ex, 400, new OdooError("werkzeug.exceptions.BadRequest", "The body must be a JSON object of named parameters"));
            return;
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
        Env env = new Env(uid, kwargs.get("context"), false);
        int status = 200;
        String outcome = "ok";
        JsonNode result;
        try {
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
            error(ex, statusOf(e), e);
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
        HttpFront.send(ex, status, "application/json; charset=utf-8", front.write(result.isMissingNode() ? JsonNodeFactory.instance.nullNode() : result));
    }

    private static int statusOf(OdooError e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        switch (e.name()) {
            case OdooError.ACCESS_DENIED: return 401;
            case OdooError.ACCESS_ERROR: return 403;
            case OdooError.MISSING_ERROR: return 404;
            case OdooError.ATTRIBUTE_ERROR: return 404;
            case OdooError.USER_ERROR: return msg.startsWith("Object ") && msg.endsWith("doesn't exist") ? 404 : 422;
            case OdooError.VALIDATION_ERROR:
            case OdooError.VALUE_ERROR:
            case OdooError.TYPE_ERROR:
                return 422;
            default: return 500;
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
