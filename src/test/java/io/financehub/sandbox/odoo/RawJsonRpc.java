package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A bare JSON-RPC client for emulator tests: sends exactly what Odoo clients send, over real HTTP. */
final class RawJsonRpc {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final String db;
    private final long uid;
    private final String password;
    private int id;

    RawJsonRpc(OdooEmulator odoo, long uid, String password) {
        this.url = odoo.url().resolve("/jsonrpc");
        this.db = odoo.database();
        this.uid = uid;
        this.password = password;
    }

    ObjectNode body(String model, String method, Object args, Object kwargs) {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0").put("method", "call").put("id", ++id);
        ObjectNode params = req.putObject("params");
        params.put("service", "object").put("method", "execute_kw");
        ArrayNode a = params.putArray("args");
        a.add(db).add(uid).add(password).add(model).add(method);
        a.add(JSON.valueToTree(args));
        a.add(kwargs == null ? JSON.createObjectNode() : JSON.valueToTree(kwargs));
        return req;
    }

    HttpResponse<String> post(JsonNode body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The whole JSON-RPC answer of a model method call. */
    JsonNode answer(String model, String method, Object args, Object kwargs) throws IOException, InterruptedException {
        return JSON.readTree(post(body(model, method, args, kwargs), Duration.ofSeconds(30)).body());
    }

    /** The result of a call; fails the test with Odoo's error text when there is none. */
    JsonNode call(String model, String method, Object args, Object kwargs) throws IOException, InterruptedException {
        JsonNode answer = answer(model, method, args, kwargs);
        if (answer.has("error")) {
            throw new AssertionError("Odoo error " + answer.at("/error/data/name").asText() + ": " + answer.at("/error/data/message").asText());
        }
        return answer.path("result");
    }
}
