package io.financehub.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the test broker from its beginning, as an independent consumer (a fresh group) would. */
public final class TopicReader {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private TopicReader() {
    }

    /** A record's value as JSON (the hub's events are CloudEvents in structured JSON). */
    public static com.fasterxml.jackson.databind.JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("not JSON on " + record.topic() + " at offset " + record.offset(), e);
        }
    }

    /**
     * The records of {@code topic} that {@code wanted} accepts, in topic order: reads until {@code expected} of them
     * arrived (a negative number: for all of {@code within}) and then for {@code linger} more, so extras a test must
     * not see are caught too, or until {@code within} has passed.
     */
    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> wanted,
            int expected, Duration within, Duration linger) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            long until = deadline;
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                }
                if (expected >= 0 && found.size() >= expected && until == deadline) {
                    until = Math.min(deadline, System.nanoTime() + linger.toNanos());
                }
            }
        }
        return found;
    }
}
