package io.financehub.sandbox.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The services of the embedded default, started before Quarkus: PostgreSQL, a Kafka broker and the Odoo
 * emulator with demo data. A service whose connection key is set explicitly (for example
 * {@code ODOO_URL} pointing at a real Odoo) is not started, so the embedded default can be mixed with
 * real systems one at a time.
 */
public final class EmbeddedDefault implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDefault.class);

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();
    private boolean closed;

    private EmbeddedDefault() {
    }

    /**
     * @param workDir    {@code hub.work-dir}; the embedded servers keep their data in {@code <workDir>/.embedded}
     * @param explicitly tells whether the operator set a key, in which case its service is not started
     */
    public static EmbeddedDefault start(Path workDir, Predicate<String> explicitly) {
        EmbeddedDefault embedded = new EmbeddedDefault();
        try {
            Path data = workDir.resolve(".embedded");
            // with the in-memory Odoo emulator the store and broker start fresh, so the three agree; against a real Odoo
            // they keep their data: a store forgotten at a restart would reuse batch numbers (a file's message id) and
            // idempotency keys that Odoo's records still carry
            boolean emulatedOdoo = !explicitly.test("odoo.url");
            if (!explicitly.test("quarkus.datasource.jdbc.url")) {
                if (emulatedOdoo) {
                    deleteRecursively(data.resolve("postgres"));
                }
                EmbeddedPostgresServer pg = embedded.register(EmbeddedPostgresServer.start(data.resolve("postgres"), true));
                embedded.properties.putAll(pg.datasourceProperties());
                LOG.infof("Embedded PostgreSQL 17 on 127.0.0.1:%d (data in %s)", pg.port(), data.resolve("postgres"));
            }
            if (!explicitly.test("kafka.bootstrap.servers")) {
                if (emulatedOdoo) {
                    deleteRecursively(data.resolve("kafka"));
                }
                EmbeddedKafkaBroker kafka = embedded.register(EmbeddedKafkaBroker.start(data.resolve("kafka")));
                embedded.properties.putAll(kafka.clientProperties());
                LOG.infof("Embedded Kafka broker on %s", kafka.bootstrapServers());
            }
            if (emulatedOdoo) {
                EmbeddedOdoo odoo = embedded.register(EmbeddedOdoo.start());
                embedded.properties.putAll(odoo.clientProperties());
                LOG.infof("Odoo emulator (Odoo %d, demo data) on %s", odoo.version(), odoo.url());
            }
            return embedded;
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T register(T service) {
        started.push(service);
        return service;
    }

    /** System properties that point Quarkus at the started services. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warnf("Stopping an embedded service failed: %s", e.getMessage());
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Could not clear " + dir, e);
        }
    }
}
