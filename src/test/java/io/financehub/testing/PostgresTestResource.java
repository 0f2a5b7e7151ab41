package io.financehub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL 17 (embedded binaries) on a free loopback port for the governance store. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedServers.postgres().datasourceProperties();
    }

    @Override
    public void stop() {
        // shared across Quarkus restarts; stopped at JVM exit
    }
}
