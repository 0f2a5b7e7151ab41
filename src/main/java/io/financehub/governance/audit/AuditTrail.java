package io.financehub.governance.audit;

import io.agroal.api.AgroalDataSource;
import io.financehub.governance.masking.Masking;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The tamper-evident audit trail: appends hash-chained entries and verifies the chain.
 *
 * <p>Appends are group-committed: callers hand their record to one writer thread and wait until their entry
 * is durable. The writer takes every record waiting at that moment, links them under one lock of the chain
 * head and commits them in one transaction, so the chain head's row lock and the commit's flush are paid once
 * per batch instead of once per entry, and concurrent flows do not queue behind each other's commits. The
 * guarantees are those of one transaction per entry: an append returns only once its entry is committed, an
 * entry that cannot be written fails its own caller only (a failed batch is retried entry by entry), and
 * several hub instances on one database still produce one unbroken chain (each batch holds the head's lock).
 */
@ApplicationScoped
@Named("auditTrail")
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final int VERIFY_PAGE = 1000;
    /** At most this many entries per transaction, so one commit never grows without bound under a burst. */
    private static final int MAX_BATCH = 512;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MappingVersion mappingVersion;

    Clock clock = Clock.systemUTC();

    private final Masking masking = Masking.withoutSecrets();

    /** A record waiting for the writer, already masked and stamped with its mapping version. */
    private record Pending(AuditEntry entry, CompletableFuture<AuditEntry> durable) {
    }

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    /** How often the writer looks at the outbox after entries were put there (the delay before they are chained). */
    @ConfigProperty(name = "hub.audit.outbox-interval", defaultValue = "50ms")
    Duration outboxInterval;
    /** Outbox rows are also looked for this often, whoever put them there. */
    private static final Duration OUTBOX_SWEEP = Duration.ofSeconds(30);
    private static final Duration OUTBOX_RETRY = Duration.ofSeconds(5);
    private volatile boolean outboxPending;
    private final ReentrantLock linking = new ReentrantLock();
    /** The highest outbox id this instance linked (guarded by {@code linking}). */
    private long lastLinked;
    private final Object writerStart = new Object();
    private volatile Thread writer;
    private volatile boolean closing;

    /** Appends one entry and returns it once it is committed (same chain, same hash as any other append). */
    public AuditEntry append(AuditRecord record) {
        Pending pending = new Pending(entry(record), new CompletableFuture<>());
        if (closing) {
            // shutting down: no writer to hand to, so this caller commits its own entry
            write(List.of(pending));
        } else {
            startWriter();
            waiting.add(pending);
        }
        try {
            // not interruptible: once handed over the entry may be committed, and the caller must know whether it was
            return pending.durable().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** A record as the chain stores it: masked and stamped with its mapping version (sequence and hashes come when linked). */
    private AuditEntry entry(AuditRecord record) {
        AuditEntry entry = new AuditEntry();
        entry.actor = record.actor();
        entry.flow = record.flow();
        entry.correlationId = record.correlationId();
        entry.subject = masking.mask(record.subject());
        entry.action = record.action();
        entry.payloadDigest = record.payloadDigest();
        entry.summary = masking.mask(record.summary());
        entry.mappingVersion = mappingVersion.current();
        return entry;
    }

    /**
     * The statement that puts an entry in the audit outbox, for a flow that records its audit entry inside its own
     * transaction (bind it with {@link #bindOutbox}); once that transaction has committed the flow calls
     * {@link #outboxed()} and the writer links the entry into the chain. The entry is as durable as the flow's own
     * change and is never linked if that change rolls back.
     */
    public static final String OUTBOX_INSERT = "insert into audit_outbox (recorded_at, actor, flow, correlation_id, subject, action, "
            + "payload_digest, summary, mapping_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Binds a record (masked, stamped now) to {@link #OUTBOX_INSERT}'s parameters from {@code first}; returns the next index. */
    public int bindOutbox(PreparedStatement ps, int first, AuditRecord record) throws SQLException {
        AuditEntry e = entry(record);
        int p = first;
        ps.setObject(p++, OffsetDateTime.ofInstant(AuditHashing.storedPrecision(clock.instant()), ZoneOffset.UTC));
        ps.setString(p++, e.actor);
        ps.setString(p++, e.flow);
        ps.setString(p++, e.correlationId);
        ps.setString(p++, e.subject);
        ps.setString(p++, e.action);
        ps.setString(p++, e.payloadDigest);
        ps.setString(p++, e.summary);
        ps.setString(p++, e.mappingVersion);
        return p;
    }

    /** Entries were committed to the outbox: the writer links them on its next round (within the outbox interval). */
    public void outboxed() {
        outboxPending = true;
        startWriter();
    }

    /** The writer runs from start-up, so outbox rows an instance left behind are chained even before the first audit write here. */
    void onStart(@Observes StartupEvent start) {
        startWriter();
    }

    private void startWriter() {
        if (writer != null) {
            return;
        }
        synchronized (writerStart) {
            if (writer == null) {
                Thread t = new Thread(this::writeLoop, "audit-trail-writer");
                t.setDaemon(true);
                t.start();
                writer = t;
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        long sweepAt = System.nanoTime();
        long retryAt = sweepAt;
        while (!closing || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(outboxInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    waiting.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                }
                // the outbox: when this instance put entries there, and now and then for rows an instance that
                // stopped before linking its own left behind
                long now = System.nanoTime();
                boolean sweep = now - sweepAt >= 0;
                if ((outboxPending && now - retryAt >= 0) || sweep) {
                    if (sweep) {
                        sweepAt = now + OUTBOX_SWEEP.toNanos();
                    }
                    try {
                        linkOutbox(sweep);
                    } catch (RuntimeException e) {
                        // the rows stay in the outbox, durable; tried again after a pause, not in a tight loop
                        retryAt = now + OUTBOX_RETRY.toNanos();
                        LOG.warnf("%s; trying again in %d s", e.getMessage(), OUTBOX_RETRY.toSeconds());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            } catch (RuntimeException | Error e) {
                // write() completes every caller; this only guards the writer itself
                LOG.error("Audit trail writer: unexpected failure, continuing", e);
            } finally {
                batch.clear();
            }
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        closing = true;
        Thread t = writer;
        if (t != null) {
            t.join(10_000);
        }
        for (Pending p; (p = waiting.poll()) != null; ) {
            write(List.of(p));
        }
        try {
            linkOutbox();
        } catch (RuntimeException e) {
            // the rows stay in the outbox, durable, and are linked by the next start or another instance
            LOG.warnf("Audit trail: the outbox could not be linked at shutdown (%s); it is linked on the next start", e.getMessage());
        }
    }

    /**
     * Links every entry committed to the outbox so far into the chain, in outbox order and batches, each batch in one
     * transaction with the deletion of its outbox rows. Audit queries call it first, so they see every committed
     * entry. Runs outside any caller's transaction; rows another instance is linking at that moment are skipped
     * (that instance links them).
     */
    public void linkOutbox() {
        linkOutbox(true);
    }

    /**
     * @param everything from the start of the outbox; otherwise only after the last entry this instance linked, so
     *                   the writer's frequent rounds do not walk over the index entries of linked rows that vacuum has
     *                   not removed yet. An entry committed out of id order is then linked by the next full round
     *                   (a query, or the sweep every {@code OUTBOX_SWEEP}).
     */
    private void linkOutbox(boolean everything) {
        QuarkusTransaction.suspendingExisting().run(() -> {
            linking.lock();
            try {
                // cleared before reading: an entry committed after the read sets it again
                outboxPending = false;
                long after = everything ? 0 : lastLinked;
                for (long[] linked = linkOutboxBatch(after); linked[0] > 0; linked = linkOutboxBatch(after)) {
                    lastLinked = Math.max(lastLinked, linked[1]);
                    after = linked[1];
                    if (linked[0] < MAX_BATCH) {
                        break;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                outboxPending = true;
                throw new IllegalStateException("Audit trail: outbox entries could not be linked into the chain: " + e.getMessage(), e);
            } finally {
                linking.unlock();
            }
        });
    }

    private static AuditEntry outboxEntry(ResultSet rs) throws SQLException {
        AuditEntry e = new AuditEntry();
        e.recordedAt = rs.getObject(2, OffsetDateTime.class).toInstant();
        e.actor = rs.getString(3);
        e.flow = rs.getString(4);
        e.correlationId = rs.getString(5);
        e.subject = rs.getString(6);
        e.action = rs.getString(7);
        e.payloadDigest = rs.getString(8).trim();
        e.summary = rs.getString(9);
        e.mappingVersion = rs.getString(10);
        return e;
    }

    /** One batch after outbox id {@code after}: how many were linked and the highest id linked. */
    private long[] linkOutboxBatch(long after) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<AuditEntry> entries = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select id, recorded_at, actor, flow, correlation_id, subject, action, "
                        + "payload_digest, summary, mapping_version from audit_outbox where id > ? order by id limit " + MAX_BATCH
                        + " for update skip locked")) {
                    ps.setLong(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            entries.add(outboxEntry(rs));
                        }
                    }
                }
                if (!entries.isEmpty()) {
                    chain(c, entries);
                    try (PreparedStatement ps = c.prepareStatement("delete from audit_outbox where id = any(?)")) {
                        ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return new long[] {entries.size(), ids.isEmpty() ? after : ids.get(ids.size() - 1)};
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Commits a batch in one transaction; if that fails, each entry alone, so one bad entry fails only its caller. */
    private void write(List<Pending> batch) {
        try {
            commit(batch);
            batch.forEach(p -> p.durable().complete(p.entry()));
            return;
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).durable().completeExceptionally(new IllegalStateException(
                        "Audit trail: the entry '" + batch.get(0).entry().action + "' of " + batch.get(0).entry().subject
                                + " could not be written: " + e.getMessage(), e));
                return;
            }
            LOG.warnf("Audit trail: a batch of %d entries could not be written (%s); writing them one by one", batch.size(), e.getMessage());
        }
        for (Pending p : batch) {
            write(List.of(p));
        }
    }

    private void commit(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<AuditEntry> entries = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    p.entry().recordedAt = AuditHashing.storedPrecision(clock.instant());
                    entries.add(p.entry());
                }
                chain(c, entries);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Links entries (recorded, not yet chained) after the chain head, under its row lock, in the caller's transaction. */
    private static void chain(Connection c, List<AuditEntry> entries) throws SQLException {
        long seq;
        String prev;
        try (PreparedStatement ps = c.prepareStatement("select last_seq, last_hash from audit_chain_head where id = 1 for update");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
            prev = rs.getString(2).trim();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into audit_entry (seq, recorded_at, actor, flow, correlation_id, "
                + "subject, action, payload_digest, summary, mapping_version, prev_hash, entry_hash) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEntry e : entries) {
                e.seq = ++seq;
                e.prevHash = prev;
                e.entryHash = AuditHashing.entryHash(e);
                prev = e.entryHash;
                ps.setLong(1, e.seq);
                ps.setObject(2, OffsetDateTime.ofInstant(e.recordedAt, ZoneOffset.UTC));
                ps.setString(3, e.actor);
                ps.setString(4, e.flow);
                ps.setString(5, e.correlationId);
                ps.setString(6, e.subject);
                ps.setString(7, e.action);
                ps.setString(8, e.payloadDigest);
                ps.setString(9, e.summary);
                ps.setString(10, e.mappingVersion);
                ps.setString(11, e.prevHash);
                ps.setString(12, e.entryHash);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.executeUpdate();
        }
    }

    @Transactional
    public List<AuditEntry> byCorrelationId(String correlationId) {
        linkOutbox();
        return AuditEntry.list("correlationId = ?1 order by seq", correlationId);
    }

    @Transactional
    public List<AuditEntry> bySubject(String subject) {
        linkOutbox();
        return AuditEntry.list("subject = ?1 order by seq", masking.mask(subject));
    }

    /** The newest {@code limit} entries, newest first (the console's audit page before a search). */
    @Transactional
    public List<AuditEntry> latest(int limit) {
        linkOutbox();
        return AuditEntry.<AuditEntry>find("order by seq desc").page(0, limit).list();
    }

    /**
     * Recomputes every entry's hash in order and checks the links, the sequence (a deleted row is a gap)
     * and the chain head (a removed tail). Reads page by page, so the trail's size does not matter.
     */
    @Transactional
    public AuditVerification verify() {
        linkOutbox();
        String expectedPrev = AuditHashing.GENESIS_HASH;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> page = em.createQuery("from AuditEntry where seq >= :from order by seq", AuditEntry.class)
                    .setParameter("from", expectedSeq).setMaxResults(VERIFY_PAGE).getResultList();
            if (page.isEmpty()) {
                break;
            }
            for (AuditEntry e : page) {
                if (e.seq != expectedSeq) {
                    return AuditVerification.broken(checked, expectedSeq,
                            "entry " + expectedSeq + " is missing (the next entry is " + e.seq + ")");
                }
                if (!Objects.equals(e.prevHash == null ? null : e.prevHash.trim(), expectedPrev)) {
                    return AuditVerification.broken(checked, e.seq,
                            "entry " + e.seq + " does not link to the previous entry's hash");
                }
                String recomputed = AuditHashing.entryHash(e);
                if (!recomputed.equals(e.entryHash == null ? null : e.entryHash.trim())) {
                    return AuditVerification.broken(checked, e.seq,
                            "entry " + e.seq + " was altered: its content no longer matches its hash");
                }
                expectedPrev = recomputed;
                expectedSeq++;
                checked++;
            }
            em.clear();
        }
        Object[] head = (Object[]) em.createNativeQuery("select last_seq, last_hash from audit_chain_head where id = 1")
                .getSingleResult();
        long headSeq = ((Number) head[0]).longValue();
        if (headSeq != checked || !((String) head[1]).trim().equals(expectedPrev)) {
            return AuditVerification.broken(checked, checked + 1,
                    "the chain ends at entry " + checked + " but the chain head records entry " + headSeq
                            + ": entries were removed from the end");
        }
        return AuditVerification.ok(checked);
    }
}
