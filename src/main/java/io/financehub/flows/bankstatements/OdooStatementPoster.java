package io.financehub.flows.bankstatements;

import io.financehub.canonical.Money;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementLineKey;
import io.financehub.formats.StatementCursor;
import io.financehub.flows.bankstatements.ImportReport.StatementResult;
import io.financehub.governance.audit.AuditHashing;
import io.financehub.governance.idempotency.JdbcIdempotentRepository;
import io.financehub.governance.idempotency.JdbcIdempotentRepository.KeyState;
import io.financehub.odoo.Domain;
import io.financehub.governance.HubHeaders;
import io.financehub.odoo.OdooAmbiguousWriteException;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooException;
import io.financehub.odoo.OdooOutcomeUnknownException;
import io.financehub.odoo.OdooRecord;
import io.financehub.odoo.OdooValidationException;
import io.financehub.odoo.OdooWriteNotCommittedException;
import io.financehub.odoo.SearchOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Posts statements to Odoo exactly once: a statement's new lines (those whose idempotency key was never confirmed)
 * go in {@code account.bank.statement} creates with their lines, each create one Odoo transaction, all or nothing.
 * A statement is posted in consecutive parts whose size follows the Odoo in front ({@link PartSizer}); their
 * balances chain from the opening to the closing balance.
 *
 * <p>Each part carries a deterministic posting key in its {@code reference}. Before it is sent, the part is recorded
 * ({@link StatementPostings}) and its lines are claimed for that key; after it, what is known is recorded: committed
 * (keys confirmed), not committed (keys released), or unknown. A create whose answer was lost is waited out, never
 * resent: real Odoo goes on executing a request after its client gave up and commits it, so the key is looked for
 * until Odoo's request limit has passed since the create was sent ({@link OdooClient#awaitEffect}). Only then is "not
 * there" proof that it was not committed and the lines may be sent again. An outcome that stays unknown (no enforced
 * request limit) is an exception item naming the reference to look for; an operator's replay looks once more and
 * sends the lines again only when Odoo does not hold it.
 *
 * <p>A later attempt (retry, replay, another instance after a crash) settles every open post of its lines first,
 * by the same rule, so parts of different sizes from one attempt to the next never post a line twice. Creates are
 * one at a time per journal and at most {@code hub.bank-statements.odoo-concurrency} at once per instance.
 *
 * <p>A camt.054 notification has no balances: it posts as a statement of its lines without
 * {@code balance_start}/{@code balance_end_real} (Odoo derives them from the lines), keyed per line like a camt.053,
 * so a later end-of-day camt.053 with the same entry references (or identical content) posts only the lines no
 * notification had.
 */
@ApplicationScoped
@Named("statementPoster")
@RegisterForReflection
public class OdooStatementPoster {

    private static final Logger LOG = Logger.getLogger(OdooStatementPoster.class);
    static final String REFERENCE_PREFIX = "fh:";

    @Inject
    OdooClient odoo;

    @Inject
    OdooBankJournals journals;

    @Inject
    StatementImports imports;

    @Inject
    StatementPostings postings;

    @Inject
    PartSizer sizer;

    @Inject
    @Named("bankStatementLines")
    JdbcIdempotentRepository keys;

    @ConfigProperty(name = "hub.bank-statements.claim-stale-after", defaultValue = "PT10M")
    Duration staleAfter;

    @ConfigProperty(name = "hub.bank-statements.odoo-concurrency", defaultValue = "2")
    int odooConcurrency;

    /** Posts the parts, one at a time per import, while the importing thread reads ahead (see {@code Posting#flush}). */
    private final java.util.concurrent.ExecutorService postingThreads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bank-statements-posting");
        t.setDaemon(true);
        return t;
    });

    /** One create at a time per journal: Odoo numbers a journal's entries in sequence. */
    private final Map<Long, ReentrantLock> journalLocks = new ConcurrentHashMap<>();
    private Semaphore odooSlots;

    /** Posting keys a thread of this instance is sending or settling right now: another attempt leaves them alone. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    @jakarta.annotation.PostConstruct
    void init() {
        if (odooConcurrency < 1) {
            throw new IllegalArgumentException("hub.bank-statements.odoo-concurrency must be at least 1");
        }
        odooSlots = new Semaphore(odooConcurrency, true);
    }

    @jakarta.annotation.PreDestroy
    void stopPostingThreads() {
        postingThreads.shutdown();
    }

    /**
     * Posts the file's statements in order and stops at the first failure. Safe to run again after any failure (the
     * route's retry does): what earlier attempts posted is settled and skipped.
     *
     * <p>The file is read again as a stream: each statement's booked lines are keyed in file order and posted in
     * parts, so memory holds one part, not the file. Whatever happens, each statement's result is recorded from what
     * Odoo holds for the import's posting keys.
     */
    public void postAll(@Body List<PreparedStatement> statements,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_FILE) StatementFile file,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress,
            @Header(HubHeaders.REPLAY_OF) String replayOf) {
        if (file == null) {
            throw new IllegalStateException("no branch of the format choice opened this file (statementFormats.openCamt, openMt940 or openCsv)");
        }
        ImportProgress imported = ImportProgress.required(progress);
        UUID importId = imported.importId();
        boolean replay = replayOf != null;
        try (StatementCursor cursor = file.open()) {
            int position = 0;
            for (Optional<StatementHeader> next = cursor.nextStatement(); next.isPresent(); next = cursor.nextStatement(), position++) {
                PreparedStatement prepared = position < statements.size() ? statements.get(position) : null;
                if (prepared == null || !prepared.header().statementId().equals(next.get().statementId())) {
                    throw new IllegalStateException("The file changed between validation and posting (statement " + position + ")");
                }
                Posting posting = new Posting(prepared, importId, replay);
                try {
                    StatementLineKey.Generator keyGenerator = StatementLineKey.forStatement(prepared.header().account());
                    for (Optional<StatementLine> line = cursor.nextLine(); line.isPresent(); line = cursor.nextLine()) {
                        if (line.get().status().isPostable()) {
                            posting.add(new KeyedLine(line.get(), keyGenerator.next(line.get())));
                        }
                    }
                    posting.flush(true);
                } catch (RuntimeException failure) {
                    posting.awaitQuietly();
                    // what the parts before the failure put in Odoo is in the report and the audit trail
                    recordQuietly(imported, posting, failure);
                    throw failure;
                }
                imports.recordPosted(imported, posting.result());
            }
            if (position != statements.size()) {
                throw new IllegalStateException("The file changed between validation and posting (" + position + " statement(s) read, "
                        + statements.size() + " validated)");
            }
        }
    }

    private void recordQuietly(ImportProgress progress, Posting posting, RuntimeException failure) {
        try {
            imports.recordPosted(progress, posting.result());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** One statement being posted part by part, with the running balance the parts chain through. */
    private final class Posting {
        final PreparedStatement prepared;
        final UUID importId;
        final boolean replay;
        final List<KeyedLine> chunk = new ArrayList<>();
        /** Opening balance plus every booked line before the current chunk; null without balances (camt.054). */
        BigDecimal running;
        int part;
        int linesSeen;
        Future<PartResult> inFlightPart;
        int duplicates;

        Posting(PreparedStatement prepared, UUID importId, boolean replay) {
            this.prepared = prepared;
            this.importId = importId;
            this.replay = replay;
            StatementHeader h = prepared.header();
            this.running = h.openingBalance().isPresent() && h.closingBalance().isPresent()
                    ? h.openingBalance().get().amount().amount() : null;
        }

        void add(KeyedLine line) {
            chunk.add(line);
            if (chunk.size() >= sizer.nextPartSize()) {
                flush(false);
            }
        }

        /**
         * Sends the lines read so far as parts of the size {@link PartSizer} gives once the part in flight is done (so
         * a part whose answer was lost shrinks the next one at once). Parts stay strictly sequential — a part is sent
         * only after the previous one succeeded — but the next part's lines are read and keyed from the file while
         * the current part is in Odoo, so file reading and Odoo's work overlap. {@code last}: the statement's lines
         * are all read; everything left is sent and awaited.
         */
        void flush(boolean last) {
            await();
            while (!chunk.isEmpty() && (last || chunk.size() >= sizer.nextPartSize())) {
                int size = Math.min(chunk.size(), sizer.nextPartSize());
                List<KeyedLine> lines = List.copyOf(chunk.subList(0, size));
                chunk.subList(0, size).clear();
                part++;
                int first = linesSeen + 1;
                linesSeen += lines.size();
                boolean lastPart = last && chunk.isEmpty();
                Part p = new Part(prepared, importId, replay, part, first, linesSeen, lines.size() < prepared.bookedLines(), running,
                        lastPart);
                inFlightPart = postingThreads.submit(() -> postPart(p, lines));
                if (running != null) {
                    running = running.add(sum(lines));
                }
                if (!chunk.isEmpty() || last) {
                    await();
                }
            }
        }

        /** Waits for the part in flight and counts it; its failure is rethrown as it was thrown. */
        void await() {
            Future<PartResult> f = inFlightPart;
            if (f == null) {
                return;
            }
            inFlightPart = null;
            PartResult r;
            try {
                r = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryablePostingException("Interrupted while a statement part was being posted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
            duplicates += r.duplicates();
        }

        /** After a failure elsewhere: lets the part in flight finish (its outcome recorded). */
        void awaitQuietly() {
            try {
                await();
            } catch (RuntimeException ignored) {
                // the first failure is the one reported
            }
        }

        /** What Odoo holds of this statement for the import's posting keys, and the lines skipped as duplicates. */
        StatementResult result() {
            StatementHeader h = prepared.header();
            List<PostedPart> parts = postedParts(importId, h.statementId(), prepared.journal().companyId());
            List<Long> ids = parts.stream().map(PostedPart::odooStatementId).flatMap(Optional::stream).toList();
            int created = parts.stream().mapToInt(PostedPart::linesInOdoo).sum();
            boolean recovered = parts.stream().anyMatch(PostedPart::recovered);
            return new StatementResult(h.statementId(), h.account().masked(), prepared.journal().companyKey(),
                    prepared.journal().code(), ids.isEmpty() ? null : ids.get(0), ids, prepared.bookedLines(), created,
                    duplicates, h.openingBalance().map(b -> b.amount().toString()).orElse(null),
                    h.closingBalance().map(b -> b.amount().toString()).orElse(null), recovered,
                    parts.stream().map(PostedPart::describe).toList());
        }
    }

    /** A booked line and its deterministic idempotency key. */
    private record KeyedLine(StatementLine line, StatementLineKey key) {
    }

    /**
     * One part to post: which booked lines of the statement (1-based positions {@code firstLine}..{@code lastLine}),
     * whether the statement has more than this part, the balance before its first line (null: no balances), and
     * whether it is the statement's last part.
     */
    private record Part(PreparedStatement prepared, UUID importId, boolean replay, int number, int firstLine, int lastLine,
            boolean split, BigDecimal runningBefore, boolean last) {

        String label() {
            return split ? "lines " + firstLine + "-" + lastLine + " of " + prepared.bookedLines() : null;
        }
    }

    /** What posting one part did: lines posted by this import and lines skipped because another import posted them. */
    private record PartResult(int duplicates) {
    }

    /**
     * Posts the new lines of one part as one Odoo statement, exactly once (see the class comment): settles the open
     * posts its lines were claimed for, claims the rest for this part's posting key, records the post, sends it once,
     * and records what is known of its outcome.
     */
    private PartResult postPart(Part part, List<KeyedLine> lines) {
        StatementHeader header = part.prepared().header();
        List<String> allKeys = lines.stream().map(l -> l.key().value()).toList();
        Map<String, KeyState> states = keys.states(allKeys);
        if (settleOpenPosts(states, part)) {
            states = keys.states(allKeys);
        }
        List<KeyedLine> fresh = new ArrayList<>();
        List<KeyedLine> confirmed = new ArrayList<>();
        int duplicates = 0;
        for (KeyedLine line : lines) {
            KeyState state = states.get(line.key().value());
            if (state != null && state.confirmed()) {
                confirmed.add(line);
                if (!postedBy(state, part.importId())) {
                    duplicates++;
                }
            } else {
                fresh.add(line);
            }
        }
        if (fresh.isEmpty()) {
            return new PartResult(duplicates);
        }
        Set<String> freshKeys = new TreeSet<>();
        fresh.forEach(l -> freshKeys.add(l.key().value()));
        String postingKey = postingKey(header, freshKeys);
        BankJournal journal = part.prepared().journal();
        postings.claimed(postingKey, part.importId(), header.statementId(), journal.id(), journal.companyId(), part.number(),
                part.firstLine(), part.lastLine(), fresh.size());
        inFlight.add(postingKey);
        try {
            claim(freshKeys, header, postingKey, states);
            send(part, postingKey, freshKeys, statementValues(part, fresh, confirmed, postingKey));
            return new PartResult(duplicates);
        } finally {
            inFlight.remove(postingKey);
        }
    }

    /** Whether a confirmed line was posted by this import (an earlier attempt's part) rather than by another import. */
    private boolean postedBy(KeyState state, UUID importId) {
        return state.owner().flatMap(postings::find).map(p -> p.importId().equals(importId)).orElse(false);
    }

    /** Sends one part's create and records what is known of its outcome. */
    private void send(Part part, String postingKey, Set<String> freshKeys, Map<String, Object> values) {
        BankJournal journal = part.prepared().journal();
        OdooContext context = OdooContext.empty().withAllowedCompanyIds(journal.companyId());
        ReentrantLock journalLock = journalLocks.computeIfAbsent(journal.id(), id -> new ReentrantLock(true));
        journalLock.lock();
        try {
            odooSlots.acquireUninterruptibly();
            try {
                postings.sent(postingKey, Instant.now());
                long started = System.nanoTime();
                long id = odoo.create("account.bank.statement", values, context);
                sizer.measured(freshKeys.size(), Duration.ofNanos(System.nanoTime() - started));
                committed(postingKey, id);
            } finally {
                odooSlots.release();
            }
        } catch (OdooAmbiguousWriteException lost) {
            sizer.lost(freshKeys.size());
            settleLost(postingKey, lost, context, describe(part, postingKey));
        } catch (OdooValidationException refused) {
            Optional<Long> existing = refused.looksLikeDuplicate() ? findPosted(postingKey, context) : Optional.empty();
            if (existing.isPresent()) {
                committed(postingKey, existing.get());
                return;
            }
            notCommitted(postingKey);
            if (refused.looksLikeDuplicate()) {
                // Odoo 16/17 number a journal's first entries without a lock: a create overlapping another one in the
                // same empty journal clashes on the entry name and is rolled back; the next attempt takes new numbers
                throw new RetryablePostingException("Odoo refused " + describe(part, postingKey) + " because another entry"
                        + " of journal " + journal.code() + " was numbered at the same time; it was not committed, retrying", refused);
            }
            throw refused;
        } catch (OdooException refused) {
            // Odoo answered, or the call was never sent: nothing of it is in Odoo
            notCommitted(postingKey);
            throw refused;
        } finally {
            journalLock.unlock();
        }
    }

    /**
     * Settles the earlier posts the part's unconfirmed lines are claimed for, before they are claimed again; returns
     * whether anything changed. A post of this instance in progress, or another instance's post not yet sent and not
     * stale, is left alone: this import retries later.
     */
    private boolean settleOpenPosts(Map<String, KeyState> states, Part part) {
        Set<String> owners = new TreeSet<>();
        states.values().stream().filter(s -> !s.confirmed()).forEach(s -> s.owner().ifPresent(owners::add));
        boolean changed = false;
        for (String owner : owners) {
            if (inFlight.contains(owner)) {
                throw new RetryablePostingException("Statement " + part.prepared().header().statementId()
                        + ": its lines are being posted by another import right now; this import will retry", null);
            }
            changed |= settle(owner, part);
        }
        return changed;
    }

    private boolean settle(String postingKey, Part part) {
        Optional<StatementPostings.Posting> row = postings.find(postingKey);
        StatementPostings.State state = row.map(StatementPostings.Posting::state).orElse(StatementPostings.State.CLAIMED);
        OdooContext context = OdooContext.empty().withAllowedCompanyIds(row.map(StatementPostings.Posting::companyId)
                .orElse(part.prepared().journal().companyId()));
        switch (state) {
            case COMMITTED:
                keys.confirmOwned(postingKey);
                return true;
            case NOT_COMMITTED:
                keys.releaseOwned(postingKey);
                return true;
            case CLAIMED: {
                boolean ours = row.map(r -> r.importId().equals(part.importId())).orElse(false);
                boolean stale = row.map(r -> r.updatedAt().isBefore(Instant.now().minus(staleAfter))).orElse(true);
                if (!ours && !stale) {
                    throw new RetryablePostingException("Statement " + part.prepared().header().statementId()
                            + ": its lines are being posted by another import right now; this import will retry", null);
                }
                // never sent: nothing of it can be in Odoo
                notCommitted(postingKey);
                return true;
            }
            default: {
                StatementPostings.Posting sent = row.orElseThrow();
                inFlight.add(postingKey);
                try {
                    if (state == StatementPostings.State.UNKNOWN && part.replay()) {
                        // an operator replays the item that named this reference: one more look decides
                        Optional<Long> found = findPosted(postingKey, context);
                        if (found.isPresent()) {
                            committed(postingKey, found.get());
                        } else {
                            LOG.warnf("Replay: Odoo holds no statement with reference %s (outcome was unknown); the operator's"
                                    + " replay sends its lines again", postingKey);
                            notCommitted(postingKey);
                        }
                        return true;
                    }
                    OdooAmbiguousWriteException lost = new OdooAmbiguousWriteException("account.bank.statement", "create",
                            "an earlier attempt's create of reference " + postingKey + " has no recorded outcome", null,
                            sent.sentAt().orElse(sent.updatedAt()));
                    settleLost(postingKey, lost, context, "bank statement '" + sent.statementId() + "' (reference " + postingKey
                            + ", lines " + sent.firstLine() + "-" + sent.lastLine() + ")");
                    return true;
                } catch (RetryablePostingException notCommittedYet) {
                    // verified not committed: released, this attempt claims the lines again
                    return true;
                } finally {
                    inFlight.remove(postingKey);
                }
            }
        }
    }

    /**
     * A create whose answer was lost: waits it out. Found: committed. Known not committed: released, and a retry is
     * safe. Unknown: the claims stay and the import fails with an item naming the reference to look for.
     */
    private void settleLost(String postingKey, OdooAmbiguousWriteException lost, OdooContext context, String what) {
        try {
            long id = odoo.awaitEffect(lost, what, () -> findPosted(postingKey, context));
            committed(postingKey, id);
        } catch (OdooWriteNotCommittedException notCommitted) {
            notCommitted(postingKey);
            throw new RetryablePostingException("Odoo did not commit " + what + ": it is not in Odoo although Odoo's request limit"
                    + " has passed since it was sent; sending it again is safe", notCommitted);
        } catch (OdooOutcomeUnknownException unknown) {
            postings.unknown(postingKey);
            throw unknown;
        }
    }

    private void committed(String postingKey, long odooStatementId) {
        postings.committed(postingKey, odooStatementId);
        keys.confirmOwned(postingKey);
    }

    private void notCommitted(String postingKey) {
        postings.notCommitted(postingKey);
        keys.releaseOwned(postingKey);
    }

    private static String describe(Part part, String postingKey) {
        String label = part.label();
        return "bank statement '" + part.prepared().header().statementId() + "'" + (label == null ? "" : " (" + label + ")")
                + " with reference " + postingKey;
    }

    /**
     * Claims the fresh keys for this part's posting key. Keys another import claimed meanwhile make this import retry
     * later; claims without an owner (left by a crashed import of an earlier version) are taken over once stale.
     */
    private void claim(Set<String> freshKeys, StatementHeader header, String postingKey, Map<String, KeyState> states) {
        Set<String> claimed = keys.claimAll(freshKeys, postingKey);
        Set<String> contested = new TreeSet<>(freshKeys);
        contested.removeAll(claimed);
        if (contested.isEmpty()) {
            return;
        }
        Set<String> reclaimed = keys.reclaimStale(contested, Instant.now().minus(staleAfter));
        contested.removeAll(reclaimed);
        if (!contested.isEmpty()) {
            keys.releaseAll(claimed);
            keys.releaseAll(reclaimed);
            notCommitted(postingKey);
            throw new RetryablePostingException("Statement " + header.statementId() + ": " + contested.size()
                    + " line(s) are being posted by another import right now; this import will retry", null);
        }
        // legacy claims taken over: the earlier post may have used this very posting key
        keys.releaseAll(reclaimed);
        keys.claimAll(reclaimed, postingKey);
    }

    private Optional<Long> findPosted(String postingKey, OdooContext context) {
        return odoo.search("account.bank.statement", Domain.eq("reference", postingKey), SearchOptions.limit(1), context)
                .stream().findFirst();
    }

    /** One of the import's posts of a statement, as Odoo holds it. */
    record PostedPart(StatementPostings.Posting posting, Optional<Long> odooStatementId, int linesInOdoo) {

        boolean recovered() {
            return odooStatementId.isPresent() && posting.state() != StatementPostings.State.COMMITTED;
        }

        ImportReport.PartResult describe() {
            String state = odooStatementId.isPresent() ? "IN_ODOO"
                    : posting.state() == StatementPostings.State.UNKNOWN || posting.state() == StatementPostings.State.SENT
                    ? "OUTCOME_UNKNOWN" : "NOT_IN_ODOO";
            return new ImportReport.PartResult(posting.part(), posting.firstLine() + "-" + posting.lastLine(), posting.lines(),
                    posting.postingKey(), odooStatementId.orElse(null), state);
        }
    }

    /**
     * The import's posts of one statement and what Odoo holds for their keys: the Odoo statement and its number of
     * lines for each reference Odoo has. Posts known not committed are left out. When Odoo cannot be asked, the
     * recorded outcomes stand in (the report's counts are then the hub's records).
     */
    List<PostedPart> postedParts(UUID importId, String statementId, long companyId) {
        List<StatementPostings.Posting> rows = postings.ofImport(importId).stream()
                .filter(p -> p.statementId().equals(statementId) && p.state() != StatementPostings.State.NOT_COMMITTED
                        && p.state() != StatementPostings.State.CLAIMED)
                .toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, OdooRecord> inOdoo = new HashMap<>();
        try {
            for (OdooRecord r : odoo.searchRead("account.bank.statement", Domain.in("reference",
                    rows.stream().map(StatementPostings.Posting::postingKey).toList()), List.of("reference", "line_ids"),
                    SearchOptions.orderBy("id"), OdooContext.empty().withAllowedCompanyIds(companyId))) {
                r.string("reference").ifPresent(ref -> inOdoo.putIfAbsent(ref, r));
            }
        } catch (OdooException unreachable) {
            LOG.warnf("Odoo could not be asked which statements of import %s it holds (%s); the report counts the hub's records",
                    importId, unreachable.getMessage());
            return rows.stream().map(p -> new PostedPart(p, p.state() == StatementPostings.State.COMMITTED ? p.odooStatementId()
                    : Optional.empty(), p.state() == StatementPostings.State.COMMITTED ? p.lines() : 0)).toList();
        }
        List<PostedPart> parts = new ArrayList<>();
        for (StatementPostings.Posting p : rows) {
            OdooRecord r = inOdoo.get(p.postingKey());
            parts.add(r == null ? new PostedPart(p, Optional.empty(), 0)
                    : new PostedPart(p, Optional.of(r.id()), r.ids("line_ids").size()));
        }
        return parts;
    }

    /** Deterministic for the same account, statement and set of new lines: the same post always has the same key. */
    static String postingKey(StatementHeader header, Set<String> freshKeys) {
        StringBuilder material = new StringBuilder(header.account().identifier()).append('\n')
                .append(header.statementId()).append('\n');
        freshKeys.forEach(k -> material.append(k).append('\n'));
        return REFERENCE_PREFIX + AuditHashing.sha256Hex(material.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }

    private Map<String, Object> statementValues(Part part, List<KeyedLine> fresh, List<KeyedLine> confirmed, String postingKey) {
        PreparedStatement prepared = part.prepared();
        StatementHeader header = prepared.header();
        Map<String, Object> values = new LinkedHashMap<>();
        String label = part.label();
        values.put("name", label == null ? header.statementId() : header.statementId() + " (" + label + ")");
        values.put("reference", postingKey);
        if (part.runningBefore() != null) {
            // Only the new lines are posted: the part starts where the lines before it (and its already-posted
            // ones) left off, and ends at the running balance after its last line, the closing balance for the last.
            BigDecimal start = part.runningBefore().add(sum(confirmed));
            values.put("balance_start", start);
            values.put("balance_end_real", part.last() ? header.closingBalance().orElseThrow().amount().amount()
                    : start.add(sum(fresh)));
        }
        boolean uniqueImportId = journals.hasUniqueImportId();
        List<Object> lines = new ArrayList<>(fresh.size());
        for (KeyedLine keyed : fresh) {
            lines.add(List.of(0, 0, lineValues(prepared.journal(), keyed, uniqueImportId)));
        }
        values.put("line_ids", lines);
        return values;
    }

    private static BigDecimal sum(List<KeyedLine> lines) {
        return lines.stream().map(l -> l.line().amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private Map<String, Object> lineValues(BankJournal journal, KeyedLine keyed, boolean uniqueImportId) {
        StatementLine line = keyed.line();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("journal_id", journal.id());
        v.put("date", line.bookingDate().toString());
        v.put("payment_ref", line.label());
        v.put("amount", line.amount().amount());
        line.counterpartyName().ifPresent(n -> v.put("partner_name", n));
        line.counterpartyAccount().ifPresent(a -> v.put("account_number", a.identifier()));
        line.bankReference().or(line::endToEndId).ifPresent(r -> v.put("ref", r));
        line.transactionCode().proprietaryCode().ifPresent(c -> v.put("transaction_type", c));
        line.originalAmount().filter(o -> !o.currency().equals(line.amount().currency())).ifPresent(original ->
                journals.currencyId(original.currencyCode()).ifPresent(currencyId -> {
                    v.put("foreign_currency_id", currencyId);
                    v.put("amount_currency", signed(original, line));
                }));
        String narration = narration(line);
        if (!narration.isEmpty()) {
            v.put("narration", narration);
        }
        if (uniqueImportId) {
            v.put("unique_import_id", keyed.key().value());
        }
        return v;
    }

    /** The foreign amount carries the line's sign (Odoo expects both amounts in the same direction). */
    private static BigDecimal signed(Money original, StatementLine line) {
        BigDecimal abs = original.amount().abs();
        return line.amount().isNegative() ? abs.negate() : abs;
    }

    /** Everything the bank said that has no field of its own, kept on the line for reconciliation and audit. */
    private static String narration(StatementLine line) {
        List<String> parts = new ArrayList<>();
        line.endToEndId().ifPresent(v -> parts.add("End-to-end id: " + v));
        line.bankReference().ifPresent(v -> parts.add("Bank reference: " + v));
        line.creditorReference().ifPresent(v -> parts.add("Creditor reference: " + v));
        line.remittanceUnstructured().ifPresent(v -> parts.add("Remittance: " + v));
        line.mandateId().ifPresent(v -> parts.add("Mandate: " + v));
        line.returnReason().ifPresent(v -> parts.add("Return reason: " + v));
        if (line.reversal()) {
            parts.add("Reversal");
        }
        line.batch().ifPresent(b -> parts.add("Batch booking: " + b.describe()));
        if (!line.charges().isEmpty()) {
            parts.add("Charges: " + line.charges());
        }
        return String.join("\n", parts);
    }

}
