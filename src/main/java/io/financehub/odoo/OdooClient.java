package io.financehub.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;

/**
 * Typed client of one Odoo instance (Odoo 16-21 over JSON-RPC, 19+ over JSON-2), for mappers and flows written in
 * Java; the {@code odoo:} Camel component is built on it.
 *
 * <p>Every call goes through the instance's {@link OdooCallPolicy} (timeout, retry of transient failures with
 * backoff, circuit breaker), is counted in Micrometer ({@code odoo.client.*}) and fails with a subtype of
 * {@link OdooException}. The JSON-RPC uid is obtained once and refreshed once when Odoo reports an expired session
 * or refuses the cached uid; the call is then repeated once. Credentials never appear in logs, messages or
 * {@code toString()}. Thread-safe; one client per Odoo instance.
 *
 * <p>Writes are not idempotent in Odoo: a create whose answer is lost fails with
 * {@link OdooAmbiguousWriteException} and is never retried here. {@link #writeOnce} and {@link #awaitEffect} wait
 * such an outcome out: Odoo may still be executing the call and commit it, so it is sent again only once its effect
 * stayed absent past Odoo's request limit.
 */
public final class OdooClient implements AutoCloseable {

    /** The largest page {@link #pages} accepts: keeps one page's memory and Odoo's answer time bounded. */
    public static final int MAX_PAGE_SIZE = 10_000;

    private static final Logger LOG = Logger.getLogger(OdooClient.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final OdooCall VERSION_CALL = new OdooCall(null, "version", true);
    private static final OdooCall AUTHENTICATE_CALL = new OdooCall(null, "authenticate", true);

    private final OdooClientSettings settings;
    private final OdooTransport transport;
    private final OdooMetrics metrics;
    private final OdooCallPolicy policy;
    private final AtomicLong requestIds = new AtomicLong();
    private final Object authLock = new Object();
    private final Object detectLock = new Object();
    private volatile Long uid;
    private volatile OdooProtocol resolvedProtocol;
    private volatile OdooServerVersion serverVersion;

    /**
     * A client without CDI.
     *
     * @param policy fault tolerance of this instance; {@link SmallRyeOdooCallPolicy} in the product
     */
    public OdooClient(OdooClientSettings settings, OdooTransport transport, MeterRegistry registry,
                      OdooCallPolicy policy) {
        this.settings = settings;
        this.transport = transport;
        this.metrics = new OdooMetrics(registry, settings.instance());
        this.policy = policy;
        if (policy.circuitState().isPresent()) {
            metrics.circuitState(this::circuitStateCode);
        }
        if (settings.protocol() != OdooProtocol.AUTO) {
            resolvedProtocol = settings.protocol();
        }
    }

    /**
     * The product's client: Camel HTTP transport and SmallRye fault tolerance (needs the CDI container, as SmallRye's
     * programmatic API does).
     */
    public static OdooClient create(OdooClientSettings settings, CamelContext camel, MeterRegistry registry) {
        OdooTransport transport = new CamelHttpTransport(camel, settings.url(), settings.connectTimeout(),
                settings.timeout());
        return new OdooClient(settings, transport, registry, new SmallRyeOdooCallPolicy(settings));
    }

    public String instance() {
        return settings.instance();
    }

    public OdooClientSettings settings() {
        return settings;
    }

    /** The circuit breaker's state ({@code closed}, {@code open}, {@code half_open}), if the policy has one. */
    public Optional<String> circuitState() {
        return policy.circuitState();
    }

    private int circuitStateCode() {
        String state = policy.circuitState().orElse("closed");
        return "open".equals(state) ? 2 : "half_open".equals(state) ? 1 : 0;
    }

    // ------------------------------------------------------------------ server and session

    /** The protocol in use; with {@code auto}, asks {@code GET /web/version} once. */
    public OdooProtocol protocol() {
        OdooProtocol protocol = resolvedProtocol;
        if (protocol != null) {
            return protocol;
        }
        synchronized (detectLock) {
            if (resolvedProtocol == null) {
                Optional<OdooServerVersion> webVersion = guarded(VERSION_CALL, this::webVersion)
                        .map(OdooClient::versionFrom);
                webVersion.ifPresent(version -> serverVersion = version);
                resolvedProtocol = webVersion.filter(OdooServerVersion::supportsJson2).isPresent()
                        ? OdooProtocol.JSON2 : OdooProtocol.JSONRPC;
                LOG.infof("Odoo instance '%s' at %s: using %s (server %s)", settings.instance(), settings.url(),
                        resolvedProtocol, webVersion.map(OdooServerVersion::text).orElse("below 19, no /web/version"));
            }
            return resolvedProtocol;
        }
    }

    /** The server's version: {@code GET /web/version} on 19+, {@code common.version} over JSON-RPC otherwise. */
    public OdooServerVersion serverVersion() {
        OdooServerVersion known = serverVersion;
        if (known != null) {
            return known;
        }
        OdooServerVersion version;
        if (protocol() == OdooProtocol.JSON2) {
            version = guarded(VERSION_CALL, this::webVersion).map(OdooClient::versionFrom)
                    .orElseThrow(() -> new OdooServerException(null, "version", null,
                            "GET /web/version answered 404 on a JSON-2 instance; check odoo.protocol"));
        } else {
            JsonNode answer = run(VERSION_CALL, () -> jsonRpc(VERSION_CALL, "common", "version", NODES.arrayNode()));
            version = versionFrom(answer);
        }
        serverVersion = version;
        return version;
    }

    /**
     * Logs in again (JSON-RPC {@code common.authenticate}) and returns the uid, replacing the cached one.
     *
     * @throws OdooAuthenticationException when Odoo answers {@code false}: wrong login, password or API key
     */
    public long authenticate() {
        JsonNode answer = run(AUTHENTICATE_CALL, () -> NODES.numberNode(login()));
        return answer.asLong();
    }

    // ------------------------------------------------------------------ model methods

    public List<OdooRecord> searchRead(String model, Domain domain, List<String> fields, SearchOptions options) {
        return searchRead(model, domain, fields, options, OdooContext.empty());
    }

    /** {@code search_read}: records matching the domain with the given fields (all fields when empty). */
    public List<OdooRecord> searchRead(String model, Domain domain, List<String> fields, SearchOptions options,
                                       OdooContext context) {
        Request request = new Request(model, "search_read", context).arg("domain", domain.toJson());
        request.kwarg("fields", fields);
        options.offset().ifPresent(offset -> request.kwarg("offset", offset));
        options.limit().ifPresent(limit -> request.kwarg("limit", limit));
        options.order().ifPresent(order -> request.kwarg("order", order));
        return records(request, execute(request));
    }

    public List<OdooRecord> read(String model, Collection<Long> ids, List<String> fields) {
        return read(model, ids, fields, OdooContext.empty());
    }

    /** {@code read}: the records that still exist among {@code ids} (Odoo silently skips missing ones). */
    public List<OdooRecord> read(String model, Collection<Long> ids, List<String> fields, OdooContext context) {
        Request request = new Request(model, "read", context).ids(ids).kwarg("fields", fields);
        return records(request, execute(request));
    }

    public List<Long> search(String model, Domain domain, SearchOptions options) {
        return search(model, domain, options, OdooContext.empty());
    }

    public List<Long> search(String model, Domain domain, SearchOptions options, OdooContext context) {
        Request request = new Request(model, "search", context).arg("domain", domain.toJson());
        options.offset().ifPresent(offset -> request.kwarg("offset", offset));
        options.limit().ifPresent(limit -> request.kwarg("limit", limit));
        options.order().ifPresent(order -> request.kwarg("order", order));
        return idList(request, execute(request));
    }

    public long searchCount(String model, Domain domain) {
        return searchCount(model, domain, OdooContext.empty());
    }

    public long searchCount(String model, Domain domain, OdooContext context) {
        Request request = new Request(model, "search_count", context).arg("domain", domain.toJson());
        JsonNode answer = execute(request);
        if (!answer.canConvertToLong()) {
            throw unexpected(request, "a count", answer);
        }
        return answer.asLong();
    }

    public long create(String model, Map<String, ?> values) {
        return create(model, values, OdooContext.empty());
    }

    /** {@code create} of one record; returns its id. */
    public long create(String model, Map<String, ?> values, OdooContext context) {
        List<Long> ids = createBatch(model, List.of(values), context);
        return ids.get(0);
    }

    public List<Long> createBatch(String model, List<? extends Map<String, ?>> values) {
        return createBatch(model, values, OdooContext.empty());
    }

    /**
     * {@code create} of a list of records in ONE call, hence one Odoo transaction: all are created or none.
     * Returns the ids in the order of {@code values}.
     */
    public List<Long> createBatch(String model, List<? extends Map<String, ?>> values, OdooContext context) {
        if (values.isEmpty()) {
            return List.of();
        }
        // vals_list is create's parameter name since Odoo 12; JSON-RPC sends it positionally
        Request request = new Request(model, "create", context).arg("vals_list", OdooValues.toOdooJson(values));
        List<Long> ids = idList(request, execute(request));
        if (ids.size() != values.size()) {
            throw unexpected(request, values.size() + " ids", OdooValues.toOdooJson(ids));
        }
        return ids;
    }

    public boolean write(String model, Collection<Long> ids, Map<String, ?> values) {
        return write(model, ids, values, OdooContext.empty());
    }

    /** {@code write}: the same values on all {@code ids}; {@link OdooMissingRecordException} if one is gone. */
    public boolean write(String model, Collection<Long> ids, Map<String, ?> values, OdooContext context) {
        Request request = new Request(model, "write", context).ids(ids).arg("vals", OdooValues.toOdooJson(values));
        return execute(request).asBoolean();
    }

    public boolean unlink(String model, Collection<Long> ids) {
        return unlink(model, ids, OdooContext.empty());
    }

    public boolean unlink(String model, Collection<Long> ids, OdooContext context) {
        Request request = new Request(model, "unlink", context).ids(ids);
        return execute(request).asBoolean();
    }

    public JsonNode fieldsGet(String model, List<String> attributes) {
        return fieldsGet(model, attributes, OdooContext.empty());
    }

    /** {@code fields_get}: the model's fields with the given attributes (all attributes when empty). */
    public JsonNode fieldsGet(String model, List<String> attributes, OdooContext context) {
        Request request = new Request(model, "fields_get", context);
        if (!attributes.isEmpty()) {
            request.kwarg("attributes", attributes);
        }
        return execute(request);
    }

    public List<JsonNode> readGroup(String model, Domain domain, List<String> fields, List<String> groupBy,
                                    SearchOptions options, boolean lazy) {
        return readGroup(model, domain, fields, groupBy, options, lazy, OdooContext.empty());
    }

    /**
     * {@code read_group}: aggregates ({@code "balance:sum"}) grouped by fields ({@code "date:month"});
     * {@code options.order} is Odoo's {@code orderby}.
     */
    public List<JsonNode> readGroup(String model, Domain domain, List<String> fields, List<String> groupBy,
                                    SearchOptions options, boolean lazy, OdooContext context) {
        Request request = new Request(model, "read_group", context).arg("domain", domain.toJson())
                .arg("fields", OdooValues.toOdooJson(fields)).arg("groupby", OdooValues.toOdooJson(groupBy));
        options.offset().ifPresent(offset -> request.kwarg("offset", offset));
        options.limit().ifPresent(limit -> request.kwarg("limit", limit));
        options.order().ifPresent(order -> request.kwarg("orderby", order));
        request.kwarg("lazy", lazy);
        JsonNode answer = execute(request);
        if (!answer.isArray()) {
            throw unexpected(request, "a list of groups", answer);
        }
        List<JsonNode> groups = new ArrayList<>(answer.size());
        answer.forEach(groups::add);
        return groups;
    }

    public JsonNode callMethod(String model, String method, List<?> args, Map<String, ?> kwargs) {
        return callMethod(model, method, args, kwargs, OdooContext.empty());
    }

    /**
     * Any model method, e.g. {@code action_post}, {@code mark_as_sent}, {@code button_approve},
     * {@code message_post}: {@code args} are positional (record ids first for record methods). Returns Odoo's
     * answer; methods returning Python {@code None} give {@link NullNode}.
     *
     * <p>JSON-2 (Odoo 19+) has no positional arguments: there the first argument, if a list of ids, becomes
     * {@code ids} and everything else must be in {@code kwargs}.
     */
    public JsonNode callMethod(String model, String method, List<?> args, Map<String, ?> kwargs,
                               OdooContext context) {
        Request request = new Request(model, method, context);
        for (Object arg : args) {
            request.positional.add(new Arg(null, OdooValues.toOdooJson(arg)));
        }
        kwargs.forEach(request::kwarg);
        return execute(request);
    }

    /**
     * All records matching the domain as a lazy stream of pages, read by keyset ({@code id > last}, order
     * {@code id}) so each page is one bounded query whatever the table size, and records created during the scan
     * neither shift nor duplicate earlier pages. Only one page is held in memory at a time.
     *
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     */
    public Stream<List<OdooRecord>> pages(String model, Domain domain, List<String> fields, int pageSize,
                                          OdooContext context) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        List<String> withId = fields.isEmpty() || fields.contains("id") ? fields : concat(fields, "id");
        Iterator<List<OdooRecord>> iterator = new Iterator<>() {
            private long lastId;
            private boolean exhausted;
            private List<OdooRecord> next;

            @Override
            public boolean hasNext() {
                if (next == null && !exhausted) {
                    List<OdooRecord> page = searchRead(model, Domain.and(domain, Domain.term("id", ">", lastId)),
                            withId, SearchOptions.limit(pageSize).withOrder("id"), context);
                    exhausted = page.size() < pageSize;
                    if (!page.isEmpty()) {
                        lastId = page.get(page.size() - 1).id();
                        next = page;
                    }
                }
                return next != null;
            }

            @Override
            public List<OdooRecord> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<OdooRecord> page = next;
                next = null;
                return page;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    public Stream<List<OdooRecord>> pages(String model, Domain domain, List<String> fields, int pageSize) {
        return pages(model, domain, fields, pageSize, OdooContext.empty());
    }

    /** {@link #pages} flattened to records. */
    public Stream<OdooRecord> stream(String model, Domain domain, List<String> fields, int pageSize,
                                     OdooContext context) {
        return pages(model, domain, fields, pageSize, context).flatMap(List::stream);
    }

    // ------------------------------------------------------------------ execution

    private JsonNode execute(Request request) {
        OdooProtocol protocol = protocol();
        return run(request.call, () -> protocol == OdooProtocol.JSON2 ? json2OrPasswordFallback(request)
                : executeKw(request));
    }

    /**
     * With {@code odoo.protocol=auto}, a secret that JSON-2 refuses may be a password (the configuration key takes
     * either): JSON-RPC, still served up to Odoo 21, accepts it. The refused call did not run, so sending it over
     * JSON-RPC is safe; from then on the client stays on JSON-RPC.
     */
    private JsonNode json2OrPasswordFallback(Request request) {
        try {
            return json2(request);
        } catch (OdooAuthenticationException refused) {
            if (settings.protocol() != OdooProtocol.AUTO) {
                throw refused;
            }
            try {
                uid();
            } catch (OdooAuthenticationException alsoRefused) {
                throw refused;
            }
            resolvedProtocol = OdooProtocol.JSONRPC;
            LOG.warnf("Odoo instance '%s': JSON-2 refused odoo.api-key but JSON-RPC accepted it as a password;"
                    + " using JSON-RPC, which Odoo removes in version 22. Create an API key for user '%s'",
                    settings.instance(), settings.username());
            return executeKw(request);
        }
    }

    /**
     * Added to {@code odoo.max-request-time} before a missing effect counts as proof: Odoo's clock starts when a worker
     * takes the request, a little after the hub sent it, and a commit already under way at the limit still lands.
     */
    public static final Duration LIMIT_SLACK = Duration.ofSeconds(1);

    /** One logical call: policy around the attempts, metrics around the policy. */
    private JsonNode run(OdooCall call, Attempt attempt) {
        long start = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Instant> lastSent = new AtomicReference<>();
        try {
            JsonNode answer = policy.execute(call, () -> {
                if (attempts.incrementAndGet() > 1) {
                    metrics.retry(call);
                }
                lastSent.set(Instant.now());
                return attempt.run();
            });
            metrics.success(call, Duration.ofNanos(System.nanoTime() - start));
            return answer;
        } catch (OdooAmbiguousWriteException e) {
            // only the attempt whose answer was lost can still be running in Odoo: the earlier ones failed before it ran
            OdooAmbiguousWriteException dated = e.sentAt().isPresent() ? e
                    : e.sentAt(Optional.ofNullable(lastSent.get()).orElseGet(Instant::now));
            metrics.failure(call, dated, Duration.ofNanos(System.nanoTime() - start));
            throw dated;
        } catch (OdooException e) {
            metrics.failure(call, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    // ------------------------------------------------------------------ unknown outcomes

    /** Most times {@link #writeOnce} sends one write: a send is repeated only when the one before is known not committed. */
    static final int MAX_SENDS = 3;

    /**
     * Sends a write at most once while its outcome is unknown: when the answer is lost, the write's effect is waited
     * out ({@link #awaitEffect}) instead of sending it again; it is sent again only once known not committed (at most
     * {@value #MAX_SENDS} sends in all). A refusal that reads like a uniqueness conflict ("already exists") is
     * answered by looking for the effect once: the conflicting record may be this write's own earlier commit.
     *
     * @param lookFor what a person looks for in Odoo to find the effect, e.g. "payment 42 marked as sent"
     * @param effect the write's effect read back from Odoo, empty while it is not there
     * @throws OdooWriteNotCommittedException after {@value #MAX_SENDS} sends known not committed (safe to try later)
     * @throws OdooOutcomeUnknownException when the outcome stays unknown (see {@link #awaitEffect})
     */
    public <T> T writeOnce(String lookFor, Supplier<T> write, Supplier<Optional<T>> effect) {
        for (int send = 1; ; send++) {
            try {
                return write.get();
            } catch (OdooAmbiguousWriteException lost) {
                try {
                    return awaitEffect(lost, lookFor, effect);
                } catch (OdooWriteNotCommittedException notCommitted) {
                    if (send >= MAX_SENDS) {
                        throw notCommitted;
                    }
                    LOG.infof("Odoo instance '%s': %s was not committed (its effect did not appear within Odoo's request"
                            + " limit); sending it again", settings.instance(), lookFor);
                }
            } catch (OdooValidationException refused) {
                if (!refused.looksLikeDuplicate() && send == 1) {
                    throw refused;
                }
                Optional<T> committed = effect.get();
                if (committed.isPresent()) {
                    LOG.infof("Odoo instance '%s': %s was refused as a duplicate and is in Odoo: an earlier send committed it",
                            settings.instance(), lookFor);
                    return committed.get();
                }
                throw refused;
            }
        }
    }

    /**
     * Posts a note in a record's chatter ({@code message_post}) once: the body ends with a marker derived from the
     * record and the body ({@code [FH-…]}), by which a note whose answer was lost is found in {@code mail.message}
     * instead of being posted twice ({@link #writeOnce}). Returns the message id.
     */
    public long messagePostOnce(String model, long id, String body, Map<String, ?> kwargs, OdooContext context) {
        String marker = "FH-" + java.util.HexFormat.of().formatHex(sha256(model + "/" + id + "/" + body), 0, 6);
        String marked = body + " [" + marker + "]";
        Map<String, Object> arguments = new LinkedHashMap<>(kwargs);
        arguments.put("body", marked);
        return writeOnce("the note " + marker + " on " + model + " " + id, () -> {
            JsonNode answer = callMethod(model, "message_post", List.of(List.of(id)), arguments, context);
            // the message id; Odoo 19 answers a list of one id
            JsonNode messageId = answer.isArray() && answer.size() == 1 ? answer.get(0) : answer;
            return messageId.canConvertToLong() ? messageId.asLong() : 0L;
        }, () -> search("mail.message", Domain.and(Domain.eq("model", model), Domain.eq("res_id", id),
                Domain.term("body", "ilike", marker)), SearchOptions.limit(1), context).stream().findFirst());
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Waits out a write whose answer was lost. Odoo keeps executing a request after its client gave up and commits it
     * until its own request limit stops it, so the effect is looked for (after {@code odoo.unknown-outcome.poll-delay},
     * then at doubling intervals) until found, or until {@code odoo.max-request-time} has passed since the write was
     * handed to the transport (which includes connecting: the setting's margin over Odoo's own limit covers that). Only a look made after that bound that finds nothing proves the write was not
     * committed. Never sends the write.
     *
     * @return the effect, once found: the write was committed
     * @throws OdooWriteNotCommittedException the bound passed without the effect, and the Odoo in front enforces its
     *         request limit ({@code odoo.max-request-time-enforced}): sending the write again is safe
     * @throws OdooOutcomeUnknownException the bound passed without the effect but no limit is enforced, Odoo could not
     *         be asked, or the wait was interrupted; the message says what to look for in Odoo
     */
    public <T> T awaitEffect(OdooAmbiguousWriteException lost, String lookFor, Supplier<Optional<T>> effect) {
        OdooClientSettings.UnknownOutcomes rules = settings.unknownOutcomes();
        OdooCall call = OdooCall.of(lost.model().orElse("-"), lost.method());
        Instant sentAt = lost.sentAt().orElseGet(Instant::now);
        Instant bound = sentAt.plus(rules.maxRequestTime()).plus(LIMIT_SLACK);
        LOG.warnf("Odoo instance '%s' did not answer %s (%s); it may still be working on it. Looking for its effect in Odoo"
                + " until %s instead of sending it again", settings.instance(), lookFor, lost.getMessage(), bound);
        metrics.waiting();
        String outcome = "unknown";
        try {
            Duration delay = rules.pollDelay();
            OdooException lastFailure = null;
            while (true) {
                Duration untilBound = Duration.between(Instant.now(), bound);
                sleep(untilBound.isNegative() ? Duration.ZERO : (delay.compareTo(untilBound) < 0 ? delay : untilBound));
                // decided before the look is sent: a look that starts after the bound and finds nothing is proof
                boolean pastBound = !Instant.now().isBefore(bound);
                try {
                    Optional<T> found = effect.get();
                    if (found.isPresent()) {
                        outcome = "committed";
                        LOG.infof("Odoo instance '%s': %s was committed although its answer was lost", settings.instance(), lookFor);
                        return found.get();
                    }
                    lastFailure = null;
                } catch (OdooException lookFailed) {
                    if (!lookFailed.isRetryable()) {
                        throw unknown(lost, lookFor, "Odoo refused the look-up: " + lookFailed.getMessage(), lookFailed);
                    }
                    lastFailure = lookFailed;
                }
                if (pastBound) {
                    if (lastFailure != null) {
                        throw unknown(lost, lookFor, "Odoo could not be asked (" + lastFailure.getMessage() + ")", lastFailure);
                    }
                    if (!rules.enforced()) {
                        throw unknown(lost, lookFor, "it is not in Odoo " + rules.maxRequestTime().toSeconds() + " s after it was"
                                + " sent, but this Odoo has no request limit (odoo.max-request-time-enforced=false), so it may"
                                + " still commit", null);
                    }
                    outcome = "not_committed";
                    throw new OdooWriteNotCommittedException(lost.model().orElse(null), lost.method(), lookFor + " is not in"
                            + " Odoo although Odoo's request limit (odoo.max-request-time " + rules.maxRequestTime().toSeconds()
                            + " s) has passed since it was sent: it was not committed, sending it again is safe", lost);
                }
                delay = delay.multipliedBy(2).compareTo(rules.pollMaxDelay()) > 0 ? rules.pollMaxDelay() : delay.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unknown(lost, lookFor, "the hub stopped waiting (interrupted)", e);
        } finally {
            metrics.resolved(call, outcome);
        }
    }

    private OdooOutcomeUnknownException unknown(OdooAmbiguousWriteException lost, String lookFor, String why, Throwable cause) {
        return new OdooOutcomeUnknownException(lost.model().orElse(null), lost.method(), "the outcome of " + lookFor
                + " is unknown: its answer was lost and " + why + ". Look in Odoo for " + lookFor + "; the hub has not sent it"
                + " again", cause == null ? lost : cause);
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
    }

    /** Like {@link #run} for a call whose answer may legitimately be absent (404). */
    private Optional<JsonNode> guarded(OdooCall call, Attempt attempt) {
        JsonNode answer = run(call, attempt);
        return answer.isMissingNode() ? Optional.empty() : Optional.of(answer);
    }

    @FunctionalInterface
    private interface Attempt {
        JsonNode run() throws OdooException;
    }

    // ------------------------------------------------------------------ JSON-RPC

    private JsonNode executeKw(Request request) {
        long currentUid = uid();
        try {
            return jsonRpc(request.call, "object", "execute_kw", executeKwArgs(currentUid, request));
        } catch (OdooSessionExpiredException e) {
            return repeatWithNewSession(request, currentUid, "the session expired");
        } catch (OdooAuthenticationException e) {
            // AccessDenied with a cached uid: the password/API key may have been rotated since the login
            return repeatWithNewSession(request, currentUid, "Odoo refused the cached login");
        } catch (OdooMissingRecordException e) {
            // Odoo answers MissingError on res.users(<uid>,) when the cached uid no longer exists
            if (e.getMessage().contains("res.users(" + currentUid + ",)")) {
                return repeatWithNewSession(request, currentUid, "the cached user id no longer exists");
            }
            throw e;
        }
    }

    private JsonNode repeatWithNewSession(Request request, long staleUid, String reason) {
        synchronized (authLock) {
            if (uid != null && uid == staleUid) {
                uid = null;
            }
        }
        LOG.infof("Odoo instance '%s': %s; logging in again as '%s' and repeating %s once", settings.instance(),
                reason, settings.username(), request.call.label());
        long freshUid = uid();
        return jsonRpc(request.call, "object", "execute_kw", executeKwArgs(freshUid, request));
    }

    private long uid() {
        Long known = uid;
        if (known != null) {
            return known;
        }
        synchronized (authLock) {
            if (uid == null) {
                uid = loginOnce();
            }
            return uid;
        }
    }

    private long login() {
        synchronized (authLock) {
            uid = loginOnce();
            return uid;
        }
    }

    private long loginOnce() {
        ArrayNode args = NODES.arrayNode().add(settings.database()).add(settings.username()).add(settings.secret())
                .add(NODES.objectNode());
        JsonNode answer = jsonRpc(AUTHENTICATE_CALL, "common", "authenticate", args);
        if (!answer.canConvertToLong() || answer.isBoolean()) {
            throw new OdooAuthenticationException(null, "authenticate", null, "login '" + settings.username()
                    + "' on database '" + settings.database() + "' was refused (wrong login, password or API key);"
                    + " check odoo.username and odoo.api-key");
        }
        return answer.asLong();
    }

    private ArrayNode executeKwArgs(long currentUid, Request request) {
        ArrayNode positional = NODES.arrayNode();
        if (request.ids != null) {
            positional.add(request.ids);
        }
        request.positional.forEach(arg -> positional.add(arg.value));
        ObjectNode kwargs = NODES.objectNode();
        request.kwargs.forEach(kwargs::set);
        if (!request.context.isEmpty()) {
            kwargs.set("context", request.context.toJson());
        }
        return NODES.arrayNode().add(settings.database()).add(currentUid).add(settings.secret())
                .add(request.call.model()).add(request.call.method()).add(positional).add(kwargs);
    }

    private JsonNode jsonRpc(OdooCall call, String service, String method, ArrayNode args) {
        long id = requestIds.incrementAndGet();
        ObjectNode envelope = NODES.objectNode().put("jsonrpc", "2.0").put("method", "call");
        envelope.putObject("params").put("service", service).put("method", method).set("args", args);
        envelope.put("id", id);
        OdooTransport.Answer answer = send(call, "/jsonrpc", Map.of("Content-Type", "application/json",
                "Accept", "application/json"), envelope);
        if (answer.status() != 200) {
            throw OdooErrors.fromStatusOnly(call, answer.status(), answer.bodyText());
        }
        JsonNode response = parse(call, answer);
        if (response.has("error")) {
            throw OdooErrors.fromJsonRpc(call, response.get("error"));
        }
        // methods returning None answer without a "result" key
        return response.has("result") ? response.get("result") : NullNode.getInstance();
    }

    // ------------------------------------------------------------------ JSON-2

    private JsonNode json2(Request request) {
        ObjectNode body = NODES.objectNode();
        List<Arg> positional = new ArrayList<>(request.positional);
        JsonNode ids = request.ids;
        if (ids == null && !positional.isEmpty() && positional.get(0).name == null && isIdList(positional.get(0).value)) {
            ids = positional.remove(0).value;
        }
        if (ids != null) {
            body.set("ids", ids);
        }
        for (Arg arg : positional) {
            if (arg.name == null) {
                throw new IllegalArgumentException("JSON-2 (Odoo 19+) has no positional arguments: pass the arguments"
                        + " of " + request.call.label() + " by name in kwargs");
            }
            body.set(arg.name, arg.value);
        }
        request.kwargs.forEach(body::set);
        if (!request.context.isEmpty()) {
            body.set("context", request.context.toJson());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("Authorization", "bearer " + settings.secret());
        headers.put("X-Odoo-Database", settings.database());
        OdooTransport.Answer answer = send(request.call,
                "/json/2/" + request.call.model() + "/" + request.call.method(), headers, body);
        if (answer.status() == 200) {
            return answer.body().length == 0 ? NullNode.getInstance() : parse(request.call, answer);
        }
        JsonNode errorBody = null;
        if (answer.isJson()) {
            try {
                errorBody = OdooValues.JSON.readTree(answer.body());
            } catch (IOException e) {
                errorBody = null;
            }
        }
        throw OdooErrors.fromJson2(request.call, answer.status(), errorBody, answer.bodyText());
    }

    private static boolean isIdList(JsonNode value) {
        if (!value.isArray()) {
            return false;
        }
        for (JsonNode id : value) {
            if (!id.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private JsonNode webVersion() {
        OdooTransport.Answer answer = exchange(VERSION_CALL, "GET", "/web/version", Map.of("Accept", "application/json"),
                null);
        if (answer.status() == 404) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance(); // Odoo 16-18
        }
        if (answer.status() != 200) {
            throw OdooErrors.fromStatusOnly(VERSION_CALL, answer.status(), answer.bodyText());
        }
        return parse(VERSION_CALL, answer);
    }

    private static OdooServerVersion versionFrom(JsonNode answer) {
        JsonNode info = answer.has("server_version_info") ? answer.get("server_version_info") : answer.get("version_info");
        String text = answer.has("server_version") ? answer.get("server_version").asText()
                : answer.path("version").asText("");
        if (info == null || !info.isArray() || info.size() < 2 || !info.get(0).canConvertToInt()) {
            throw new OdooServerException(null, "version", null, "the server's version answer has no version info: "
                    + OdooErrors.shortText(answer.toString()));
        }
        return new OdooServerVersion(info.get(0).asInt(), info.get(1).asInt(), text);
    }

    // ------------------------------------------------------------------ HTTP

    private OdooTransport.Answer send(OdooCall call, String path, Map<String, String> headers, JsonNode body) {
        byte[] bytes;
        try {
            bytes = OdooValues.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the arguments of " + call.label() + " as JSON", e);
        }
        return exchange(call, "POST", path, headers, bytes);
    }

    private OdooTransport.Answer exchange(OdooCall call, String method, String path, Map<String, String> headers,
                                          byte[] body) {
        try {
            return transport.exchange(method, path, headers, body);
        } catch (OdooTransportException e) {
            if (!e.kind().requestSent() || call.readOnly()) {
                throw new OdooTransientException(call.model(), call.method(), null, e.getMessage(), e);
            }
            throw new OdooAmbiguousWriteException(call.model(), call.method(), e.getMessage()
                    + ". The call was sent and may have been committed: check in Odoo before sending it again", e);
        }
    }

    private static JsonNode parse(OdooCall call, OdooTransport.Answer answer) {
        try {
            return OdooValues.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new OdooServerException(call.model(), call.method(), null, "the answer is not JSON (HTTP "
                    + answer.status() + ", " + answer.contentType() + "): " + OdooErrors.shortText(
                    new String(answer.body(), StandardCharsets.UTF_8)), e);
        }
    }

    // ------------------------------------------------------------------ decoding

    private static List<OdooRecord> records(Request request, JsonNode answer) {
        if (!answer.isArray()) {
            throw unexpected(request, "a list of records", answer);
        }
        List<OdooRecord> records = new ArrayList<>(answer.size());
        for (JsonNode record : answer) {
            if (!record.isObject()) {
                throw unexpected(request, "a list of records", answer);
            }
            records.add(new OdooRecord((ObjectNode) record));
        }
        return records;
    }

    private static List<Long> idList(Request request, JsonNode answer) {
        if (answer.isIntegralNumber()) {
            return List.of(answer.asLong()); // create(vals) answers a bare id
        }
        try {
            return OdooValues.ids(answer);
        } catch (IllegalArgumentException e) {
            throw unexpected(request, "record ids", answer);
        }
    }

    private static OdooServerException unexpected(Request request, String expected, JsonNode answer) {
        return new OdooServerException(request.call.model(), request.call.method(), null,
                "expected " + expected + " but Odoo answered: " + OdooErrors.shortText(String.valueOf(answer)));
    }

    private static List<String> concat(List<String> fields, String field) {
        List<String> all = new ArrayList<>(fields);
        all.add(field);
        return all;
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "OdooClient[instance=" + settings.instance() + ", url=" + settings.url() + ", database="
                + settings.database() + ", username=" + settings.username() + "]";
    }

    // ------------------------------------------------------------------ request building

    private record Arg(String name, JsonNode value) {
    }

    /** Arguments of one call, kept with their names so both protocols can be written from them. */
    private static final class Request {
        final OdooCall call;
        final OdooContext context;
        final List<Arg> positional = new ArrayList<>();
        final Map<String, JsonNode> kwargs = new LinkedHashMap<>();
        JsonNode ids;

        Request(String model, String method, OdooContext context) {
            if (model == null || model.isBlank() || method == null || method.isBlank()) {
                throw new IllegalArgumentException("An Odoo call needs a model and a method");
            }
            this.call = OdooCall.of(model, method);
            this.context = context;
        }

        Request ids(Collection<Long> recordIds) {
            this.ids = OdooValues.toOdooJson(List.copyOf(recordIds));
            return this;
        }

        Request arg(String name, JsonNode value) {
            positional.add(new Arg(name, value));
            return this;
        }

        Request kwarg(String name, Object value) {
            kwargs.put(name, OdooValues.toOdooJson(value));
            return this;
        }
    }
}
