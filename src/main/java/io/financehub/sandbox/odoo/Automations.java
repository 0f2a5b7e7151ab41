package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Automation rules (module {@code base_automation}) with the action "Send Webhook Notification", as Odoo 17, 18 and 19
 * run them (Odoo 16 has no such action): trigger "On create and edit" with trigger fields, a URL and the fields to send.
 * The body is what Odoo's {@code _run_action_webhook} sends: {@code json.dumps(vals, sort_keys=True, default=str)} of
 * {@code _action}, {@code _id}, {@code _model}, {@code id} and the chosen fields read with {@code load=None} (a many2one
 * as a bare id), with only {@code Content-Type: application/json} besides python-requests' own headers, a 1-second
 * timeout and the answer ignored. When it is sent (inside the transaction on 17 and 18, after the commit on 19) is the
 * emulator's part ({@link OdooEmulator#execute}); recorded in {@code odoo-recordings/behaviours/webhook-purchase-order-*}.
 * A {@code write_date} among the fields is the record cache's, with microseconds ({@code 2026-12-06 13:18:25.007940}),
 * while a read serves whole seconds: seen on real 17, 18 and 19 on 2026-12-06 (those recordings send no write_date).
 */
final class Automations {

    private static final Logger LOG = Logger.getLogger(Automations.class.getName());
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** A rule: on create, and on a write that changes one of the trigger fields (any field when none is given). */
    record Rule(long actionId, String name, String model, List<String> triggerFields, URI url, List<String> fields) {
    }

    /** A call due for a committed (or committing) change. */
    record Call(URI url, String body) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<SentWebhook> sent = new CopyOnWriteArrayList<>();
    private final ObjectWriter scalars;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private long nextActionId = 300;

    Automations(ObjectWriter scalars) {
        this.scalars = scalars;
    }

    synchronized long add(String name, String model, List<String> triggerFields, URI url, List<String> fields) {
        long id = ++nextActionId;
        rules.add(new Rule(id, name, model, List.copyOf(triggerFields), Objects.requireNonNull(url), List.copyOf(fields)));
        return id;
    }

    void clear() {
        rules.clear();
        sent.clear();
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    List<SentWebhook> sent() {
        return List.copyOf(sent);
    }

    /** The calls the running transaction's changes trigger, their bodies read from the data as the transaction left it. */
    List<Call> due(Orm orm) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<Call> calls = new ArrayList<>();
        for (Rule rule : rules) {
            for (Store.Change change : orm.store.changes(rule.model())) {
                if (change.after() != null && (change.before() == null || triggered(rule, change))) {
                    calls.add(new Call(rule.url(), body(orm, rule, change.id())));
                }
            }
        }
        return calls;
    }

    private static boolean triggered(Rule rule, Store.Change change) {
        if (rule.triggerFields().isEmpty()) {
            return true;
        }
        return rule.triggerFields().stream().anyMatch(f -> !Objects.equals(change.before().get(f), change.after().get(f)));
    }

    private String body(Orm orm, Rule rule, long id) {
        var fields = Orm.F.arrayNode();
        rule.fields().forEach(fields::add);
        JsonNode row = orm.read(new Env(Env.SUPERUSER, null, true), rule.model(), List.of(id), fields, false).get(0);
        Map<String, JsonNode> vals = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vals.put(e.getKey(), e.getValue());
        }
        // the record cache's write_date: the transaction's time with its microseconds, which a read does not serve
        JsonNode written = vals.get("write_date");
        String precise = orm.lastStamp();
        if (written != null && written.isTextual() && precise != null && precise.startsWith(written.asText())) {
            vals.put("write_date", Orm.F.textNode(precise));
        }
        vals.put("_action", Orm.F.textNode(rule.name() + "(#" + rule.actionId() + ")"));
        vals.put("_id", Orm.F.numberNode(id));
        vals.put("_model", Orm.F.textNode(rule.model()));
        StringBuilder out = new StringBuilder();
        object(out, vals);
        return out.toString();
    }

    /** Python's {@code json.dumps} text: ", " and ": " separators, keys sorted, floats as Python prints them. */
    private void python(StringBuilder out, JsonNode value) {
        if (value.isObject()) {
            Map<String, JsonNode> map = new TreeMap<>();
            value.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
            object(out, map);
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                python(out, value.get(i));
            }
            out.append(']');
        } else if (value.isFloatingPointNumber()) {
            String plain = new BigDecimal(Double.toString(value.asDouble())).toPlainString();
            out.append(plain.contains(".") ? plain : plain + ".0");
        } else {
            out.append(write(value));
        }
    }

    private void object(StringBuilder out, Map<String, JsonNode> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : map.entrySet()) {
            out.append(first ? "" : ", ").append(write(Orm.F.textNode(e.getKey()))).append(": ");
            python(out, e.getValue());
            first = false;
        }
        out.append('}');
    }

    private String write(JsonNode scalar) {
        try {
            return scalars.writeValueAsString(scalar);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the calls one after the other as python-requests does for Odoo, each waiting at most a second; a failure or
     * timeout is only logged (and recorded), never an error of the transaction.
     *
     */
    List<Sent> send(List<Call> calls, boolean insideTransaction) {
        List<Sent> done = new ArrayList<>();
        for (Call call : calls) {
            Instant at = Instant.now();
            Optional<Integer> status = Optional.empty();
            Optional<String> error = Optional.empty();
            try {
                HttpRequest request = HttpRequest.newBuilder(call.url()).timeout(TIMEOUT).header("Content-Type", "application/json")
                        .header("User-Agent", "python-requests/2.28.1").header("Accept-Encoding", "gzip, deflate").header("Accept", "*/*")
                        .POST(HttpRequest.BodyPublishers.ofString(call.body())).build();
                status = Optional.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (java.io.IOException e) {
                error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = Optional.of("interrupted");
            }
            error.ifPresent(e -> LOG.log(Level.WARNING, "Odoo emulator: webhook to " + call.url().getHost() + " failed: " + e));
            done.add(new Sent(call, at, insideTransaction, status, error));
        }
        return done;
    }

    /** A call sent, waiting for the moment its transaction committed. */
    record Sent(Call call, Instant at, boolean insideTransaction, Optional<Integer> status, Optional<String> error) {
    }

    void record(List<Sent> calls, Instant committedAt) {
        for (Sent s : calls) {
            sent.add(new SentWebhook(s.call().url(), s.call().body(), s.at(), committedAt, s.insideTransaction(), s.status(), s.error()));
        }
    }
}
