package io.financehub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real Kafka broker (KRaft, in this JVM) on free loopback ports for the event bus. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedServers.kafka().clientProperties();
    }

    @Override
    public void stop() {
        // shared across Quarkus restarts; stopped at JVM exit
    }
}
