package io.financehub.odoo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the default Odoo instance ({@code odoo.*}, each also settable as an environment variable such
 * as {@code ODOO_URL}). Connection keys are optional here: the start-up validator requires them where a flow needs
 * Odoo, and the embedded default points them at the built-in emulator.
 */
@ConfigMapping(prefix = "odoo")
public interface OdooConfig {

    /** Base URL of Odoo, e.g. {@code https://erp.example.com}. */
    Optional<URI> url();

    Optional<String> database();

    /** Login of the service user. */
    Optional<String> username();

    /** API key (preferred) or password of the service user; never logged. */
    Optional<String> apiKey();

    /** {@code auto} (by {@code GET /web/version}), {@code jsonrpc} or {@code json2}. */
    @WithDefault("auto")
    OdooProtocol protocol();

    /** Name of this instance in metrics and messages. */
    @WithDefault("default")
    String instance();

    /** How long to wait for the answer to one attempt of a call (HTTP response timeout). */
    @WithDefault("30s")
    Duration timeout();

    /** How long to wait for a TCP connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * The longest the Odoo in front keeps executing one request after the hub stopped waiting for it. With workers
     * (prefork) Odoo kills a request at {@code limit_time_real} (120 s by default); a threaded server (workers = 0)
     * checks that limit once a minute, so a request may run up to 60 s longer. Add a margin of at least twice
     * {@code odoo.connect-timeout} (the time a request may take to reach Odoo). The default fits both at Odoo's
     * default limit. A write whose answer was lost is looked for in Odoo
     * until this much time has passed since it was sent, and never sent again before.
     */
    @WithDefault("200s")
    Duration maxRequestTime();

    /**
     * Whether the Odoo in front enforces a request time limit ({@code limit_time_real}); false turns an outcome
     * still unknown after {@code max-request-time} into an exception item instead of proof that nothing committed.
     */
    @WithDefault("true")
    boolean maxRequestTimeEnforced();

    UnknownOutcome unknownOutcome();

    /** Look-ups of a write's effect while its outcome is unknown ({@code odoo.unknown-outcome.*}). */
    interface UnknownOutcome {
        /** First look-up after the failed call; doubled up to {@code poll-max-delay}. */
        @WithDefault("500ms")
        Duration pollDelay();

        @WithDefault("10s")
        Duration pollMaxDelay();
    }

    Retry retry();

    CircuitBreaker circuitBreaker();

    /** Retry of transient failures only ({@code odoo.retry.*}). */
    interface Retry {
        /** 0 disables retries. */
        @WithDefault("3")
        int maxRetries();

        /** First backoff delay; doubled ({@code factor}) at every retry up to {@code max-delay}. */
        @WithDefault("200ms")
        Duration delay();

        @WithDefault("2")
        int factor();

        @WithDefault("5s")
        Duration maxDelay();

        /** Random extra delay up to this, so that parallel routes do not retry in lockstep. */
        @WithDefault("100ms")
        Duration jitter();

        /** Give up retrying after this much time in total. */
        @WithDefault("60s")
        Duration maxDuration();
    }

    /** The instance's circuit breaker ({@code odoo.circuit-breaker.*}). */
    interface CircuitBreaker {
        @WithDefault("true")
        boolean enabled();

        /** Number of recent calls the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting trial calls through. */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls needed to close it again. */
        @WithDefault("2")
        int successThreshold();
    }

    /** The settings of the client, or a clear error naming the missing keys. */
    default OdooClientSettings toSettings() {
        StringBuilder missing = new StringBuilder();
        if (url().isEmpty()) {
            missing.append(" odoo.url (ODOO_URL)");
        }
        if (database().isEmpty()) {
            missing.append(" odoo.database (ODOO_DATABASE)");
        }
        if (username().isEmpty()) {
            missing.append(" odoo.username (ODOO_USERNAME)");
        }
        if (apiKey().isEmpty()) {
            missing.append(" odoo.api-key (ODOO_API_KEY)");
        }
        if (missing.length() > 0) {
            throw new IllegalStateException("The Odoo connector is used but not configured; set:" + missing);
        }
        return OdooClientSettings.builder()
                .instance(instance()).url(url().get()).database(database().get()).username(username().get())
                .secret(apiKey().get()).protocol(protocol()).timeout(timeout()).connectTimeout(connectTimeout())
                .retry(new OdooClientSettings.Retry(retry().maxRetries(), retry().delay(), retry().factor(),
                        retry().maxDelay(), retry().jitter(), retry().maxDuration()))
                .circuitBreaker(new OdooClientSettings.CircuitBreaker(circuitBreaker().enabled(),
                        circuitBreaker().requestVolumeThreshold(), circuitBreaker().failureRatio(),
                        circuitBreaker().delay(), circuitBreaker().successThreshold()))
                .unknownOutcomes(new OdooClientSettings.UnknownOutcomes(maxRequestTime(), maxRequestTimeEnforced(),
                        unknownOutcome().pollDelay(), unknownOutcome().pollMaxDelay()))
                .build();
    }
}
