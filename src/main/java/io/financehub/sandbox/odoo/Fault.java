package io.financehub.sandbox.odoo;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the emulator injects into the HTTP exchange of a matching call, to test a client's fault
 * tolerance: latency, a reverse proxy's 502/503/504, a reset connection, a session expiry, or the ambiguous
 * timeout after the call was executed and committed. Immutable; refine with {@link #onCall(long)},
 * {@link #on(String, String)}, {@link #occurrence(long)} and {@link #repeating()}.
 */
public final class Fault {

    /** What the fault does. */
    public enum Kind { LATENCY, HTTP_STATUS, CONNECTION_RESET, TIMEOUT_AFTER_COMMIT, SESSION_EXPIRED, SLOW_COMMIT,
        KILLED_BY_REQUEST_LIMIT, ODOO_ERROR }

    private final Kind kind;
    private final Duration duration;
    private final int status;
    private final long callIndex;
    private final String model;
    private final String method;
    private final long occurrence;
    private final boolean repeating;
    private final boolean writesOnly;
    private final String errorName;

    private Fault(Kind kind, Duration duration, int status, long callIndex, String model, String method, long occurrence,
                  boolean repeating) {
        this(kind, duration, status, callIndex, model, method, occurrence, repeating, false);
    }

    private Fault(Kind kind, Duration duration, int status, long callIndex, String model, String method, long occurrence,
                  boolean repeating, boolean writesOnly) {
        this(kind, duration, status, callIndex, model, method, occurrence, repeating, writesOnly, null);
    }

    private Fault(Kind kind, Duration duration, int status, long callIndex, String model, String method, long occurrence,
                  boolean repeating, boolean writesOnly, String errorName) {
        this.writesOnly = writesOnly;
        this.errorName = errorName;
        this.kind = kind;
        this.duration = duration;
        this.status = status;
        this.callIndex = callIndex;
        this.model = model;
        this.method = method;
        this.occurrence = occurrence;
        this.repeating = repeating;
    }

    /** Delays the answer, then answers normally. */
    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, Objects.requireNonNull(delay), 0, 1, null, null, 0, false);
    }

    /** Answers with the HTML error page of a reverse proxy; the call is not executed. */
    public static Fault httpStatus(int status) {
        if (status != 502 && status != 503 && status != 504) {
            throw new IllegalArgumentException("Only 502, 503 and 504 are proxy faults; got " + status);
        }
        return new Fault(Kind.HTTP_STATUS, Duration.ZERO, status, 1, null, null, 0, false);
    }

    /** Closes the connection without an answer; the call is not executed. */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, Duration.ZERO, 0, 1, null, null, 0, false);
    }

    /** Executes and commits the call, then holds the answer for {@code hold} and drops the connection. */
    public static Fault timeoutAfterCommit(Duration hold) {
        return new Fault(Kind.TIMEOUT_AFTER_COMMIT, Objects.requireNonNull(hold), 0, 1, null, null, 0, false);
    }

    /**
     * The call runs {@code hold} longer than it would, then commits and answers, whether or not its client still
     * waits: real Odoo goes on executing a request after the client gave up and commits it.
     */
    public static Fault slowCommit(Duration hold) {
        return new Fault(Kind.SLOW_COMMIT, Objects.requireNonNull(hold), 0, 1, null, null, 0, false);
    }

    /**
     * The call runs until the server's request limit ({@link OdooEmulator#requestLimit}, or {@code after} when it has
     * none) stops it: rolled back, nothing committed, the connection closed without an answer.
     */
    public static Fault killedByRequestLimit(Duration after) {
        return new Fault(Kind.KILLED_BY_REQUEST_LIMIT, Objects.requireNonNull(after), 0, 1, null, null, 0, false);
    }

    /**
     * Answers Odoo's error for {@code errorName} without executing the call, so nothing is committed: e.g.
     * {@code psycopg2.errors.SerializationFailure} (what Odoo answers once its own retries of a concurrent update are
     * spent: transient) or {@code odoo.exceptions.UserError} (a refusal: permanent).
     */
    public static Fault odooError(String errorName) {
        return new Fault(Kind.ODOO_ERROR, Duration.ZERO, 0, 1, null, null, 0, false, false, Objects.requireNonNull(errorName));
    }

    /** Answers JSON-RPC error code 100 "Odoo Session Expired" as Odoo does; the call is not executed. */
    public static Fault sessionExpired() {
        return new Fault(Kind.SESSION_EXPIRED, Duration.ZERO, 0, 1, null, null, 0, false);
    }

    /** Matches the n-th call (1 = the next one) counted from the moment the fault is injected. */
    public Fault onCall(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("call numbers start at 1; got " + n);
        }
        return new Fault(kind, duration, status, n, null, null, 0, repeating, false, errorName);
    }

    /**
     * Matches the n-th call that may change data (create, write, unlink, model actions such as mark_as_sent or
     * message_post; not reads) counted from the moment the fault is injected.
     */
    public Fault onWrite(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("write numbers start at 1; got " + n);
        }
        return new Fault(kind, duration, status, n, null, null, 0, repeating, true, errorName);
    }

    /** Matches calls of a model method (for JSON-RPC common/db calls: model null and the service method). */
    public Fault on(String model, String method) {
        return new Fault(kind, duration, status, 0, model, Objects.requireNonNull(method), occurrence == 0 ? 1 : occurrence, repeating,
                false, errorName);
    }

    /** With {@link #on}: fires on the n-th matching call (1 = the first). */
    public Fault occurrence(long n) {
        return new Fault(kind, duration, status, callIndex, model, method, n, repeating, writesOnly, errorName);
    }

    /** Fires on every matching call instead of once. */
    public Fault repeating() {
        return new Fault(kind, duration, status, callIndex, model, method, occurrence, true, writesOnly, errorName);
    }

    public Kind kind() {
        return kind;
    }

    public Duration duration() {
        return duration;
    }

    public int status() {
        return status;
    }

    long callIndex() {
        return callIndex;
    }

    String model() {
        return model;
    }

    String method() {
        return method;
    }

    long occurrence() {
        return occurrence;
    }

    boolean isRepeating() {
        return repeating;
    }

    boolean writesOnly() {
        return writesOnly;
    }

    String errorName() {
        return errorName;
    }

    /** Odoo's message for an injected error: PostgreSQL's for a serialization failure, a plain refusal otherwise. */
    static String messageOf(String errorName) {
        return errorName.endsWith("SerializationFailure") ? "could not serialize access due to concurrent update"
                : "The operation cannot be completed (injected " + errorName.substring(errorName.lastIndexOf('.') + 1) + ")";
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (status > 0 ? " " + status : "") + (duration.isZero() ? "" : " " + duration)
                + (method != null ? " on " + model + "." + method + " #" + occurrence
                        : (writesOnly ? " on write " : " on call ") + callIndex)
                + (repeating ? ", repeating" : "") + "]";
    }
}
