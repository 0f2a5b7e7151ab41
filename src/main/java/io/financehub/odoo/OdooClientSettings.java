package io.financehub.odoo;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one {@link OdooClient} needs to know about its Odoo instance, independent of CDI so a client can be
 * built in plain Java. {@link #toString()} never shows the secret.
 *
 * @param instance a short name of the Odoo instance, used in metrics tags and messages
 * @param secret API key or password (Odoo accepts both in the same slot of JSON-RPC; JSON-2 needs an API key)
 * @param timeout how long to wait for Odoo's answer to one attempt of a call
 * @param unknownOutcomes how a write whose answer was lost is waited out (see {@link UnknownOutcomes})
 */
public record OdooClientSettings(String instance, URI url, String database, String username, String secret,
                                 OdooProtocol protocol, Duration connectTimeout, Duration timeout,
                                 Retry retry, CircuitBreaker circuitBreaker, UnknownOutcomes unknownOutcomes) {

    public OdooClientSettings {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(url, "odoo.url");
        requireText(database, "odoo.database");
        requireText(username, "odoo.username");
        requireText(secret, "odoo.api-key");
        Objects.requireNonNull(protocol, "odoo.protocol");
        requirePositive(connectTimeout, "odoo.connect-timeout");
        requirePositive(timeout, "odoo.timeout");
        Objects.requireNonNull(retry, "odoo.retry");
        Objects.requireNonNull(circuitBreaker, "odoo.circuit-breaker");
        Objects.requireNonNull(unknownOutcomes, "odoo.max-request-time");
        if (unknownOutcomes.maxRequestTime().compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("odoo.max-request-time (" + unknownOutcomes.maxRequestTime()
                    + ") must be longer than odoo.timeout (" + timeout + "): it is how long Odoo may go on working on a"
                    + " request after the hub stopped waiting for its answer");
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set: the Odoo connector needs it");
        }
    }

    private static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }

    /**
     * Retry of transient failures with exponential backoff ({@code delay * factor^n}, capped by {@code maxDelay})
     * plus random jitter; {@code maxRetries} 0 disables it.
     */
    public record Retry(int maxRetries, Duration delay, int factor, Duration maxDelay, Duration jitter,
                        Duration maxDuration) {
        public Retry {
            if (maxRetries < 0 || factor < 1) {
                throw new IllegalArgumentException("odoo.retry.max-retries must be >= 0 and odoo.retry.factor >= 1");
            }
            if (delay.isNegative() || jitter.isNegative() || delay.compareTo(maxDelay) >= 0) {
                throw new IllegalArgumentException("odoo.retry.delay (" + delay + ") must be shorter than"
                        + " odoo.retry.max-delay (" + maxDelay + "), and jitter must not be negative");
            }
        }

        public static Retry defaults() {
            return new Retry(3, Duration.ofMillis(200), 2, Duration.ofSeconds(5), Duration.ofMillis(100),
                    Duration.ofSeconds(60));
        }
    }

    /**
     * The circuit breaker of this Odoo instance: opens when {@code failureRatio} of the last
     * {@code requestVolumeThreshold} calls failed transiently, stays open for {@code delay}, closes after
     * {@code successThreshold} successful trial calls.
     */
    public record CircuitBreaker(boolean enabled, int requestVolumeThreshold, double failureRatio, Duration delay,
                                 int successThreshold) {
        public static CircuitBreaker defaults() {
            return new CircuitBreaker(true, 10, 0.5, Duration.ofSeconds(30), 2);
        }
    }

    /**
     * How the hub waits out a write whose answer was lost (timeout, reset, 5xx after sending). Odoo keeps executing a
     * request after its client gave up and commits it, until its own limit ({@code limit_time_real}, 120 s by
     * default; a threaded server checks it once a minute) stops it: only once {@code maxRequestTime} has passed since the call was sent does "not in Odoo" prove
     * "not committed". Meanwhile the effect is looked for, first after {@code pollDelay}, then at doubling intervals
     * up to {@code pollMaxDelay}.
     *
     * @param maxRequestTime the longest the Odoo in front keeps executing one request (its request limit plus margin)
     * @param enforced false when that Odoo has no request limit: a write still not visible after
     *                 {@code maxRequestTime} is then reported as unknown for a person to settle, never sent again
     */
    public record UnknownOutcomes(Duration maxRequestTime, boolean enforced, Duration pollDelay, Duration pollMaxDelay) {
        public UnknownOutcomes {
            requirePositive(maxRequestTime, "odoo.max-request-time");
            requirePositive(pollDelay, "odoo.unknown-outcome.poll-delay");
            requirePositive(pollMaxDelay, "odoo.unknown-outcome.poll-max-delay");
        }

        public static UnknownOutcomes defaults() {
            return new UnknownOutcomes(Duration.ofSeconds(200), true, Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().instance(instance).url(url).database(database).username(username).secret(secret)
                .protocol(protocol).connectTimeout(connectTimeout).timeout(timeout).retry(retry)
                .circuitBreaker(circuitBreaker).unknownOutcomes(unknownOutcomes);
    }

    @Override
    public String toString() {
        return "OdooClientSettings[instance=" + instance + ", url=" + url + ", database=" + database + ", username="
                + username + ", secret=****, protocol=" + protocol + ", connectTimeout=" + connectTimeout
                + ", timeout=" + timeout + ", retry=" + retry + ", circuitBreaker=" + circuitBreaker
                + ", unknownOutcomes=" + unknownOutcomes + "]";
    }

    /** Builder with the production defaults of {@code OdooConfig}. */
    public static final class Builder {
        private String instance = "default";
        private URI url;
        private String database;
        private String username;
        private String secret;
        private OdooProtocol protocol = OdooProtocol.AUTO;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(30);
        private Retry retry = Retry.defaults();
        private CircuitBreaker circuitBreaker = CircuitBreaker.defaults();
        private UnknownOutcomes unknownOutcomes = UnknownOutcomes.defaults();

        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder url(String url) {
            return url(URI.create(url));
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** API key or password. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Builder protocol(OdooProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retry(Retry retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder unknownOutcomes(UnknownOutcomes unknownOutcomes) {
            this.unknownOutcomes = unknownOutcomes;
            return this;
        }

        public OdooClientSettings build() {
            return new OdooClientSettings(instance, url, database, username, secret, protocol, connectTimeout,
                    timeout, retry, circuitBreaker, unknownOutcomes);
        }
    }
}
