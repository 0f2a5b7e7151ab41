package io.financehub.testing;

import io.financehub.platform.embedded.EmbeddedKafkaBroker;
import io.financehub.platform.embedded.EmbeddedPostgresServer;

/**
 * The real servers of the test suite, started once per JVM and shared by every Quarkus start (a Quarkus
 * restart for another test profile reuses them), stopped when the JVM exits.
 */
public final class SharedServers {

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;

    private SharedServers() {
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(null, false);
            EmbeddedPostgresServer started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
        }
        return postgres;
    }

    public static synchronized EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaBroker.start(null);
            EmbeddedKafkaBroker started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-kafka-stop"));
        }
        return kafka;
    }
}
