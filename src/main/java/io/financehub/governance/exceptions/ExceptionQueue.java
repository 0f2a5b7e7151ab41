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
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
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

    @Inject
    AuditTrail audit;

    @Inject
    ProducerTemplate producer;

    @Inject
    MeterRegistry meters;

    @Inject
    ObjectMapper json;

    private final Masking masking = Masking.withoutSecrets();

    /** Called by a flow's routeConfiguration when a message cannot be completed. */
    public void record(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable cause = caught != null ? caught : exchange.getException();
        String errorType = FailureClassifier.isRetryable(cause) ? "transient-exhausted" : "permanent";
        String message = masking.mask(describe(cause));
        String replayOf = exchange.getMessage().getHeader(HubHeaders.REPLAY_OF, String.class);
        if (replayOf != null) {
            failReplay(UUID.fromString(replayOf), cause, errorType, message);
            exchange.setProperty(ReplayOutcome.FAILED_PROPERTY, message);
            return;
        }
        String flow = header(exchange, HubHeaders.FLOW).orElseGet(() -> flowOf(exchange.getFromRouteId()));
        String correlationId = header(exchange, HubHeaders.CORRELATION_ID).orElse(exchange.getExchangeId());
        String subject = header(exchange, HubHeaders.SUBJECT).orElse(null);
        String replayEndpoint = header(exchange, HubHeaders.REPLAY_ENDPOINT)
                .orElseGet(() -> exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointUri());
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        String headers = replayHeaders(exchange);
        String routeId = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();

        ExceptionItem item = QuarkusTransaction.requiringNew().call(() -> {
            ExceptionItem e = new ExceptionItem();
            e.id = UUID.randomUUID();
            e.flow = flow;
            e.routeId = routeId;
            e.replayEndpoint = replayEndpoint;
            e.correlationId = correlationId;
            e.subject = subject == null ? null : masking.mask(subject);
            e.errorType = errorType;
            e.errorClass = cause == null ? "unknown" : cause.getClass().getName();
            e.errorMessage = message;
            e.payload = payload;
            e.headers = headers;
            e.state = ExceptionState.NEW;
            e.attempts = 0;
            e.createdAt = Instant.now();
            e.updatedAt = e.createdAt;
            e.persist();
            return e;
        });
        exchange.getMessage().setHeader(HubHeaders.EXCEPTION_ID, item.id.toString());
        meters.counter("hub.exceptions.raised", "flow", flow, "error_type", errorType).increment();
        audit.append(AuditRecord.of(actor(exchange, flow), flow, correlationId, subject == null ? "exception:" + item.id : subject,
                "exception.raised", payload, errorType + " failure in route " + routeId + ": " + message));
        LOG.warnf("Flow %s route %s: message %s became exception item %s (%s): %s", flow, routeId, correlationId,
                item.id, errorType, message);
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
        Map<String, Object> headers = new LinkedHashMap<>(readHeaders(claimed.headers));
        headers.put(HubHeaders.CORRELATION_ID, claimed.correlationId);
        headers.put(HubHeaders.REPLAY_OF, claimed.id.toString());
        headers.put(HubHeaders.ACTOR, who);
        Exchange result = producer.send(claimed.replayEndpoint, ex -> {
            ex.getMessage().setBody(claimed.payload);
            ex.getMessage().setHeaders(headers);
        });
        String failure = result.getException() != null ? masking.mask(describe(result.getException()))
                : result.getProperty(ReplayOutcome.FAILED_PROPERTY, String.class);
        if (failure != null) {
            if (result.getException() != null) {
                failReplay(id, result.getException(), FailureClassifier.isRetryable(result.getException())
                        ? "transient-exhausted" : "permanent", failure);
            }
            audit.append(AuditRecord.of(who, claimed.flow, claimed.correlationId, subjectOf(claimed), "exception.replay-failed",
                    claimed.payload, "replay of " + id + " failed: " + failure));
            return ReplayOutcome.failed(failure);
        }
        QuarkusTransaction.requiringNew().run(() -> ExceptionItem.update(
                "state = ?1, updatedAt = ?2, decidedBy = ?3, version = version + 1 where id = ?4",
                ExceptionState.REPLAYED, Instant.now(), who, id));
        meters.counter("hub.exceptions.replayed", "flow", claimed.flow).increment();
        audit.append(AuditRecord.of(who, claimed.flow, claimed.correlationId, subjectOf(claimed), "exception.replayed",
                claimed.payload, "exception item " + id + " replayed to " + claimed.replayEndpoint));
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
        audit.append(AuditRecord.of(who, item.flow, item.correlationId, subjectOf(item), "exception.discarded",
                item.payload, "exception item " + id + " discarded: " + item.decisionReason));
        return item;
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

    private static Optional<String> header(Exchange exchange, String name) {
        return Optional.ofNullable(exchange.getMessage().getHeader(name, String.class)).filter(s -> !s.isBlank());
    }

    private static String actor(Exchange exchange, String flow) {
        return header(exchange, HubHeaders.ACTOR).orElse("system:" + flow);
    }

    /** The flow of a route, from the route-id convention {@code <flow>-<step>}. */
    static String flowOf(String routeId) {
        if (routeId == null) {
            return "unknown";
        }
        for (io.financehub.platform.Flow f : io.financehub.platform.Flow.values()) {
            if (routeId.startsWith(f.id())) {
                return f.id();
            }
        }
        return "unknown";
    }

    /** Keeps the string-valued, non-Camel headers: those a replay needs (file name, import id, ...). */
    private String replayHeaders(Exchange exchange) {
        Map<String, String> kept = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
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
