package io.financehub.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Declares the servers every {@code @QuarkusTest} gets (not restricted to this class, so they apply to the
 * whole suite): a real PostgreSQL and a real Kafka broker on loopback.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
public final class HubTestResources {

    private HubTestResources() {
    }
}
