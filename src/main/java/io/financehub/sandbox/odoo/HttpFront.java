package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP surface of the emulated Odoo: {@code /jsonrpc}, the version routes, JSON-2 in version 19 mode,
 * the HTML error answers of each version, and the injection of faults into the exchange.
 */
final class HttpFront implements HttpHandler {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String HTML_PAGE = "text/html;charset=utf-8";
    private static final String INFERRED_TYPE = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n"
            + "<h1>Bad Request</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/jsonrpc&#39; is "
            + "type=&#39;json&#39;.</p>\n";

    /** Signals that the connection must be dropped without any answer. */
    private static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("connection dropped by an injected fault", null, false, false);
        }
    }

    private final OdooEmulator emu;
    private final SecureRandom random = new SecureRandom();

    HttpFront(OdooEmulator emu) {
        this.emu = emu;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        emu.requestStarted();
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            int v = emu.version();
            if ("/jsonrpc".equals(path)) {
                jsonRpc(ex);
            } else if ("/web/webclient/version_info".equals(path) && "POST".equals(method)) {
                byte[] body = ex.getRequestBody().readAllBytes();
                JsonNode id = NullNode.getInstance();
                try {
                    JsonNode req = emu.json().readTree(body);
                    if (req != null && req.has("id")) {
                        id = req.get("id");
                    }
                } catch (JsonProcessingException e) {
                    send(ex, 400, HTML, "Invalid JSON data");
                    return;
                }
                ObjectNode out = envelope(id);
                out.set("result", emu.rpcVersionInfo());
                send(ex, 200, JSON, write(out));
            } else if (("/web/version".equals(path) || "/json/version".equals(path)) && "GET".equals(method) && v >= 19) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.putArray("version_info").add(v).add(0).add(0).add("final").add(0).add("");
                out.put("version", v + ".0");
                send(ex, 200, JSON, write(out));
            } else if ("/web/version".equals(path) && v >= 19) {
                // 19 routes /web/version for GET only; a POST goes to the database selector (no session)
                ex.getRequestBody().readAllBytes();
                redirect(ex, "/web/database/selector");
            } else if (path.startsWith("/json/2/") && v >= 19) {
                emu.json2().handle(ex, path.substring("/json/2/".length()));
            } else if (path.startsWith("/json/2/") && v == 18) {
                ex.getRequestBody().readAllBytes();
                redirect(ex, "/web/login?redirect=" + URLEncoder.encode(path + "?", StandardCharsets.UTF_8));
            } else if (path.startsWith("/json/1/") && v == 18) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                String key = auth != null && auth.toLowerCase(Locale.ROOT).startsWith("bearer ") ? auth.substring(7).trim() : null;
                if (key == null || emu.orm().security.userByApiKey(key) == null) {
                    send(ex, 401, HTML, "<!doctype html>\n<html lang=en>\n<title>401 Unauthorized</title>\n<h1>Unauthorized</h1>\n"
                            + "<p>Invalid apikey</p>\n");
                } else {
                    notFound(ex);
                }
            } else {
                notFound(ex);
            }
        } catch (DropConnection e) {
            // Rethrown as an unchecked exception: the JDK server then closes the socket without answering.
            throw e;
        } finally {
            emu.requestEnded();
        }
    }

    void notFound(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        if (emu.version() >= 19) {
            noDatabase(ex);
            return;
        }
        String page = emu.notFoundPage().replace("{{csrf_token}}", HexFormat.of().formatHex(randomBytes(20)) + "o1826860514");
        send(ex, 404, HTML_PAGE, page);
    }

    /**
     * Odoo 19's answer to a request it cannot route to a database (no session, an unknown {@code X-Odoo-Database}):
     * the recorded 19 server served several databases, so every path outside the server-wide routes got this page.
     */
    void noDatabase(HttpExchange ex) throws IOException {
        send(ex, 404, HTML, "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the "
                + "requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> "
                + "and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n");
    }

    /** Odoo 19's 415 for a request whose content type does not fit the route's type ({@code jsonrpc}, {@code json2}). */
    void unsupportedMediaType(HttpExchange ex, String route, String type) throws IOException {
        ex.getRequestBody().readAllBytes();
        send(ex, 415, HTML, "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n"
                + "<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;" + route + "&#39; is type=&#39;" + type
                + "&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n");
    }

    private void redirect(HttpExchange ex, String target) throws IOException {
        ex.getResponseHeaders().set("Location", target);
        send(ex, 303, HTML, "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
                + "<p>You should be redirected automatically to the target URL: <a href=\"" + target + "\">" + target
                + "</a>. If not, click the link.\n");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void jsonRpc(HttpExchange ex) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(ex.getRequestMethod()) || contentType == null
                || !(contentType.toLowerCase(Locale.ROOT).startsWith("application/json")
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/json-rpc"))) {
            if (emu.version() >= 19) {
                unsupportedMediaType(ex, "/jsonrpc", "jsonrpc");
                return;
            }
            ex.getRequestBody().readAllBytes();
            send(ex, 400, HTML, INFERRED_TYPE);
            return;
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        JsonNode req;
        try {
            req = emu.json().readTree(body);
        } catch (JsonProcessingException e) {
            send(ex, 400, HTML, "Invalid JSON data");
            return;
        }
        if (req == null || !req.isObject()) {
            send(ex, 400, HTML, "Invalid JSON-RPC data");
            return;
        }
        JsonNode id = req.has("id") ? req.get("id") : NullNode.getInstance();
        JsonNode params = req.get("params");
        Rpc.CallInfo info = new Rpc.CallInfo();
        String service = params != null ? params.path("service").asText(null) : null;
        String method = params != null ? params.path("method").asText(null) : null;
        JsonNode argsNode = params != null ? params.get("args") : null;
        String faultModel = null;
        String faultMethod = method;
        if ("object".equals(service) && argsNode != null && argsNode.isArray() && argsNode.size() >= 5) {
            faultModel = argsNode.get(3).asText();
            faultMethod = argsNode.get(4).asText();
        }
        Fault fault = emu.faults().next(faultModel, faultMethod);
        long index = emu.journal().nextIndex();
        if (fault != null && fault.kind() == Fault.Kind.LATENCY) {
            sleep(fault.duration());
        }
        if (fault != null && fault.kind() != Fault.Kind.LATENCY && fault.kind() != Fault.Kind.TIMEOUT_AFTER_COMMIT
                && fault.kind() != Fault.Kind.SLOW_COMMIT && fault.kind() != Fault.Kind.KILLED_BY_REQUEST_LIMIT) {
            preInfo(info, service, method, faultModel, faultMethod, argsNode);
            record(index, info, "fault:" + fault.kind().name().toLowerCase(Locale.ROOT));
            switch (fault.kind()) {
                case HTTP_STATUS:
                    proxyError(ex, fault.status());
                    return;
                case SESSION_EXPIRED: {
                    OdooError expired = new OdooError(OdooError.SESSION_EXPIRED, "Session expired", 100);
                    send(ex, 200, JSON, write(errorEnvelope(id, expired, "Odoo Session Expired")));
                    return;
                }
                case ODOO_ERROR:
                    send(ex, 200, JSON, write(errorEnvelope(id, new OdooError(fault.errorName(),
                            Fault.messageOf(fault.errorName())), null)));
                    return;
                default:
                    throw new DropConnection();
            }
        }
        ObjectNode out = envelope(id);
        String outcome;
        if (params == null || service == null || method == null || argsNode == null) {
            List<String> missing = new java.util.ArrayList<>();
            if (service == null) {
                missing.add("service");
            }
            if (method == null) {
                missing.add("method");
            }
            if (argsNode == null) {
                missing.add("args");
            }
            OdooError e = new OdooError(OdooError.TYPE_ERROR, (emu.version() >= 19 ? "JSONRPC" : "RPC") + ".jsonrpc() missing " + missing.size()
                    + " required positional argument" + (missing.size() > 1 ? "s" : "") + ": " + Rpc.pyList(missing));
            out = errorEnvelope(id, e, null);
            outcome = e.name();
        } else {
            ArrayNode args = argsNode.isArray() ? (ArrayNode) argsNode : JsonNodeFactory.instance.arrayNode();
            JsonNode positional = faultModel != null && args.size() > 5 ? args.get(5) : null;
            JsonNode keywords = faultModel != null && args.size() > 6 ? args.get(6) : null;
            try {
                JsonNode result = emu.timed(faultModel, faultMethod, positional, keywords, fault,
                        () -> emu.rpc().dispatch(service, method, args, info));
                if (!result.isMissingNode()) {
                    out.set("result", result);
                }
                outcome = "ok";
            } catch (OdooError e) {
                out = errorEnvelope(id, e, null);
                outcome = e.name();
            } catch (OdooEmulator.KilledByRequestLimit killed) {
                if (info.service == null) {
                    preInfo(info, service, method, faultModel, faultMethod, argsNode);
                }
                record(index, info, "killed_by_request_limit");
                throw new DropConnection();
            } catch (RuntimeException e) {
                // an emulator defect must not look like a network failure: answer as Odoo answers a Python bug
                OdooError internal = new OdooError("builtins.RuntimeError", "Odoo emulator internal error: " + e);
                out = errorEnvelope(id, internal, null);
                outcome = internal.name();
                java.util.logging.Logger.getLogger(HttpFront.class.getName()).log(java.util.logging.Level.WARNING,
                        "Odoo emulator failed on " + service + "." + method, e);
            }
        }
        if (info.service == null) {
            preInfo(info, service, method, faultModel, faultMethod, argsNode);
        }
        if (fault != null && fault.kind() == Fault.Kind.TIMEOUT_AFTER_COMMIT) {
            record(index, info, "fault:timeout_after_commit(" + outcome + ")");
            sleep(fault.duration());
            throw new DropConnection();
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_COMMIT) {
            outcome = "fault:slow_commit(" + outcome + ")";
        }
        record(index, info, outcome);
        send(ex, 200, JSON, write(out));
    }

    private static void preInfo(Rpc.CallInfo info, String service, String method, String model, String modelMethod, JsonNode args) {
        info.service = service;
        info.method = method;
        info.model = model;
        info.modelMethod = modelMethod;
        if (model != null && args != null && args.size() > 5) {
            info.args = args.get(5);
            info.kwargs = args.size() > 6 ? args.get(6) : null;
        } else {
            info.args = args;
        }
    }

    void record(long index, Rpc.CallInfo info, String outcome) {
        String method = info.model != null ? info.modelMethod : info.method;
        emu.journal().add(new RecordedCall(index, info.protocol, info.service, info.model, method, info.args, info.kwargs,
                info.uid, info.login, outcome, Instant.now(), info.received));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void proxyError(HttpExchange ex, int status) throws IOException {
        String reason = status == 502 ? "Bad Gateway" : status == 503 ? "Service Temporarily Unavailable" : "Gateway Time-out";
        send(ex, status, "text/html", "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }

    private ObjectNode envelope(JsonNode id) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", id);
        return out;
    }

    ObjectNode errorEnvelope(JsonNode id, OdooError e, String message) {
        ObjectNode out = envelope(id);
        ObjectNode error = out.putObject("error");
        error.put("code", e.jsonRpcCode() == 200 && emu.version() >= 19 ? 0 : e.jsonRpcCode());
        error.put("message", message != null ? message : "Odoo Server Error");
        error.set("data", errorData(e));
        return out;
    }

    ObjectNode errorData(OdooError e) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("name", e.name());
        data.put("debug", "Traceback (most recent call last):\n  File \"/opt/odoo/odoo/http.py\", line 1788, in _serve_db\n"
                + "    return service_model.retrying(self._serve_ir_http, self.env)\n  File \"/opt/odoo/odoo/service/model.py\", "
                + "line 152, in retrying\n    result = func()\n" + e.name() + ": " + e.getMessage() + "\n");
        data.put("message", e.getMessage());
        data.putArray("arguments").add(e.getMessage());
        data.putObject("context");
        return data;
    }

    String write(JsonNode node) {
        try {
            return emu.jsonWriter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }
}
