package io.financehub.governance.exceptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.masking.Masking;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.language.simple.Simple;
import org.jboss.logging.Logger;

/**
 * The exception queue (dead letters): routes hand failed messages here from their flow's
 * routeConfiguration; operators list, replay or discard them. A replay re-sends the original payload and
 * headers to the endpoint the flow named, with the original correlation id, and is itself idempotent: an
 * item is replayed at most once successfully, and never twice at the same time.
 */
@ApplicationScoped
@Named("exceptionQueue")
@RegisterForReflection
public class ExceptionQueue {

    private static final Logger LOG = Logger.getLogger(ExceptionQueue.class);
    private static final int MAX_MESSAGE = 4000;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hub.work-dir")
    String workDir;

    /** Larger bodies are written to {@code <work-dir>/exceptions/<item id>.payload} and kept by reference. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hub.exceptions.payload-inline-max", defaultValue = "262144")
    int inlineMax;

    /** Where a payload is: inline bytes, or a kept file relative to the work directory; with its digest and size. */
    private record Kept(byte[] inline, String ref, String sha256, long size) {
    }

    @Inject
    AuditTrail audit;

    @Inject
    ProducerTemplate producer;

    @Inject
    org.apache.camel.CamelContext camel;

    @Inject
    MeterRegistry meters;

    @Inject
    ObjectMapper json;

    private final Masking masking = Masking.withoutSecrets();

    /**
     * A flow's routeConfiguration hands a message it cannot complete here; returns the new item's id (the route may
     * keep it, e.g. in {@link HubHeaders#EXCEPTION_ID}), or nothing when a replay failed again and its item is NEW again.
     */
    public String record(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause, @Body Object body,
            @Headers Map<String, Object> headers, @Simple("${fromRouteId}") String routeId) {
        return record(new FailedMessage(routeId, cause, body, headers, null, null)).itemId().map(UUID::toString).orElse(null);
    }

    /**
     * A message a flow could not complete: the route it was in, why, and what to keep for a replay (the body, or a
     * file under {@code hub.work-dir} that already holds it, with its SHA-256 when known).
     */
    public record FailedMessage(String routeId, Throwable cause, Object body, Map<String, Object> headers,
            java.nio.file.Path payloadFile, String payloadSha256) {

        public FailedMessage {
            headers = headers == null ? Map.of() : headers;
        }
    }

    /** What {@link #record(FailedMessage)} did: a new item, or a failed replay's item put back to NEW with its failure. */
    public record Recorded(Optional<UUID> itemId, Optional<String> replayFailure) {
    }

    /** Keeps a message a flow could not complete as a NEW item (or, for a replay, puts the replayed item back to NEW). */
    public Recorded record(FailedMessage failed) {
        Throwable cause = failed.cause();
        String errorType = FailureClassifier.isRetryable(cause) ? "transient-exhausted" : "permanent";
        String message = masking.mask(describe(cause));
        Map<String, Object> in = failed.headers();
        String replayOf = header(in, HubHeaders.REPLAY_OF).orElse(null);
        if (replayOf != null) {
            failReplay(UUID.fromString(replayOf), cause, errorType, message);
            return new Recorded(Optional.empty(), Optional.of(message));
        }
        String routeId = failed.routeId() == null ? "unknown" : failed.routeId();
        String flow = header(in, HubHeaders.FLOW).orElseGet(() -> flowOf(failed.routeId()));
        UUID itemId = UUID.randomUUID();
        String correlationId = header(in, HubHeaders.CORRELATION_ID).orElse(itemId.toString());
        String subject = header(in, HubHeaders.SUBJECT).orElse(null);
        String replayEndpoint = header(in, HubHeaders.REPLAY_ENDPOINT).orElseGet(() -> fromEndpointOf(failed.routeId()));
        Kept kept = keep(failed, itemId);
        String headers = replayHeaders(in);

        ExceptionItem item = QuarkusTransaction.requiringNew().call(() -> {
            ExceptionItem e = new ExceptionItem();
            e.id = itemId;
            e.flow = flow;
            e.routeId = routeId;
            e.replayEndpoint = replayEndpoint;
            e.correlationId = correlationId;
            e.subject = subject == null ? null : masking.mask(subject);
            e.errorType = errorType;
            e.errorClass = cause == null ? "unknown" : cause.getClass().getName();
            e.errorMessage = message;
            e.payload = kept.inline();
            e.payloadRef = kept.ref();
            e.payloadSha256 = kept.sha256();
            e.payloadSize = kept.size();
            e.headers = headers;
            e.state = ExceptionState.NEW;
            e.attempts = 0;
            e.createdAt = Instant.now();
            e.updatedAt = e.createdAt;
            e.persist();
            return e;
        });
        meters.counter("hub.exceptions.raised", "flow", flow, "error_type", errorType).increment();
        audit.append(new AuditRecord(header(in, HubHeaders.ACTOR).orElse("system:" + flow), flow, correlationId,
                subject == null ? "exception:" + item.id : subject, "exception.raised", kept.sha256(), errorType
                        + " failure in route " + routeId + ": " + message + (kept.ref() == null ? "" : " (payload kept in " + kept.ref() + ")")));
        LOG.warnf("Flow %s route %s: message %s became exception item %s (%s): %s", flow, routeId, correlationId,
                item.id, errorType, message);
        return new Recorded(Optional.of(item.id), Optional.empty());
    }

    /** The endpoint a route consumes from: where a replay of its message goes when the flow named none. */
    private String fromEndpointOf(String routeId) {
        org.apache.camel.Route route = routeId == null ? null : camel.getRoute(routeId);
        return route == null ? "" : route.getEndpoint().getEndpointUri();
    }

    public List<ExceptionItem> list(Optional<String> flow, Optional<ExceptionState> state, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            StringBuilder q = new StringBuilder("1 = 1");
            Map<String, Object> params = new LinkedHashMap<>();
            flow.ifPresent(f -> {
                q.append(" and flow = :flow");
                params.put("flow", f);
            });
            state.ifPresent(s -> {
                q.append(" and state = :state");
                params.put("state", s);
            });
            return ExceptionItem.<ExceptionItem>find(q + " order by createdAt desc", params).page(0, limit).list();
        });
    }

    public Optional<ExceptionItem> find(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> ExceptionItem.<ExceptionItem>findByIdOptional(id));
    }

    /**
     * Replays an item: claims it (NEW → REPLAYING, so two operators cannot replay at once), re-sends the
     * message and records the outcome. An item that is not NEW is left untouched.
     */
    public ReplayOutcome replay(UUID id, String who) {
        Optional<ExceptionItem> notice = find(id).filter(e -> e.state == ExceptionState.NEW && NotReplayableException.isNotice(e));
        if (notice.isPresent()) {
            // a notice for a person: refused before anything is sent, the item stays as it is
            return ReplayOutcome.notice(notice.get().errorMessage);
        }
        ExceptionItem claimed = QuarkusTransaction.requiringNew().call(() -> {
            int updated = ExceptionItem.update("state = ?1, updatedAt = ?2, attempts = attempts + 1, version = version + 1 "
                    + "where id = ?3 and state = ?4", ExceptionState.REPLAYING, Instant.now(), id, ExceptionState.NEW);
            return updated == 1 ? ExceptionItem.<ExceptionItem>findById(id) : null;
        });
        if (claimed == null) {
            return find(id).map(e -> ReplayOutcome.notReplayable(e.state))
                    .orElseThrow(() -> new java.util.NoSuchElementException("exception item " + id + " does not exist"));
        }
        Object body;
        try {
            body = payloadOf(claimed);
        } catch (IllegalStateException unusable) {
            QuarkusTransaction.requiringNew().run(() -> ExceptionItem.update("state = ?1, updatedAt = ?2, version = version + 1 "
                    + "where id = ?3 and state = ?4", ExceptionState.NEW, Instant.now(), id, ExceptionState.REPLAYING));
            audit.append(new AuditRecord(who, claimed.flow, claimed.correlationId, subjectOf(claimed), "exception.replay-refused",
                    claimed.payloadSha256, unusable.getMessage()));
            return ReplayOutcome.payloadUnusable(unusable.getMessage());
        }
        Map<String, Object> headers = new LinkedHashMap<>(readHeaders(claimed.headers));
        headers.put(HubHeaders.CORRELATION_ID, claimed.correlationId);
        headers.put(HubHeaders.REPLAY_OF, claimed.id.toString());
        headers.put(HubHeaders.ACTOR, who);
        Exchange result = producer.send(claimed.replayEndpoint, ex -> {
            ex.getMessage().setBody(body);
            ex.getMessage().setHeaders(headers);
        });
        String failure = result.getException() != null ? masking.mask(describe(result.getException()))
                : failedAgain(id);
        if (failure != null) {
            if (result.getException() != null) {
                failReplay(id, result.getException(), FailureClassifier.isRetryable(result.getException())
                        ? "transient-exhausted" : "permanent", failure);
            }
            audit.append(new AuditRecord(who, claimed.flow, claimed.correlationId, subjectOf(claimed), "exception.replay-failed",
                    digestOf(claimed), "replay of " + id + " failed: " + failure));
            return ReplayOutcome.failed(failure);
        }
        QuarkusTransaction.requiringNew().run(() -> ExceptionItem.update(
                "state = ?1, updatedAt = ?2, decidedBy = ?3, version = version + 1 where id = ?4",
                ExceptionState.REPLAYED, Instant.now(), who, id));
        meters.counter("hub.exceptions.replayed", "flow", claimed.flow).increment();
        audit.append(new AuditRecord(who, claimed.flow, claimed.correlationId, subjectOf(claimed), "exception.replayed",
                digestOf(claimed), "exception item " + id + " replayed to " + claimed.replayEndpoint));
        return ReplayOutcome.replayed();
    }

    /** Discards an item for a stated reason; only NEW items can be discarded. */
    public ExceptionItem discard(UUID id, String who, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A discard needs a reason: say why this message must not be processed");
        }
        ExceptionItem item = QuarkusTransaction.requiringNew().call(() -> {
            ExceptionItem e = ExceptionItem.<ExceptionItem>findByIdOptional(id)
                    .orElseThrow(() -> new java.util.NoSuchElementException("exception item " + id + " does not exist"));
            if (e.state != ExceptionState.NEW) {
                throw new IllegalStateException("exception item " + id + " is " + e.state + "; only NEW items can be discarded");
            }
            e.state = ExceptionState.DISCARDED;
            e.decidedBy = who;
            e.decisionReason = masking.mask(reason.trim());
            e.updatedAt = Instant.now();
            return e;
        });
        meters.counter("hub.exceptions.discarded", "flow", item.flow).increment();
        audit.append(new AuditRecord(who, item.flow, item.correlationId, subjectOf(item), "exception.discarded",
                digestOf(item), "exception item " + id + " discarded: " + item.decisionReason));
        return item;
    }

    /**
     * Keeps the failed message: the flow's kept file by reference; a body up to {@code hub.exceptions.payload-inline-max}
     * inline; a larger one written to {@code <work-dir>/exceptions/<item id>.payload} (temporary name, then rename)
     * and kept by reference, so an item never holds a large body in the database.
     */
    private Kept keep(FailedMessage failed, UUID itemId) {
        java.nio.file.Path file = failed.payloadFile();
        try {
            if (file != null) {
                String sha = Optional.ofNullable(failed.payloadSha256())
                        .orElseGet(() -> io.financehub.governance.audit.AuditHashing.sha256Hex(file));
                return new Kept(null, relative(file), sha, java.nio.file.Files.size(file));
            }
            byte[] body = failed.body() == null ? null : camel.getTypeConverter().convertTo(byte[].class, failed.body());
            String sha = io.financehub.governance.audit.AuditHashing.sha256Hex(body == null ? new byte[0] : body);
            if (body == null || body.length <= inlineMax) {
                return new Kept(body, null, sha, body == null ? 0 : body.length);
            }
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(workDir, "exceptions"));
            java.nio.file.Path tmp = dir.resolve("." + itemId + ".payload.tmp");
            java.nio.file.Files.write(tmp, body);
            java.nio.file.Path spilled = java.nio.file.Files.move(tmp, dir.resolve(itemId + ".payload"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Kept(null, relative(spilled), sha, body.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("The failed message of exception item " + itemId + " cannot be kept", e);
        }
    }

    private String relative(java.nio.file.Path file) {
        java.nio.file.Path root = java.nio.file.Path.of(workDir).toAbsolutePath().normalize();
        java.nio.file.Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new IllegalArgumentException("A kept payload must lie under hub.work-dir: " + file);
        }
        return root.relativize(absolute).toString();
    }

    /** What a replay sends: the inline bytes, or the kept file once it is there unchanged. */
    private Object payloadOf(ExceptionItem item) {
        if (item.payloadRef == null) {
            return item.payload;
        }
        java.nio.file.Path file = java.nio.file.Path.of(workDir).resolve(item.payloadRef).normalize();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalStateException("The file this item kept, " + item.payloadRef + " (under hub.work-dir), is gone:"
                    + " the replay would have nothing to send.");
        }
        String sha = io.financehub.governance.audit.AuditHashing.sha256Hex(file);
        if (!sha.equals(item.payloadSha256)) {
            throw new IllegalStateException("The file this item kept, " + item.payloadRef + ", changed since the failure (SHA-256 "
                    + sha.substring(0, 12) + "… instead of " + item.payloadSha256.substring(0, 12) + "…): the replay would not send"
                    + " what failed.");
        }
        return file.toFile();
    }

    private static String digestOf(ExceptionItem item) {
        return item.payloadSha256 != null ? item.payloadSha256
                : io.financehub.governance.audit.AuditHashing.sha256Hex(item.payload == null ? new byte[0] : item.payload);
    }

    /** The failure a flow recorded for this replay ({@link #failReplay} put the item back to NEW), if it did. */
    private String failedAgain(UUID id) {
        return find(id).filter(e -> e.state == ExceptionState.NEW).map(e -> e.errorMessage == null ? "failed" : e.errorMessage)
                .orElse(null);
    }

    private void failReplay(UUID id, Throwable cause, String errorType, String message) {
        QuarkusTransaction.requiringNew().run(() -> ExceptionItem.update(
                "state = ?1, updatedAt = ?2, errorType = ?3, errorClass = ?4, errorMessage = ?5, version = version + 1 "
                        + "where id = ?6 and state = ?7",
                ExceptionState.NEW, Instant.now(), errorType, cause == null ? "unknown" : cause.getClass().getName(),
                message, id, ExceptionState.REPLAYING));
    }

    private static String subjectOf(ExceptionItem item) {
        return item.subject == null ? "exception:" + item.id : item.subject;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }

    private static Optional<String> header(Map<String, Object> headers, String name) {
        return Optional.ofNullable(headers.get(name)).map(Object::toString).filter(s -> !s.isBlank());
    }

    /** The flow of a route, from the route-id convention {@code <flow>-<step>}. */
    static String flowOf(String routeId) {
        if (routeId == null) {
            return "unknown";
        }
        for (io.financehub.governance.runtime.Flow f : io.financehub.governance.runtime.Flow.values()) {
            if (routeId.startsWith(f.id())) {
                return f.id();
            }
        }
        return "unknown";
    }

    /** Keeps the string-valued, non-Camel headers: those a replay needs (file name, import id, ...). */
    private String replayHeaders(Map<String, Object> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) {
                if (!k.startsWith("Camel") || k.equals(Exchange.FILE_NAME) || k.equals(Exchange.FILE_NAME_ONLY)) {
                    kept.put(k, v.toString());
                }
            }
        });
        kept.remove(HubHeaders.EXCEPTION_ID);
        try {
            return json.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private Map<String, String> readHeaders(String headers) {
        try {
            return json.readValue(headers, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
