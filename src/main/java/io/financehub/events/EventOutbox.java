package io.financehub.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.language.simple.Simple;
import org.jboss.logging.Logger;

/**
 * The transactional outbox of events (table {@code event_outbox}): a flow inserts an event with {@link #INSERT}
 * inside the transaction of the change the event announces, so the event exists exactly when the change does: a
 * killed process loses nothing, a rolled-back change publishes nothing.
 *
 * <p>A publishing route claims the oldest events of its topic with {@link #claim}: in a transaction that holds the
 * topic's advisory lock (so one instance at a time publishes a topic, in id order: one order's decisions reach the
 * broker in the order they were made), sends them, then calls {@link #published}, which deletes them and commits.
 * If the route fails before that, or the process dies, the transaction rolls back (PostgreSQL releases the lock
 * with the connection) and the same events are claimed again: publication is at least once, and each CloudEvent's
 * id is stable, so consumers can drop a repeat.
 */
@ApplicationScoped
@Named("eventOutbox")
@RegisterForReflection
public class EventOutbox {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class);
    private static final long REPORT_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    /** Inserts one event (topic, key, payload): bind with {@link #bind}. */
    public static final String INSERT = "insert into event_outbox (topic, event_key, payload) values (?, ?, ?)";

    /**
     * How long a claim's transaction may sit idle (waiting for the broker) before PostgreSQL ends its session and
     * releases the topic: far above a round's longest legitimate wait (the broker's delivery timeout).
     */
    static final String CLAIM_IDLE_LIMIT = "5min";

    /** An event to publish: topic, record key (for partitioning and ordering), and the serialized event. */
    public record Pending(String topic, String key, String payload) {
    }

    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    /** Topics whose backlog gauge is registered (the first claim of a topic registers it). */
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    private final org.apache.camel.CamelContext camel;

    /** When the last failed round was reported, per route (failures in between are counted, not logged). */
    private final java.util.Map<String, long[]> failures = new ConcurrentHashMap<>();
    /** Claims not yet released, per topic (at most one each). */
    private final java.util.Map<String, Claim> open = new ConcurrentHashMap<>();

    public EventOutbox(AgroalDataSource dataSource, MeterRegistry meters, org.apache.camel.CamelContext camel) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.camel = camel;
    }

    /** Binds an event to {@link #INSERT}'s parameters from {@code first}; returns the next index. */
    public static int bind(PreparedStatement ps, int first, Pending event) throws SQLException {
        ps.setString(first, event.topic());
        ps.setString(first + 1, event.key());
        ps.setString(first + 2, event.payload());
        return first + 3;
    }

    /** Puts one event in the outbox on its own (for a change that is not in a transaction of this store). */
    public void put(Pending event) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, 1, event);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Event outbox: the " + event.topic() + " event " + event.key() + " cannot be stored: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A publication round failed before its events reached the broker (the store or the broker unreachable): the
     * events stay in the outbox for a later round. Counted in {@code hub.events.outbox.failed_rounds}; logged at once,
     * then at most once a minute per route with the number of failures since, so an outage that makes every round
     * fail does not flood the log.
     */
    public void roundFailed(@Simple("${fromRouteId}") String route, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        meters.counter("hub.events.outbox.failed_rounds", "route", route).increment();
        long now = System.nanoTime();
        long[] state = failures.computeIfAbsent(route, r -> new long[] {now - REPORT_EVERY_NANOS, 0});
        synchronized (state) {
            state[1]++;
            if (now - state[0] >= REPORT_EVERY_NANOS) {
                LOG.warnf("Event publication (route %s) failed %d time(s) since the last report, last: %s; the events stay in the "
                        + "outbox and are published once the store and the broker answer", route, state[1],
                        cause == null ? "unknown" : cause.getMessage());
                state[0] = now;
                state[1] = 0;
            }
        }
    }

    /** Events of a topic waiting to be published (metric {@code hub.events.outbox.waiting}). */
    public long waiting(String topic) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from event_outbox where topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Event outbox: cannot count the " + topic + " events: " + e.getMessage(), e);
        }
    }

    /** The topics of the running flows that publish through the outbox: their backlog is exported from the start. */
    void gaugeRunningFlows(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started, io.financehub.governance.runtime.HubFlows flows) {
        if (flows.isEnabled(io.financehub.governance.runtime.Flow.BUDGET_CHECKS)) {
            gauge("finance.budget-decisions");
        }
        if (flows.isEnabled(io.financehub.governance.runtime.Flow.ACTUALS_EXPORT)) {
            gauge("finance.actuals");
        }
    }

    /** Events of the topic waiting to be published (growing: the broker is not taking them), on every instance. */
    private void gauge(String topic) {
        if (gauged.add(topic)) {
            Gauge.builder("hub.events.outbox.waiting", this, o -> o.waiting(topic)).tag("topic", topic)
                    .description("Events committed and not yet published").register(meters);
        }
    }

    /**
     * Claims up to {@code max} of the topic's oldest events: none when there are none or another instance is publishing
     * the topic. The claim is an open transaction; the route ends it with {@link #release} whatever happens: committed
     * (events deleted) if {@link #published} was called, rolled back (events stay) otherwise.
     */
    public Claim claim(String topic, int max) {
        gauge(topic);
        // a topic's rounds run one after another (one scheduled route, on the leader): a claim still open here was left
        // by a round that never ended (its route stopped while it ran), and would hold the topic's lock for everyone
        Claim left = open.remove(topic);
        if (left != null) {
            LOG.warnf("Event outbox: a %s round ended without releasing its claim; its events stay in the outbox", topic);
            left.close(false);
        }
        Claim claim = Claim.open(dataSource, topic, max);
        open.put(topic, claim);
        return claim;
    }

    /** Claims still open when the hub stops are rolled back: their events stay for the next leader. */
    @jakarta.annotation.PreDestroy
    void releaseOpenClaims() {
        open.values().forEach(c -> c.close(false));
        open.clear();
    }

    /** The claimed events as Kafka messages in id order: payload, with the record key in {@link KafkaConstants#KEY}. */
    public List<Message> messages(Claim claim) {
        List<Message> messages = new ArrayList<>(claim.events.size());
        for (Claimed e : claim.events) {
            Message m = new DefaultMessage(camel);
            m.setHeader(KafkaConstants.KEY, e.key());
            m.setBody(e.payload());
            messages.add(m);
        }
        return messages;
    }

    /** The claimed events reached the broker (or became exception items): they leave the outbox. */
    public void published(Claim claim) {
        claim.delete();
    }

    /**
     * Ends the claim: commits the deletion of published events, or rolls back so that the same events are claimed again.
     * Nothing to end when the round failed before it claimed ({@code claim} null).
     */
    public void release(Claim claim) {
        if (claim == null) {
            return;
        }
        open.remove(claim.topic, claim);
        if (!claim.deleted && !claim.events.isEmpty()) {
            LOG.warnf("Event outbox: %d %s events were not published; they stay in the outbox and are claimed again",
                    claim.events.size(), claim.topic);
        }
        claim.close(claim.deleted);
    }

    private record Claimed(long id, String key, String payload) {
    }

    /** One claim: an open transaction holding the topic's advisory lock, and the events it read. */
    public static final class Claim {
        private final Connection connection;
        private final String topic;
        private final List<Claimed> events;
        private boolean deleted;
        private boolean closed;

        private Claim(Connection connection, String topic, List<Claimed> events) {
            this.connection = connection;
            this.topic = topic;
            this.events = events;
        }

        static Claim open(AgroalDataSource dataSource, String topic, int max) {
            Connection c = null;
            try {
                c = dataSource.getConnection();
                c.setAutoCommit(false);
                List<Claimed> events = new ArrayList<>();
                // the lock is released with the connection; should the connection be lost without the socket
                // closing (a node gone), PostgreSQL ends the session after CLAIM_IDLE_LIMIT instead of keeping the
                // lock until TCP keepalive notices (hours with Linux defaults)
                try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(hashtextextended(?, 11)), "
                        + "set_config('idle_in_transaction_session_timeout', ?, true)")) {
                    lock.setString(1, "event-outbox:" + topic);
                    lock.setString(2, CLAIM_IDLE_LIMIT);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return new Claim(c, topic, events); // another instance is publishing this topic
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("select id, event_key, payload from event_outbox where topic = ? order by id limit ?")) {
                    ps.setString(1, topic);
                    ps.setInt(2, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            events.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)));
                        }
                    }
                }
                return new Claim(c, topic, events);
            } catch (SQLException | RuntimeException e) {
                if (c != null) {
                    close(c, false);
                }
                throw new IllegalStateException("Event outbox: cannot claim the " + topic + " events: " + e.getMessage(), e);
            }
        }

        void delete() {
            if (events.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = connection.prepareStatement("delete from event_outbox where id = any(?)")) {
                ps.setArray(1, connection.createArrayOf("bigint", events.stream().map(Claimed::id).toArray()));
                ps.executeUpdate();
                deleted = true;
            } catch (SQLException e) {
                throw new IllegalStateException("Event outbox: the published " + topic + " events cannot be removed (they are "
                        + "published again): " + e.getMessage(), e);
            }
        }

        /** Ends the claim's transaction once: commits (the deletion of published events) or rolls back. */
        synchronized void close(boolean commit) {
            if (!closed) {
                closed = true;
                close(connection, commit);
            }
        }

        private static void close(Connection c, boolean commit) {
            try (c) {
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
                c.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warnf("Event outbox: %s failed (%s); the events stay in the outbox and are published again",
                        commit ? "commit" : "rollback", e.getMessage());
            }
        }
    }
}
