package io.financehub.sandbox.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's store across restarts: fresh with the in-memory Odoo emulator (the three agree), kept when
 * the operator names a real Odoo, whose records carry the hub's batch numbers and keys.
 */
class EmbeddedDefaultTest {

    /** The operator set these keys (the service each names is not started). */
    static Predicate<String> set(String... keys) {
        return key -> java.util.List.of(keys).contains(key);
    }

    @Test
    void theStoreIsKeptAcrossRestartsAgainstARealOdooAndStartsFreshWithTheEmulator() throws Exception {
        Path work = Files.createTempDirectory("embedded-default");
        try (EmbeddedDefault first = EmbeddedDefault.start(work, set("odoo.url", "kafka.bootstrap.servers"))) {
            sql(first.properties(), "create table kept (n int); insert into kept values (42)");
        }
        try (EmbeddedDefault again = EmbeddedDefault.start(work, set("odoo.url", "kafka.bootstrap.servers"))) {
            assertEquals(1, count(again.properties()), "against a real Odoo the store outlives a restart");
        }
        try (EmbeddedDefault emulated = EmbeddedDefault.start(work, set("kafka.bootstrap.servers"))) {
            assertEquals(0, count(emulated.properties()), "with the emulator's in-memory Odoo the store starts fresh");
        }
    }

    @Test
    void theBrokerStartsAgainOnItsKeptTopicsAgainstARealOdoo() throws Exception {
        Path work = Files.createTempDirectory("embedded-default");
        try (EmbeddedDefault first = EmbeddedDefault.start(work, set("odoo.url", "quarkus.datasource.jdbc.url"))) {
            java.util.Properties props = new java.util.Properties();
            props.put("bootstrap.servers", first.properties().get("kafka.bootstrap.servers"));
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("kept-events", "k", "before the restart")).get();
            }
        }
        try (EmbeddedDefault again = EmbeddedDefault.start(work, set("odoo.url", "quarkus.datasource.jdbc.url"))) {
            var read = io.financehub.testing.TopicReader.read(again.properties().get("kafka.bootstrap.servers"), "kept-events", r -> true, 1,
                    java.time.Duration.ofSeconds(30), java.time.Duration.ZERO);
            assertEquals(java.util.List.of("before the restart"), read.stream().map(r -> r.value()).toList());
        }
    }

    static int count(Map<String, String> properties) throws Exception {
        try (Connection c = connect(properties); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_tables where tablename = 'kept'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void sql(Map<String, String> properties, String sql) throws Exception {
        try (Connection c = connect(properties); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connect(Map<String, String> properties) throws Exception {
        return DriverManager.getConnection(properties.get("quarkus.datasource.jdbc.url"), properties.get("quarkus.datasource.username"),
                properties.get("quarkus.datasource.password"));
    }
}
