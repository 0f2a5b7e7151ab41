package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.formats.camt.StaxBaseline;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole-flow benchmark ({@code ./mvnw -B -o test -Pbench -Dtest=BankStatementsFlowBenchmark}): a generated
 * 100,000-line camt.053 dropped in the inbox, through detection, reading, validation, idempotency keys and the
 * Odoo post against the emulator, until its report is archived. Prints lines/s, peak heap and the ratio to a
 * plain StAX pass over the same file; asserts only that every line arrived, never a time.
 */
@QuarkusTest
@TestProfile(BankStatementsFlowBenchmark.ProductionParts.class)
@Tag("bench")
class BankStatementsFlowBenchmark {

    /**
     * The production part size (the test profile posts 2 lines per call to exercise parts), a production timeout,
     * and the emulator in a JVM of its own, so this JVM's heap is the hub's (plus the in-JVM Kafka broker and
     * PostgreSQL client), not the emulator's store of 100,000 posted lines.
     */
    public static class ProductionParts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.bank-statements.lines-per-call", "1000", "odoo.timeout", "60s",
                    // longer than the timeout, as the hub requires (how long Odoo may go on after the hub stopped waiting)
                    "odoo.max-request-time", "90s");
        }

        public boolean odooOutOfProcess() {
            return true;
        }
    }

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    OdooBankJournals journals;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Seconds spent waiting for Odoo calls so far (the connector's latency timer, all models and methods). */
    private double odooSeconds() {
        return meters.find("odoo.client.latency").timers().stream()
                .mapToDouble(t -> t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9).sum();
    }

    @Test
    void hundredThousandLineCamt053ThroughTheWholeFlow() throws Exception {
        int lines = Integer.getInteger("bench.lines", 100_000);
        journals.clear();
        Path dir = Files.createDirectories(Path.of(workDir, "bench"));
        String name = "bench-" + System.currentTimeMillis() + ".xml";
        // a fresh seed per run: the generated bank references differ, so no line is a duplicate of an earlier run
        Camt053Generator.Summary file = Camt053Generator.write(dir.resolve(name), lines, System.nanoTime());

        StaxBaseline.countEntries(file.file()); // warm the parser
        long s0 = System.nanoTime();
        assertEquals(lines, StaxBaseline.countEntries(file.file()));
        double staxSeconds = (System.nanoTime() - s0) / 1e9;

        System.gc();
        long before = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        LiveHeap live = LiveHeap.watch();
        Path inbox = Files.createDirectories(Path.of(workDir, "bank-statements", "inbox"));
        double odoo0 = odooSeconds();
        long t0 = System.nanoTime();
        Files.move(file.file(), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name + ".report.json");
        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(report) || Files.exists(error));
        double flowSeconds = (System.nanoTime() - t0) / 1e9;
        double inOdoo = odooSeconds() - odoo0;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        live.stop();
        System.gc();
        long retained = usedHeap() - before;
        assertTrue(Files.exists(report), () -> "quarantined: " + readQuietly(error));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        System.out.printf("bank-statements flow benchmark (Odoo %d emulator): %,d lines, %,d bytes%n", odooVersion, lines, file.bytes());
        System.out.printf("  plain StAX pass : %.3f s (%,.0f lines/s)%n", staxSeconds, lines / staxSeconds);
        System.out.printf("  whole flow      : %.3f s (%,.0f lines/s, includes the inbox poll delay), %.1fx the StAX time%n",
                flowSeconds, lines / flowSeconds, flowSeconds / staxSeconds);
        System.out.printf("  of which waiting for the Odoo emulator %.3f s; the hub's own work %.3f s (%,.0f lines/s)%n",
                inOdoo, flowSeconds - inOdoo, lines / (flowSeconds - inOdoo));
        System.out.printf("  heap of this JVM (hub, Kafka broker; the emulator runs in its own): peak used %,d MB (garbage included),"
                + " peak live after GC %,d MB over %d collections, %,d MB before the import, %,d MB held after it; max heap %,d MB%n",
                peakHeap >> 20, live.peak() >> 20, live.collections(), before >> 20, retained >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("  (with -DargLine=-Xmx512m the run proves the import fits in a 512 MB heap)");
        assertEquals(lines, r.get("linesCreated").asInt(), r.toString());
    }

    /** The largest heap still in use right after a collection (the live set, not garbage awaiting collection). */
    static final class LiveHeap implements javax.management.NotificationListener {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger collections = new java.util.concurrent.atomic.AtomicInteger();

        static LiveHeap watch() {
            LiveHeap l = new LiveHeap();
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> ((javax.management.NotificationEmitter) gc)
                    .addNotificationListener(l, null, null));
            return l;
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
            long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> ManagementFactory.getMemoryPoolMXBeans().stream()
                            .anyMatch(p -> p.getName().equals(e.getKey()) && p.getType() == MemoryType.HEAP))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
            peak.accumulateAndGet(after, Math::max);
            collections.incrementAndGet();
        }

        void stop() {
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
                try {
                    ((javax.management.NotificationEmitter) gc).removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // not registered on this collector
                }
            });
        }

        long peak() {
            return peak.get();
        }

        int collections() {
            return collections.get();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(nothing)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
