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
import io.financehub.odoo.OdooAmbiguousWriteException;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.OdooException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Posts statements to Odoo exactly once: a statement's new lines (those whose idempotency key was never
 * confirmed) go in one {@code account.bank.statement} create with its lines — one call, one Odoo
 * transaction, all or nothing. A statement longer than {@code hub.bank-statements.lines-per-call} is posted in
 * consecutive parts, each such a create, each exactly once by the same protocol.
 *
 * <p>The protocol survives every failure, including a timeout after Odoo committed: the new lines' keys
 * are claimed in the governance store; the statement (part) carries a deterministic posting key in its
 * {@code reference}; after any failure the poster looks that reference up in Odoo — found means the post
 * happened (keys confirmed), not found means it did not (keys released, the failure rethrown for retry).
 * A re-dropped or overlapping file therefore posts only its new lines, and two genuinely identical lines
 * (distinct occurrence index) both post.
 *
 * <p>When the commit check itself fails (Odoo unreachable after an ambiguous write), the outcome is unknown:
 * the claims stay so that no other import posts those lines meanwhile, and this instance remembers them with
 * their posting key, so the route's retry or an exception replay of the same post takes them back at once
 * (it asks Odoo for the posting key before creating). After a restart the stale-claim takeover
 * ({@code hub.bank-statements.claim-stale-after}) applies instead.
 *
 * <p>A camt.054 notification has no balances: it posts as a statement of its lines without
 * {@code balance_start}/{@code balance_end_real} (Odoo derives them from the lines), keyed per line like a
 * camt.053, so a later end-of-day camt.053 with the same entry references (or identical content) posts only
 * the lines no notification had.
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
    @Named("bankStatementLines")
    JdbcIdempotentRepository keys;

    @ConfigProperty(name = "hub.bank-statements.claim-stale-after", defaultValue = "PT10M")
    Duration staleAfter;

    /** Posts the parts, one at a time per import, while the importing thread reads ahead (see {@code Posting#flush}). */
    private final java.util.concurrent.ExecutorService postingThreads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bank-statements-posting");
        t.setDaemon(true);
        return t;
    });

    @jakarta.annotation.PreDestroy
    void stopPostingThreads() {
        postingThreads.shutdown();
    }

    /** Most lines one Odoo call posts; a longer statement is posted in consecutive parts. */
    @ConfigProperty(name = "hub.bank-statements.lines-per-call", defaultValue = "1000")
    int linesPerCall;

    /**
     * Line keys whose claim this instance keeps after a failure it could not resolve (Odoo unreachable for the
     * commit check), with the posting key of that post. Lost on restart: then the stale-claim takeover applies.
     */
    private final Map<String, String> unresolved = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Posts the file's statements in order and stops at the first failure. Safe to run again after any
     * failure (the route's retry does): statements and parts already posted come back as duplicates.
     *
     * <p>The file is read again as a stream: each statement's booked lines are keyed in file order and posted in
     * parts of at most {@code hub.bank-statements.lines-per-call} lines, so memory holds one part, not the file.
     * A statement that fits in one part (the usual case) is one Odoo statement; a longer one becomes consecutive
     * Odoo statements named "<id> (part k of n)" whose balances chain from the opening to the closing balance.
     */
    public void postAll(org.apache.camel.Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<PreparedStatement> statements = exchange.getMessage().getBody(List.class);
        StatementFile file = exchange.getProperty(StatementFile.class.getName(), StatementFile.class);
        if (file == null) {
            throw new IllegalStateException("statementFormats.open was not called for this exchange");
        }
        try (StatementCursor cursor = file.open()) {
            int position = 0;
            for (Optional<StatementHeader> next = cursor.nextStatement(); next.isPresent(); next = cursor.nextStatement(), position++) {
                PreparedStatement prepared = position < statements.size() ? statements.get(position) : null;
                if (prepared == null || !prepared.header().statementId().equals(next.get().statementId())) {
                    throw new IllegalStateException("The file changed between validation and posting (statement " + position + ")");
                }
                Posting posting = new Posting(prepared);
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
                    if (!posting.odooIds.isEmpty()) {
                        // the parts posted before the failure are in Odoo: the report and the audit say so
                        imports.recordPosted(exchange, posting.result());
                    }
                    throw failure;
                }
                imports.recordPosted(exchange, posting.result());
            }
            if (position != statements.size()) {
                throw new IllegalStateException("The file changed between validation and posting (" + position + " statement(s) read, "
                        + statements.size() + " validated)");
            }
        }
    }

    /** One statement being posted part by part, with the running balance the parts chain through. */
    private final class Posting {
        final PreparedStatement prepared;
        final int parts;
        final List<KeyedLine> chunk = new ArrayList<>();
        final List<Long> odooIds = new ArrayList<>();
        /** Opening balance plus every booked line before the current chunk; null without balances (camt.054). */
        BigDecimal running;
        int part;
        Future<PartResult> inFlight;
        int created;
        int duplicates;
        boolean recovered;

        Posting(PreparedStatement prepared) {
            this.prepared = prepared;
            this.parts = Math.max(1, (prepared.bookedLines() + linesPerCall - 1) / linesPerCall);
            StatementHeader h = prepared.header();
            this.running = h.openingBalance().isPresent() && h.closingBalance().isPresent()
                    ? h.openingBalance().get().amount().amount() : null;
        }

        void add(KeyedLine line) {
            chunk.add(line);
            if (chunk.size() >= linesPerCall) {
                flush(false);
            }
        }

        /**
         * Hands the current chunk to the posting thread. Parts stay strictly sequential — a part is sent only after
         * the previous one succeeded — but the next chunk is read and keyed from the file while the current part
         * is in Odoo, so file reading and Odoo's work overlap.
         */
        void flush(boolean last) {
            if (chunk.isEmpty() && !(last && part == 0)) {
                if (last) {
                    await();
                }
                return;
            }
            part++;
            List<KeyedLine> lines = List.copyOf(chunk);
            chunk.clear();
            BigDecimal before = running;
            String label = parts == 1 ? null : part + " of " + Math.max(parts, part);
            await();
            inFlight = postingThreads.submit(() -> postPart(prepared, lines, before, last, label));
            if (running != null) {
                running = running.add(sum(lines));
            }
            if (last) {
                await();
            }
        }

        /** Waits for the part in flight and counts it; its failure is rethrown as it was thrown. */
        void await() {
            Future<PartResult> f = inFlight;
            if (f == null) {
                return;
            }
            inFlight = null;
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
            if (r.odooId() != null && r.created() > 0) {
                odooIds.add(r.odooId());
            }
            created += r.created();
            duplicates += r.duplicates();
            recovered |= r.recovered();
        }

        /** After a failure elsewhere: lets the part in flight finish (its claims resolved, its result counted). */
        void awaitQuietly() {
            try {
                await();
            } catch (RuntimeException ignored) {
                // the first failure is the one reported
            }
        }

        StatementResult result() {
            StatementHeader h = prepared.header();
            return new StatementResult(h.statementId(), h.account().masked(), prepared.journal().companyKey(),
                    prepared.journal().code(), odooIds.isEmpty() ? null : odooIds.get(0), odooIds, prepared.bookedLines(), created,
                    duplicates, h.openingBalance().map(b -> b.amount().toString()).orElse(null),
                    h.closingBalance().map(b -> b.amount().toString()).orElse(null), recovered);
        }
    }

    /** A booked line and its deterministic idempotency key. */
    private record KeyedLine(StatementLine line, StatementLineKey key) {
    }

    /** What posting one part did: the Odoo statement (created now or found committed), lines created and skipped. */
    private record PartResult(Long odooId, int created, int duplicates, boolean recovered) {
    }

    /**
     * Posts the new lines of one part as one Odoo statement, exactly once (the claim / posting-key protocol of the
     * class comment). {@code runningBefore} is the balance before the part's first line (null: no balances).
     */
    private PartResult postPart(PreparedStatement prepared, List<KeyedLine> lines, BigDecimal runningBefore,
            boolean last, String partLabel) {
        StatementHeader header = prepared.header();
        BankJournal journal = prepared.journal();
        List<String> allKeys = lines.stream().map(l -> l.key().value()).toList();
        Map<String, KeyState> states = keys.states(allKeys);

        List<KeyedLine> fresh = new ArrayList<>();
        List<KeyedLine> duplicates = new ArrayList<>();
        for (KeyedLine line : lines) {
            KeyState state = states.get(line.key().value());
            if (state != null && state.confirmed()) {
                duplicates.add(line);
            } else {
                fresh.add(line);
            }
        }
        if (fresh.isEmpty()) {
            return new PartResult(null, 0, duplicates.size(), false);
        }
        Set<String> freshKeys = new TreeSet<>();
        fresh.forEach(l -> freshKeys.add(l.key().value()));
        String postingKey = postingKey(header, freshKeys);
        claim(freshKeys, header, postingKey);

        OdooContext context = OdooContext.empty().withAllowedCompanyIds(journal.companyId());
        try {
            Long existing = findPosted(postingKey, context);
            if (existing != null) {
                // An earlier attempt committed in Odoo but never got to confirm (timeout after commit, crash).
                confirm(freshKeys);
                return new PartResult(existing, fresh.size(), duplicates.size(), true);
            }
            long id = odoo.create("account.bank.statement",
                    statementValues(prepared, fresh, duplicates, runningBefore, last, partLabel, postingKey), context);
            confirm(freshKeys);
            return new PartResult(id, fresh.size(), duplicates.size(), false);
        } catch (OdooException failure) {
            Long committed = failure instanceof OdooAmbiguousWriteException || failure.isRetryable()
                    ? findPostedQuietly(postingKey, freshKeys, context) : null;
            if (committed != null) {
                LOG.infof("Statement %s%s was committed by Odoo although the call failed (%s); confirmed as statement %d",
                        header.statementId(), partLabel == null ? "" : " part " + partLabel, failure.getClass().getSimpleName(), committed);
                confirm(freshKeys);
                return new PartResult(committed, fresh.size(), duplicates.size(), true);
            }
            release(freshKeys);
            if (failure instanceof OdooAmbiguousWriteException) {
                // verified not committed: safe to send again
                throw new RetryablePostingException("Odoo did not answer the statement create in time and has no record of it; retrying is safe",
                        failure);
            }
            throw failure;
        } catch (RuntimeException failure) {
            release(freshKeys);
            throw failure;
        }
    }

    private void confirm(Set<String> freshKeys) {
        keys.confirmAll(freshKeys);
        unresolved.keySet().removeAll(freshKeys);
    }

    private void release(Set<String> freshKeys) {
        keys.releaseAll(freshKeys);
        unresolved.keySet().removeAll(freshKeys);
    }

    /**
     * Claims the fresh keys; claims left by a crashed or abandoned attempt are taken over once stale, and claims
     * this instance kept for the same post after an unresolved failure are taken back at once (this attempt
     * asks Odoo for the posting key before it creates anything).
     */
    private void claim(Set<String> freshKeys, StatementHeader header, String postingKey) {
        Set<String> claimed = keys.claimAll(freshKeys);
        Set<String> contested = new TreeSet<>(freshKeys);
        contested.removeAll(claimed);
        contested.removeIf(k -> postingKey.equals(unresolved.get(k)));
        if (contested.isEmpty()) {
            return;
        }
        Set<String> reclaimed = keys.reclaimStale(contested, Instant.now().minus(staleAfter));
        contested.removeAll(reclaimed);
        if (!contested.isEmpty()) {
            keys.releaseAll(claimed);
            keys.releaseAll(reclaimed);
            throw new RetryablePostingException("Statement " + header.statementId() + ": " + contested.size()
                    + " line(s) are being posted by another import right now; this import will retry", null);
        }
    }

    private Long findPosted(String postingKey, OdooContext context) {
        List<Long> ids = odoo.search("account.bank.statement", Domain.eq("reference", postingKey), SearchOptions.limit(1), context);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private Long findPostedQuietly(String postingKey, Set<String> freshKeys, OdooContext context) {
        try {
            return findPosted(postingKey, context);
        } catch (OdooException e) {
            // Outcome unknown: the claims stay, so no other import posts these lines meanwhile; a retry or replay
            // of this same post takes them back and asks Odoo first.
            freshKeys.forEach(k -> unresolved.put(k, postingKey));
            throw new RetryablePostingException("Odoo could not be asked whether the statement was committed; retrying", e);
        }
    }

    /** Deterministic for the same account, statement and set of new lines: the same post always has the same key. */
    static String postingKey(StatementHeader header, Set<String> freshKeys) {
        StringBuilder material = new StringBuilder(header.account().identifier()).append('\n')
                .append(header.statementId()).append('\n');
        freshKeys.forEach(k -> material.append(k).append('\n'));
        return REFERENCE_PREFIX + AuditHashing.sha256Hex(material.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }

    private Map<String, Object> statementValues(PreparedStatement prepared, List<KeyedLine> fresh,
            List<KeyedLine> duplicates, BigDecimal runningBefore, boolean last, String partLabel, String postingKey) {
        StatementHeader header = prepared.header();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", partLabel == null ? header.statementId() : header.statementId() + " (part " + partLabel + ")");
        values.put("reference", postingKey);
        if (runningBefore != null) {
            // Only the new lines are posted: the part starts where the lines before it (and its already-posted
            // ones) left off, and ends at the running balance after its last line, the closing balance for the last.
            BigDecimal skipped = sum(duplicates);
            BigDecimal start = runningBefore.add(skipped);
            values.put("balance_start", start);
            values.put("balance_end_real", last ? header.closingBalance().orElseThrow().amount().amount() : start.add(sum(fresh)));
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
