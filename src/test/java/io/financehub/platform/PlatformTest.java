package io.financehub.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.financehub.testing.TopicReader;
import org.junit.jupiter.api.Test;

/** The foundation every flow moves into: health, metrics, OpenAPI, the governance store and the event bus. */
@QuarkusTest
class PlatformTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readinessIsUpAndReportsCamelContextAndRoutes() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("context"))
                .body("checks.name", hasItem("camel-routes"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsIncludeCamelRouteMetrics() {
        given().when().get("/q/metrics").then().statusCode(401);
        given().auth().preemptive().basic("auditor", "auditor-demo").when().get("/q/metrics").then().statusCode(403);
        given().auth().preemptive().basic("operator", "operator-demo").when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("camel_exchanges_total"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentIsPublished() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(401);
        given().auth().preemptive().basic("operator", "operator-demo").accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("Odoo Finance Hub API"));
    }

    @Test
    void flywayMigratedTheGovernanceStoreOnPostgresql() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            ResultSet version = s.executeQuery("select version()");
            assertTrue(version.next());
            assertTrue(version.getString(1).startsWith("PostgreSQL 17"), version.getString(1));
            ResultSet history = s.executeQuery(
                    "select version, success from flyway_schema_history where version = '1'");
            assertTrue(history.next(), "Flyway history has no V1 entry");
            assertTrue(history.getBoolean("success"));
            ResultSet info = s.executeQuery("select product from hub_schema_info");
            assertTrue(info.next());
            assertEquals("odoo-finance-hub governance store", info.getString(1));
        }
    }

    @Test
    void aRoutePublishesToAndConsumesFromTheRealKafkaBroker() throws Exception {
        MockEndpoint received = camel.getEndpoint("mock:kafka-roundtrip-received", MockEndpoint.class);
        String payload = "roundtrip-" + UUID.randomUUID();
        received.expectedBodiesReceived(payload);
        received.setResultWaitTime(30_000);

        producer.sendBody("direct:test-kafka-roundtrip", payload);

        received.assertIsSatisfied();
        // And the record really is on the broker, read back by an independent client.
        assertTrue(!TopicReader.read(bootstrapServers, "hub.test.roundtrip", r -> payload.equals(r.value()), 1, Duration.ofSeconds(30),
                Duration.ZERO).isEmpty(), "record not found on the broker");
    }
}
