package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An in-process Odoo server for tests and for the hub's embedded default: speaks JSON-RPC like the recorded
 * Odoo 16, 17 and 18 Community servers (and JSON-2 in version 19 mode), keeps its database in memory, records
 * every call in a {@link CallJournal} and can inject {@link Fault}s. Each call is atomic and calls are
 * serialised, so parallel clients see Odoo's per-call transactions.
 *
 * <pre>{@code
 * try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("demo")
 *         .seedResource("odoo-emulator/demo-seed.json").start()) {
 *     URI url = odoo.url();
 * }
 * }</pre>
 */
public final class OdooEmulator implements AutoCloseable {

    private final int version;
    private final String database;
    private final List<Supplier<JsonNode>> seeds;
    private final boolean template;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectWriter jsonWriter = new ObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private final CallJournal journal;
    private final FaultInjector faults = new FaultInjector();
    private final EmulatorStore storeFacade = new EmulatorStore(this);
    final ReentrantLock lock = new ReentrantLock(true);
    /** Signalled when a transaction held open for its webhook commits (writers wait for it, as on its row locks). */
    private final java.util.concurrent.locks.Condition released = lock.newCondition();
    /** The transaction held open while it sends its webhook (17, 18), or null; guarded by {@link #lock}. */
    private Store.Suspended held;
    private final Automations automations = new Automations(jsonWriter);
    private volatile Duration commitDelay = Duration.ZERO;
    private volatile java.util.function.BooleanSupplier commitWhen = () -> true;
    private final HttpFront front = new HttpFront(this);
    private final Json2 json2 = new Json2(this);
    private final String notFoundPage;
    private volatile Orm orm;
    private volatile Rpc rpc;
    private HttpServer server;
    private ExecutorService executor;
    private final java.util.concurrent.atomic.AtomicInteger inProgress = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Speed speed = Speed.instant();
    private volatile Duration requestLimit;
    private final Duration configuredRequestLimit;

    private OdooEmulator(Builder b) {
        this.version = b.version;
        this.database = b.database;
        this.seeds = List.copyOf(b.seeds);
        this.template = b.template;
        this.clock = b.clock;
        this.journal = new CallJournal(b.journalCapacity);
        this.configuredRequestLimit = b.requestLimit;
        this.requestLimit = b.requestLimit;
        this.notFoundPage = resourceText("odoo-emulator/html/odoo" + Math.min(Math.max(version, 16), 18) + "-404.html");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts an emulator. */
    public static final class Builder {
        private int version = 17;
        private String database = "odoo";
        private final List<Supplier<JsonNode>> seeds = new ArrayList<>();
        private boolean template = true;
        private int port = 0;
        private Clock clock = Clock.systemUTC();
        private int journalCapacity = 100_000;
        private Duration requestLimit;
        private final ObjectMapper json = new ObjectMapper();

        /** The server's request limit ({@link OdooEmulator#requestLimit}); none by default. */
        public Builder requestLimit(Duration limit) {
            this.requestLimit = limit;
            return this;
        }

        /** How many of the most recent calls the journal keeps (default 100,000). */
        public Builder journalCapacity(int calls) {
            this.journalCapacity = calls;
            return this;
        }

        /** Odoo major version to behave like: 16, 17, 18 (JSON-RPC as recorded) or 19 (JSON-RPC and JSON-2). */
        public Builder version(int version) {
            if (version < 16 || version > 19) {
                throw new IllegalArgumentException("Odoo emulator supports versions 16 to 19; got " + version);
            }
            this.version = version;
            return this;
        }

        /** Name of the one database the server holds (accepted by common/object calls). */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database);
            return this;
        }

        /** Adds a seed document read from a file. */
        public Builder seed(Path file) {
            Objects.requireNonNull(file);
            seeds.add(() -> {
                try {
                    return json.readTree(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read Odoo emulator seed " + file.toAbsolutePath(), e);
                }
            });
            return this;
        }

        /** Adds a seed document read from a stream (read once, at build time). */
        public Builder seed(InputStream in) {
            try {
                JsonNode doc = json.readTree(in);
                seeds.add(() -> doc);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Odoo emulator seed from stream", e);
            }
            return this;
        }

        /** Adds a seed document from the class path, e.g. {@code odoo-emulator/demo-seed.json}. */
        public Builder seedResource(String resource) {
            try (InputStream in = OdooEmulator.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("Odoo emulator seed resource not found on the class path: " + resource);
                }
                JsonNode doc = json.readTree(in);
                seeds.add(() -> doc);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Odoo emulator seed resource " + resource, e);
            }
            return this;
        }

        /** Whether to load the version's template database (currencies, chart, journals, admin); default true. */
        public Builder template(boolean withTemplate) {
            this.template = withTemplate;
            return this;
        }

        /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Clock for server-side dates (today's date defaults, create_date, date_approve). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public OdooEmulator start() {
            OdooEmulator emu = new OdooEmulator(this);
            emu.load();
            emu.listen(port);
            return emu;
        }
    }

    private static String resourceText(String resource) {
        try (InputStream in = OdooEmulator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing emulator resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load() {
        Orm fresh = new Orm(new Store(), new Schema(version, json), json, clock);
        Seed loader = new Seed(fresh);
        if (template) {
            int t = version;
            try (InputStream in = OdooEmulator.class.getClassLoader().getResourceAsStream("odoo-emulator/templates/odoo" + t + ".json")) {
                loader.apply(json.readTree(in), "template odoo" + t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int n = 0;
        for (Supplier<JsonNode> s : seeds) {
            loader.apply(s.get(), "#" + (++n));
        }
        this.orm = fresh;
        this.rpc = new Rpc(fresh, database);
    }

    private void listen(int port) {
        // The JDK server writes an answer's headers and body separately; with Nagle's algorithm on, a small body waits
        // for the client's delayed acknowledgement of the headers (40 ms on Linux), a stall that is the emulator's, not
        // Odoo's. The JDK reads this property once, when its first server starts; only its built-in server uses it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the Odoo emulator to 127.0.0.1:" + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "odoo-emulator-" + version);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", front);
        server.start();
    }

    /**
     * Runs one call as an all-or-nothing transaction under the database lock. The webhooks its changes trigger are sent
     * as the version does: 17 and 18 from inside the transaction, before it commits (the transaction is held open,
     * {@link #held}, and the lock released while the calls are out, so a read made meanwhile, by the webhook's receiver
     * for example, sees the data as last committed; a call that would change data waits until the held transaction has
     * committed, as it would on Odoo's row locks, then runs again); 19 after the commit, before the call answers.
     */
    <T> T execute(Supplier<T> call) {
        List<Automations.Sent> afterCommit = List.of();
        List<Automations.Call> toSendAfterCommit = List.of();
        List<Automations.Sent> inside = List.of();
        T result;
        Store store;
        lock.lock();
        try {
            while (true) {
                store = orm.store;
                store.begin();
                orm.actAs(Env.SUPERUSER);
                try {
                    result = call.get();
                    if (held == null || !store.changedAnything()) {
                        orm.stampWritten();
                        List<Automations.Call> due = automations.due(orm);
                        if (!due.isEmpty() && version <= 18 && lock.getHoldCount() == 1) {
                            inside = sendInsideTransaction(store, due);
                        } else {
                            toSendAfterCommit = due;
                        }
                        store.commit();
                        break;
                    }
                } catch (RuntimeException e) {
                    store.rollback();
                    throw e;
                }
                store.rollback();
                while (held != null) {
                    released.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        Instant committed = Instant.now();
        automations.record(inside, committed);
        if (!toSendAfterCommit.isEmpty()) {
            afterCommit = automations.send(toSendAfterCommit, false);
            automations.record(afterCommit, committed);
        }
        return result;
    }

    /** Holds the transaction open (its changes unseen by others) while its webhooks are out, then takes it up again. */
    private List<Automations.Sent> sendInsideTransaction(Store store, List<Automations.Call> due) {
        held = store.suspend();
        lock.unlock();
        try {
            List<Automations.Sent> sent = automations.send(due, true);
            // the rest of Odoo's transaction after the webhook action (other automations, stock moves, mail): still uncommitted
            long until = System.nanoTime() + commitDelay.toNanos();
            java.util.function.BooleanSupplier when = commitWhen;
            while (System.nanoTime() < until && !when.getAsBoolean()) {
                HttpFront.sleep(Duration.ofMillis(5));
            }
            return sent;
        } finally {
            lock.lock();
            store.resume(held);
            held = null;
            released.signalAll();
        }
    }

    /** A call the server's request limit stopped: rolled back, its connection closed without an answer. */
    static final class KilledByRequestLimit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KilledByRequestLimit() {
            super("request killed by the request limit", null, false, false);
        }
    }

    /**
     * How long calls take from now on ({@link Speed#instant()} by default). A write spends its time before its
     * effect becomes visible, as in Odoo, where a transaction's records appear at commit: a look-up made while a slow
     * create runs does not find it, and the create commits even when its client stopped waiting.
     */
    public void speed(Speed speed) {
        this.speed = Objects.requireNonNull(speed);
    }

    public Speed speed() {
        return speed;
    }

    /**
     * The server's request limit (Odoo's {@code limit_time_real}): a call that would run longer is stopped when the
     * limit is reached, rolled back, and its connection closed. {@code null} (the default) means no limit.
     */
    public void requestLimit(Duration limit) {
        this.requestLimit = limit == null || limit.isZero() ? null : limit;
    }

    /**
     * Runs one model call in time: a write waits out its cost (and a {@link Fault.Kind#SLOW_COMMIT} hold) before it
     * executes and commits; a read executes, then takes its time to answer. A call whose time would exceed the
     * request limit, or that a {@link Fault.Kind#KILLED_BY_REQUEST_LIMIT} fault targets, runs until the limit and is
     * then stopped without committing anything.
     */
    JsonNode timed(String model, String method, JsonNode positional, JsonNode kwargs, Fault fault, Supplier<JsonNode> call) {
        Duration limit = requestLimit;
        if (fault != null && fault.kind() == Fault.Kind.KILLED_BY_REQUEST_LIMIT) {
            HttpFront.sleep(limit != null ? limit : fault.duration());
            throw new KilledByRequestLimit();
        }
        Duration hold = fault != null && fault.kind() == Fault.Kind.SLOW_COMMIT ? fault.duration() : Duration.ZERO;
        Speed now = speed;
        if (model != null && RecordedCall.isWriteMethod(method)) {
            Duration cost = now.write(CallShape.created(method, positional, kwargs), CallShape.acted(positional, kwargs)).plus(hold);
            java.util.Set<Long> emptyJournals = cost.isZero() ? java.util.Set.of() : emptyJournalsAtStart(model, method, positional, kwargs);
            pause(cost, limit);
            if (emptyJournals.isEmpty()) {
                return execute(call);
            }
            return execute(() -> {
                refuseNameClash(emptyJournals);
                return call.get();
            });
        }
        JsonNode result = execute(call);
        pause((now.isInstant() ? Duration.ZERO : now.read(CallShape.answered(result))).plus(hold), limit);
        return result;
    }

    /**
     * Odoo 16 and 17 number a journal's first entry from an empty journal without a row to lock: two creates that
     * overlap in time both take the first number, and the later commit fails on the unique index of entry names per
     * journal (recorded {@code duplicates/}: "Another entry with the same name already exists."; 18 and 19 store both,
     * and a journal that has entries makes the later create wait for the next number). The journals of a statement,
     * line or entry create that were empty when the call started, for {@link #refuseNameClash} at its commit.
     */
    private java.util.Set<Long> emptyJournalsAtStart(String model, String method, JsonNode positional, JsonNode kwargs) {
        if (version > 17 || !"create".equals(method) || !(model.equals("account.bank.statement")
                || model.equals("account.bank.statement.line") || model.equals("account.move"))) {
            return java.util.Set.of();
        }
        java.util.Set<Long> journals = CallShape.journalIds(positional, kwargs);
        if (journals.isEmpty()) {
            return journals;
        }
        lock.lock();
        try {
            java.util.Set<Long> empty = new java.util.HashSet<>(journals);
            empty.removeAll(journalsWithEntries());
            return empty;
        } finally {
            lock.unlock();
        }
    }

    private void refuseNameClash(java.util.Set<Long> emptyAtStart) {
        for (Long journal : journalsWithEntries()) {
            if (emptyAtStart.contains(journal)) {
                throw OdooError.validation("The operation cannot be completed: Another entry with the same name already exists.");
            }
        }
    }

    private java.util.Set<Long> journalsWithEntries() {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (java.util.Map<String, Object> move : orm.store.table("account.move").values()) {
            Object journal = move.get("journal_id");
            if (journal instanceof Number n) {
                out.add(n.longValue());
            }
        }
        return out;
    }

    private static void pause(Duration cost, Duration limit) {
        if (limit != null && cost.compareTo(limit) > 0) {
            HttpFront.sleep(limit);
            throw new KilledByRequestLimit();
        }
        if (!cost.isZero()) {
            HttpFront.sleep(cost);
        }
    }

    /** Requests the server is handling right now (a slow write still running after its client left counts). */
    public int requestsInProgress() {
        return inProgress.get();
    }

    void requestStarted() {
        inProgress.incrementAndGet();
    }

    void requestEnded() {
        inProgress.decrementAndGet();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:45123}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int version() {
        return version;
    }

    public String database() {
        return database;
    }

    public CallJournal journal() {
        return journal;
    }

    public FaultInjector faults() {
        return faults;
    }

    public EmulatorStore store() {
        return storeFacade;
    }

    /**
     * Reloads the template and seeds, clears the journal, faults and automation rules, restarts every id sequence, and
     * makes the server instant again with the request limit it was built with.
     */
    public void reset() {
        lock.lock();
        try {
            load();
            journal.clear();
            faults.clear();
            automations.clear();
            commitDelay = Duration.ZERO;
            commitWhen = () -> true;
            speed = Speed.instant();
            requestLimit = configuredRequestLimit;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an automation rule as an administrator creates it in Odoo 17, 18 or 19: model, trigger "On create and edit"
     * watching {@code triggerFields} (any field when empty), action "Send Webhook Notification" to {@code url} with the
     * {@code fields} to send. Returns the action's id (it appears in the body's {@code _action}).
     *
     * @throws IllegalStateException in version 16 mode: Odoo 16 has no webhook action
     */
    public long addWebhookRule(String model, List<String> triggerFields, URI url, List<String> fields) {
        if (version < 17) {
            throw new IllegalStateException("Odoo " + version + " has no \"Send Webhook Notification\" action (base_automation has it from 17)");
        }
        return automations.add("Send Webhook Notification", model, triggerFields, url, fields);
    }

    /** The webhook calls sent since the last reset, in order. */
    public List<SentWebhook> webhooksSent() {
        return automations.sent();
    }

    /**
     * How long a 17/18 transaction stays uncommitted after its webhook calls were answered (default none): what the rest
     * of a real Odoo transaction takes, so a test can make the receiver's first read fall before the commit. Reset clears it.
     */
    public void webhookCommitDelay(Duration delay) {
        webhookCommitDelay(delay, () -> false);
    }

    /**
     * As {@link #webhookCommitDelay(Duration)}, but the transaction commits as soon as {@code until} holds (checked every
     * few milliseconds), at the latest after {@code max}: a test waits for the receiver's first read, not for a guess.
     */
    public void webhookCommitDelay(Duration max, java.util.function.BooleanSupplier until) {
        this.commitDelay = Objects.requireNonNull(max);
        this.commitWhen = Objects.requireNonNull(until);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    Orm orm() {
        return orm;
    }

    Rpc rpc() {
        return rpc;
    }

    ObjectMapper json() {
        return json;
    }

    ObjectWriter jsonWriter() {
        return jsonWriter;
    }

    HttpFront front() {
        return front;
    }

    Json2 json2() {
        return json2;
    }

    String notFoundPage() {
        return notFoundPage;
    }

    JsonNode rpcVersionInfo() {
        return rpc.versionInfo();
    }
}
