package io.financehub.flows.payments;

import io.financehub.governance.audit.AuditHashing;
import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.events.HubEvents;
import io.financehub.flows.payments.PaymentBatchStore.StoredBatch;
import io.financehub.formats.pain.Pain001Version;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.formats.pain.XsdValidator;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.saga.SagaLog;
import io.financehub.governance.saga.SagaLog.Saga;
import io.financehub.mapping.MappingTables.BankProfile;
import io.financehub.mapping.Mappings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The saga that turns one released batch into one pain.001 file, one public method per step as route
 * {@code payment-files-saga} calls them: {@link #start} → {@link #claim} the payments in Odoo ({@code mark_as_sent})
 * → {@link #validate} (render into the temporary file, validated against the schema as it is written) →
 * {@link #deliver} (rename into the outbox) → {@link #record} (batch SENT, audit, event on {@code finance.payments}).
 * Each step works only when the saga log says it is the next one, under the batch's lock, so a step called again
 * (a replay, a resumed saga) does nothing twice. Before the file is delivered a failing step compensates: the payments
 * are unmarked, a partial file removed, and the payments return to the pool. Once the file is in the outbox nothing
 * is undone automatically; a later failure is an operator exception and recovery finishes the record.
 *
 * <p>Why the durable {@link SagaLog} and not only Camel's saga EIP: the EIP (its compensation endpoint calls
 * {@link #compensateFromRoute}) is Camel's {@code InMemorySagaService}, which forgets sagas in a crash. Every step is
 * written to the saga log before its effect is relied upon ({@code CLAIMING} before the first {@code mark_as_sent},
 * {@code DELIVERING} before the rename), so recovery ({@link #recover}) knows what may have happened and reaches a
 * consistent state: never two files for one payment (the file name is the batch's deterministic message id; the
 * batch is unique per saga business key), and never a payment marked sent without a file (unfinished sagas without a
 * delivered file are compensated). Compensation is idempotent and guarded by the saga state, so the EIP's call after
 * a step already compensated is a no-op. {@link #advanceTo} runs the same steps in one go under the lock.
 *
 * <p>Recovery runs at start-up and then periodically ({@code hub.payment-files.recovery.interval}): a saga left
 * unfinished while the process keeps running (its compensation failed because Odoo was down, or recording failed
 * after delivery) is finished or compensated by the next pass. A pass never touches a batch whose saga is running
 * in this process (its lock is held, or the route's saga is between two steps: marked from {@link #start} until
 * {@link #record} or a compensation) nor one changed less than {@code hub.payment-files.recovery.min-age} ago.
 *
 * <p>The file is rendered once, streaming, into its temporary name in the outbox, validated as it is written, and
 * renamed ({@link PaymentFileOutput}); it is never held in memory as a whole nor rendered twice.
 */
@ApplicationScoped
@Named("paymentFileSaga")
@RegisterForReflection
public class PaymentFileSaga {

    private static final Logger LOG = Logger.getLogger(PaymentFileSaga.class);

    /** Saga states in order; COMPLETED and COMPENSATED are final. */
    public enum Step { STARTED, CLAIMING, CLAIMED, VALIDATED, DELIVERING, DELIVERED, COMPLETED, COMPENSATED }

    static final List<String> FINAL = List.of(Step.COMPLETED.name(), Step.COMPENSATED.name());


    @Inject
    PaymentBatchStore store;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    OdooPayments odoo;

    @Inject
    SagaLog sagas;

    @Inject
    Mappings mappings;

    @Inject
    PaymentSchemas schemas;

    @Inject
    AuditTrail audit;

    @Inject
    HubEvents events;

    @Inject
    ProducerTemplate producer;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "odoo.max-request-time", defaultValue = "200s")
    Duration maxRequestTime;

    @ConfigProperty(name = "hub.payment-files.recovery.min-age", defaultValue = "60000")
    long recoveryMinAgeMillis;

    /** One lock per batch: a saga step, a compensation and a recovery pass never work on one batch at once here. */
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * The batches whose saga the route runs in this process, from {@link #start} until {@link #record} or a
     * compensation ends it: the recovery pass leaves them alone between two steps, when their lock is free.
     */
    private final ConcurrentHashMap<String, RunningSaga> running = new ConcurrentHashMap<>();

    /** A saga running here: the temporary file its validate step wrote, which its deliver step renames. */
    private static final class RunningSaga {
        PaymentFileOutput.Written validated;
    }

    /**
     * Route step 1: opens the batch's saga in the saga log (STARTED), or finds the one an earlier attempt left, and
     * marks it running here. Nothing to do for a batch SENT meanwhile or a saga already at its end; fails for a batch
     * that is not RELEASED.
     */
    public void start(String batchId) {
        locked(batchId, () -> {
            if (open(UUID.fromString(batchId)).isPresent()) {
                running.put(batchId, new RunningSaga());
            }
        });
    }

    /** Route step 2, from STARTED or CLAIMING: marks the payments sent in Odoo (CLAIMED). Compensates when it fails. */
    public void claim(String batchId) {
        compensating(batchId, run -> claimStep(UUID.fromString(batchId)));
    }

    /**
     * Route step 3, from CLAIMED: renders the file into its temporary name, validated as it is written (VALIDATED).
     * Compensates when it fails.
     */
    public void validate(String batchId) {
        compensating(batchId, run -> validateStep(UUID.fromString(batchId), run));
    }

    /**
     * Route step 4, from VALIDATED or DELIVERING: renames the validated file into the outbox (DELIVERED). Compensates
     * when it fails (a file found in the outbox is delivered, not undone).
     */
    public void deliver(String batchId) {
        compensating(batchId, run -> deliverStep(UUID.fromString(batchId), run, false));
    }

    /**
     * Route step 5, from DELIVERED: batch SENT, audit, event (COMPLETED); ends the saga's run here. Not compensated
     * when it fails: the file is out, the recovery pass records it.
     */
    public void record(String batchId) {
        try {
            locked(batchId, () -> recordStep(UUID.fromString(batchId)));
        } finally {
            running.remove(batchId);
        }
    }

    /**
     * Runs the saga up to and including {@code last} and stops there, as a process stopped between two steps would,
     * holding the batch's lock throughout. The same steps as the route; used by replays, the recovery pass and tests
     * that stop the saga between steps, then run {@link #recover}.
     */
    public void advanceTo(UUID batchId, Step last) {
        locked(batchId.toString(), () -> advanceLocked(batchId, last));
    }

    private void advanceLocked(UUID batchId, Step last) {
        if (open(batchId).isEmpty()) {
            return;
        }
        RunningSaga run = new RunningSaga();
        try {
            if (last.ordinal() >= Step.CLAIMING.ordinal()) {
                claimStep(batchId);
            }
            if (last.ordinal() >= Step.VALIDATED.ordinal()) {
                validateStep(batchId, run);
            }
            if (last.ordinal() >= Step.DELIVERING.ordinal()) {
                deliverStep(batchId, run, last == Step.DELIVERING);
            }
        } catch (RuntimeException e) {
            // the exception item names the original failure, a failed compensation rides along
            tryCompensate(batchId.toString(), e).ifPresent(e::addSuppressed);
            throw e;
        }
        if (last.ordinal() >= Step.COMPLETED.ordinal()) {
            recordStep(batchId);
        }
    }

    /** A route step that compensates when it fails, ending the saga's run here; under the batch's lock. */
    private void compensating(String batchId, java.util.function.Consumer<RunningSaga> step) {
        locked(batchId, () -> {
            boolean done = false;
            try {
                step.accept(running.getOrDefault(batchId, new RunningSaga()));
                done = true;
            } catch (RuntimeException e) {
                tryCompensate(batchId, e).ifPresent(e::addSuppressed);
                throw e;
            } finally {
                if (!done) {
                    // failed: the saga no longer runs here, what is left of it is the recovery pass's
                    running.remove(batchId);
                }
            }
        });
    }

    /** The batch's saga when it has steps left: opened in STARTED if it has none yet. Under the batch's lock. */
    private Optional<Saga> open(UUID batchId) {
        StoredBatch batch = store.find(batchId).orElseThrow(() -> new java.util.NoSuchElementException("payment batch " + batchId + " does not exist"));
        if ("SENT".equals(batch.view().state())) {
            // sent meanwhile by the recovery pass (a run whose Odoo calls are slow reaches its last batches late)
            LOG.infof("Payment batch %s was sent meanwhile; nothing left to do", batchId);
            return Optional.empty();
        }
        if (!"RELEASED".equals(batch.view().state())) {
            throw new IllegalStateException("payment batch " + batchId + " is " + batch.view().state() + ", only a RELEASED batch is sent");
        }
        String id = batchId.toString();
        Saga saga = sagas.start(id, PaymentFilesFlow.SAGA_TYPE, "payment-file:" + id, Step.STARTED.name(), "{}")
                .or(() -> sagas.find(id)).orElseThrow();
        return FINAL.contains(saga.state()) ? Optional.empty() : Optional.of(saga);
    }

    /** The saga's step when it is one of {@code from} (the step to take is next), else empty. */
    private Optional<Step> at(UUID batchId, Step... from) {
        Optional<Step> state = sagas.find(batchId.toString()).map(s -> Step.valueOf(s.state()));
        return state.filter(List.of(from)::contains);
    }

    private StoredBatch batch(UUID batchId) {
        return store.find(batchId).orElseThrow(() -> new java.util.NoSuchElementException("payment batch " + batchId + " does not exist"));
    }

    private void claimStep(UUID batchId) {
        Optional<Step> state = at(batchId, Step.STARTED, Step.CLAIMING);
        if (state.isPresent()) {
            claimPayments(batch(batchId), state.get());
        }
    }

    private void validateStep(UUID batchId, RunningSaga run) {
        if (at(batchId, Step.CLAIMED).isPresent()) {
            run.validated = renderAndValidate(batch(batchId));
            move(batchId.toString(), Step.CLAIMED, Step.VALIDATED, Map.of("step", "validated"));
        }
    }

    private void deliverStep(UUID batchId, RunningSaga run, boolean stopBeforeRename) {
        Optional<Step> state = at(batchId, Step.VALIDATED, Step.DELIVERING);
        if (state.isEmpty()) {
            return;
        }
        StoredBatch batch = batch(batchId);
        PaymentFileOutput.Written file = run.validated;
        run.validated = null;
        if (file == null) {
            // resumed: the temporary file of an earlier attempt is not trusted, the batch renders identically again (and
            // a file under its name in the outbox, renamed before a crash, is recognised by its bytes)
            file = renderAndValidate(batch);
        }
        rename(batch, file, state.get(), stopBeforeRename);
    }

    private void recordStep(UUID batchId) {
        if (at(batchId, Step.DELIVERED).isPresent()) {
            recordSent(batch(batchId));
        }
    }

    private void claimPayments(StoredBatch batch, Step state) {
        String id = batch.view().id();
        if (state == Step.STARTED) {
            move(id, Step.STARTED, Step.CLAIMING, Map.of("step", "claiming"));
        }
        long companyId = odoo.companyId(mappings.get().company(batch.view().company()).orElseThrow().odooCompany()).orElseThrow();
        // one call per payment: a failure at payment k leaves a known prefix claimed, which compensation unmarks
        for (BatchSnapshot.Line line : batch.snapshot().lines()) {
            // each write dates the batch: recovery leaves it alone until Odoo can no longer be executing this write
            store.touch(UUID.fromString(id));
            odoo.markAsSent(line.odooPaymentId(), companyId);
        }
        move(id, Step.CLAIMING, Step.CLAIMED, Map.of("step", "claimed", "payments", batch.snapshot().lines().size()));
    }

    /**
     * Renders the batch's file once, from its snapshot (byte-identical each time), streaming into its temporary name
     * in the outbox, validating the bytes against the bank profile's schema as they are written; an invalid file is
     * removed.
     */
    PaymentFileOutput.Written renderAndValidate(StoredBatch batch) {
        Pain001Version version = Pain001Version.fromMessageName(batch.view().painVersion()).orElseThrow(() -> new IllegalStateException(
                "bank profile " + batch.view().bankProfile() + " asks for " + batch.view().painVersion() + ", which the hub does not write"));
        BankProfile profile = mappings.get().bankProfile(batch.view().bankProfile()).orElseThrow();
        XsdValidator schema = schemas.forProfile(profile, version);
        Path outbox = outbox();
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + outbox + ": " + e.getMessage()
                    + "; check that hub.work-dir is writable and payment-files/outbox is a directory", e);
        }
        return PaymentFileOutput.write(new Pain001Writer(version), PaymentMessage.of(toCanonical(batch)), schema,
                outbox.resolve(tempName(batch)), fileName(batch));
    }

    PaymentBatch toCanonical(StoredBatch stored) {
        BankProfile profile = mappings.get().bankProfile(stored.view().bankProfile()).orElseThrow();
        return BatchRendering.toCanonical(stored.view(), stored.snapshot(), PaymentIds.databaseTag(odoo.database()), profile.sepaOnly());
    }

    /**
     * Renames the validated temporary file into the outbox (the delivery). A file already there under the batch's name is
     * this batch's only when its bytes are (renamed before a crash); any other is never overwritten: the step fails
     * before delivery, so the saga compensates.
     */
    private void rename(StoredBatch batch, PaymentFileOutput.Written file, Step state, boolean stopBeforeRename) {
        String id = batch.view().id();
        if (state == Step.VALIDATED) {
            // the bytes about to be delivered: after a crash, a file under this name is this batch's only when they match
            move(id, Step.VALIDATED, Step.DELIVERING, Map.of("step", "delivering", "sha256", file.sha256()));
        }
        if (stopBeforeRename) {
            return;
        }
        Path target = outbox().resolve(fileName(batch));
        String digest;
        if (Files.isRegularFile(target)) {
            digest = AuditHashing.sha256Hex(target);
            try {
                Files.deleteIfExists(file.file());
            } catch (IOException e) {
                LOG.warnf("Payment batch %s: cannot remove the temporary file %s: %s", id, file.file().getFileName(), e.getMessage());
            }
            if (!digest.equals(file.sha256())) {
                throw new IllegalStateException("The outbox already holds " + target.getFileName() + " with other content than batch "
                        + batch.view().batchNumber() + ": another batch used the message id " + batch.view().messageId()
                        + " (the governance store was reset, or two hubs share an outbox with separate stores). Nothing was "
                        + "delivered or overwritten; find out which batch wrote that file before sending its payments again");
            }
        } else {
            try {
                Files.move(file.file(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + file.file().getFileName() + " to " + target + " in the outbox: "
                        + e.getMessage() + "; check the outbox directory (hub.work-dir) is writable", e);
            }
            digest = file.sha256();
        }
        store.fileWritten(batch.id(), target.getFileName().toString(), digest);
        move(id, Step.DELIVERING, Step.DELIVERED, Map.of("step", "delivered", "file", target.getFileName().toString()));
    }

    /** The file is out: batch SENT, audit, event. Not compensated when it fails; recovery retries it. */
    private void recordSent(StoredBatch batch) {
        PaymentBatchView v = batch.view();
        store.transition(batch.id(), "RELEASED", "SENT", null, null);
        audit.append(new AuditRecord("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, v.correlationId(),
                PaymentRuns.subject(batch.id()), "payment-batch.file-delivered", fileDigest(batch),
                "pain.001 file " + fileName(batch) + " (" + v.painVersion() + ") with " + v.paymentCount() + " payment(s), "
                        + v.controlSum() + " " + v.currency() + ", written to the outbox; payments marked sent in Odoo"));
        byte[] event = events.structured(PaymentFilesFlow.FLOW, "finance.payment.batch-sent", PaymentRuns.subject(batch.id()),
                v.correlationId(), "batch-sent/" + v.id(), Map.of("batchId", v.id(), "messageId", v.messageId(), "file", fileName(batch),
                        "company", v.company(), "journal", v.journal(), "currency", v.currency(), "controlSum", v.controlSum().toPlainString(),
                        "payments", v.paymentCount(), "executionDate", v.executionDate().toString()));
        producer.sendBodyAndHeaders(PaymentFilesFlow.ENDPOINT_PUBLISH, new String(event, StandardCharsets.UTF_8),
                Map.of("kafka.KEY", v.company() + "/" + v.journal(), HubHeaders.CORRELATION_ID, v.correlationId(),
                        HubHeaders.FLOW, PaymentFilesFlow.FLOW, HubHeaders.SUBJECT, PaymentRuns.subject(batch.id())));
        move(v.id(), Step.DELIVERED, Step.COMPLETED, Map.of("step", "recorded"));
    }

    /**
     * Route hook (the flow's routeConfiguration): the saga failed and became exception item {@code exceptionId} (absent
     * when a failed replay put its item back to NEW); the batch names it. The saga was compensated already when the
     * file was not delivered.
     */
    public void exceptionRaised(@Header(PaymentFilesFlow.HEADER_BATCH_ID) String batchId,
            @Header(HubHeaders.EXCEPTION_ID) String exceptionId) {
        if (batchId != null && exceptionId != null) {
            store.exceptionRaised(UUID.fromString(batchId), exceptionId);
        }
    }

    /**
     * Route hook: Camel's saga EIP calls this on compensation; the batch id is in the header. A compensation that
     * fails here (Odoo unreachable) is not retried by the in-memory EIP: the saga log keeps the step and the next
     * recovery pass compensates it.
     */
    public void compensateFromRoute(@Header(PaymentFilesFlow.HEADER_BATCH_ID) String batchId) {
        if (batchId != null) {
            tryCompensate(batchId, null);
            running.remove(batchId);
        }
    }

    /** Compensates; when that fails too (Odoo unreachable), the saga log keeps the step for the recovery pass. */
    private Optional<RuntimeException> tryCompensate(String batchId, Throwable cause) {
        try {
            compensate(batchId, cause);
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("Payment batch %s: compensation failed, left to the recovery pass: %s", batchId,
                    io.financehub.governance.masking.Masking.maskIbans(String.valueOf(e.getMessage())));
            return Optional.of(e);
        }
    }

    /**
     * Undoes a saga whose file was not delivered: unmarks the payments, removes a partial file, returns the payments
     * to the pool and fails the batch. A saga whose file did reach the outbox is not undone but moved to DELIVERED.
     */
    public void compensate(String batchId, Throwable cause) {
        locked(batchId, () -> compensateLocked(batchId, cause));
    }

    private void compensateLocked(String batchId, Throwable cause) {
        Optional<Saga> saga = sagas.find(batchId);
        if (saga.isEmpty() || FINAL.contains(saga.get().state()) || Step.DELIVERED.name().equals(saga.get().state())) {
            return;
        }
        StoredBatch batch = store.find(UUID.fromString(batchId)).orElseThrow();
        Path target = outbox().resolve(fileName(batch));
        if (Step.DELIVERING.name().equals(saga.get().state()) && Files.isRegularFile(target)) {
            String found = AuditHashing.sha256Hex(target);
            // the rename happened before the failure or crash: the file is out and must not be undone (a file of other
            // bytes under its name is another batch's, and this one was not delivered)
            if (deliveringDigest(saga.get()).map(found::equals).orElse(true)) {
                store.fileWritten(batch.id(), target.getFileName().toString(), found);
                move(batchId, Step.DELIVERING, Step.DELIVERED, Map.of("step", "delivered", "found-after-restart", true));
                return;
            }
        }
        try {
            Files.deleteIfExists(outbox().resolve(tempName(batch)));
        } catch (IOException e) {
            LOG.warnf("Payment batch %s: cannot remove the partial file %s: %s", batchId, tempName(batch), e.getMessage());
        }
        odoo.unmarkAsSent(batch.snapshot().lines().stream().map(BatchSnapshot.Line::odooPaymentId).toList());
        store.releasePayments(batch.id());
        String reason = cause == null ? "compensated" : "file not delivered: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        store.transition(batch.id(), "RELEASED", "FAILED", null, io.financehub.governance.masking.Masking.maskIbans(
                reason.length() > 1000 ? reason.substring(0, 1000) : reason));
        sagas.transition(batchId, saga.get().state(), Step.COMPENSATED.name(), stepJson(Map.of("step", "compensated", "from", saga.get().state())), null);
        audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, batch.view().correlationId(),
                PaymentRuns.subject(batch.id()), "payment-batch.compensated", batchId.getBytes(StandardCharsets.UTF_8),
                "saga compensated from step " + saga.get().state() + ": " + batch.view().paymentCount()
                        + " payment(s) unmarked in Odoo and returned to the pool, no file delivered; " + reason));
    }

    /**
     * Recovery as after a restart: every unfinished saga is finished (file delivered → record) or compensated (no
     * file), and a batch released without a saga (stopped right after its release) is sent now. Sagas running in
     * this process are left alone. Returns how many batches it worked on.
     */
    public int recover() {
        return recover(Duration.ZERO);
    }

    /** The scheduled pass (start-up, then every {@code hub.payment-files.recovery.interval}). */
    public int recoverPass() {
        return recover(Duration.ofMillis(recoveryMinAgeMillis));
    }

    int recover(Duration minAge) {
        // a saga whose process died may have a write still executing in Odoo, which commits if it finishes: recovery
        // waits until odoo.max-request-time (and its slack) has passed since the batch's last change, whatever min-age says
        Duration settled = maxRequestTime.plus(io.financehub.odoo.OdooClient.LIMIT_SLACK);
        Instant changedBefore = Instant.now().minus(minAge.isZero() || minAge.compareTo(settled) >= 0 ? minAge : settled);
        int n = 0;
        for (Saga saga : sagas.unfinished(PaymentFilesFlow.SAGA_TYPE, FINAL)) {
            if (recoverOne(saga.sagaId(), changedBefore, () -> {
                compensateLocked(saga.sagaId(), null);
                Saga now = sagas.find(saga.sagaId()).orElseThrow();
                StoredBatch batch = store.find(UUID.fromString(saga.sagaId())).orElseThrow();
                if (Step.DELIVERED.name().equals(now.state())) {
                    recordSent(batch);
                }
                String end = sagas.find(saga.sagaId()).map(Saga::state).orElse("?");
                audit.append(AuditRecord.of("system:" + PaymentFilesFlow.FLOW, PaymentFilesFlow.FLOW, batch.view().correlationId(),
                        PaymentRuns.subject(batch.id()), "payment-batch.recovered", saga.sagaId().getBytes(StandardCharsets.UTF_8),
                        "recovery found the saga unfinished in step " + saga.state() + " and brought it to " + end
                                + (Step.COMPLETED.name().equals(end) ? " (file delivered, recorded)" : " (no file delivered, payments unmarked)")));
                LOG.infof("Payment batch %s: recovered from saga step %s to %s", saga.sagaId(), saga.state(), end);
            })) {
                n++;
            }
        }
        for (PaymentBatchView v : store.list(Optional.of("RELEASED"), 1000)) {
            if (sagas.find(v.id()).isEmpty()
                    && recoverOne(v.id(), changedBefore, () -> advanceLocked(UUID.fromString(v.id()), Step.COMPLETED))) {
                n++;
            }
        }
        return n;
    }

    /** Runs one batch's recovery under its lock; skipped when its saga is running here or it changed too recently. */
    private boolean recoverOne(String batchId, Instant changedBefore, Runnable work) {
        ReentrantLock lock = lock(batchId);
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (running.containsKey(batchId)) {
                // the route's saga is between two steps here
                return false;
            }
            Optional<Instant> changed = store.updatedAt(UUID.fromString(batchId));
            if (changed.isEmpty() || changed.get().isAfter(changedBefore)) {
                return false;
            }
            work.run();
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("Payment batch %s: recovery failed, retried at the next pass: %s", batchId,
                    io.financehub.governance.masking.Masking.maskIbans(String.valueOf(e.getMessage())));
            return true;
        } finally {
            lock.unlock();
        }
    }

    public Optional<String> sagaState(UUID batchId) {
        return sagas.find(batchId.toString()).map(Saga::state);
    }

    Path outbox() {
        return Path.of(workDir, "payment-files", "outbox");
    }

    static String fileName(StoredBatch batch) {
        return batch.view().messageId() + ".xml";
    }

    static String tempName(StoredBatch batch) {
        return "." + batch.view().messageId() + ".xml.tmp";
    }

    private void move(String id, Step from, Step to, Map<String, Object> step) {
        if (!sagas.transition(id, from.name(), to.name(), stepJson(step), null)) {
            throw new IllegalStateException("payment batch " + id + ": saga is no longer in step " + from + " (another instance moved it)");
        }
        // the batch's last change is what keeps a recovery pass away from a saga that is still moving
        store.touch(UUID.fromString(id));
    }

    /** The SHA-256 of the bytes the saga's DELIVERING step was about to rename into the outbox, as its log recorded it. */
    private Optional<String> deliveringDigest(Saga saga) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode step : json.readTree(saga.steps())) {
                if ("delivering".equals(step.path("step").asText()) && step.hasNonNull("sha256")) {
                    return Optional.of(step.get("sha256").asText());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warnf("Payment batch %s: its saga log cannot be read (%s); a file under its name counts as delivered", saga.sagaId(),
                    e.getOriginalMessage());
        }
        return Optional.empty();
    }

    /** A saga step's record in the saga log, as JSON. */
    private String stepJson(Map<String, Object> step) {
        try {
            return json.writeValueAsString(step);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a saga step cannot be written as JSON: " + step, e);
        }
    }

    private ReentrantLock lock(String batchId) {
        return locks.computeIfAbsent(batchId, k -> new ReentrantLock());
    }

    private void locked(String batchId, Runnable work) {
        ReentrantLock lock = lock(batchId);
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /** The delivered file's SHA-256 as recorded at delivery, else computed from the file in the outbox. */
    private String fileDigest(StoredBatch batch) {
        return store.fileDigest(batch.id()).orElseGet(() -> {
            Path file = outbox().resolve(fileName(batch));
            return Files.isRegularFile(file) ? AuditHashing.sha256Hex(file)
                    : io.financehub.governance.audit.AuditHashing.sha256Hex(new byte[0]);
        });
    }
}
