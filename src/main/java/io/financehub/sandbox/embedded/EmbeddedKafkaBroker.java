package io.financehub.sandbox.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM on loopback
 * ports: the event bus of the embedded default and of the tests. Production uses an external cluster.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean deleteOnClose;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDir, boolean deleteOnClose) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** @param logDir where topics live; {@code null} for a throw-away broker */
    public static EmbeddedKafkaBroker start(Path logDir) {
        try {
            boolean temporary = logDir == null;
            Path dir = temporary ? Files.createTempDirectory("hub-kafka") : Files.createDirectories(logDir);
            // both at once: two separate asks can be handed the same port (seen in CI: one port for both listeners)
            int[] ports = LoopbackPorts.free(2);
            int port = ports[0];
            int controllerPort = ports[1];
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", dir.toString());
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "true");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            // no flush per message: like any Kafka cluster, the broker leaves flushing to the OS (a cluster keeps events
            // durable by replication; this single demo broker loses at most what the OS had not written at a power cut)
            format(dir, props);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(server, port, dir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Formats the KRaft storage once; an already formatted directory (a restart) is kept as it is: formatting it again
     * would name a new cluster id, which Kafka refuses against the one the directory holds.
     */
    private static void format(Path dir, Properties props) throws IOException {
        if (Files.isRegularFile(dir.resolve("meta.properties"))) {
            return;
        }
        Path config = dir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(writer, "embedded broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("Kafka storage format failed (" + rc + "): " + out.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Map<String, String> clientProperties() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(),
                "camel.component.kafka.brokers", bootstrapServers());
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (var paths = Files.walk(logDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }
}
