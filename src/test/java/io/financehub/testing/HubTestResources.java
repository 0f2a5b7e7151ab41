package io.financehub.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Declares the servers every {@code @QuarkusTest} gets (not restricted to this class, so they apply to the
 * whole suite): a real PostgreSQL, a real Kafka broker and the Odoo emulator (Odoo 17, demo data) on loopback, and an OIDC
 * issuer's keys for bearer tokens ({@link JwtTestResource}).
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(OdooTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
public final class HubTestResources {

    private HubTestResources() {
    }
}
