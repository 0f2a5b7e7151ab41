package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.formats.camt.StaxBaseline;
import io.financehub.odoo.emulator.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
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
@Tag("bench")
class BankStatementsFlowBenchmark {

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    OdooBankJournals journals;

    @Test
    void hundredThousandLineCamt053ThroughTheWholeFlow() throws Exception {
        int lines = Integer.getInteger("bench.lines", 100_000);
        OdooEmulator odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
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
        Path inbox = Files.createDirectories(Path.of(workDir, "bank-statements", "inbox"));
        long t0 = System.nanoTime();
        Files.move(file.file(), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name + ".report.json");
        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(report) || Files.exists(error));
        double flowSeconds = (System.nanoTime() - t0) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        System.gc();
        long retained = usedHeap() - before;
        assertTrue(Files.exists(report), () -> "quarantined: " + readQuietly(error));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        System.out.printf("bank-statements flow benchmark (Odoo %d emulator): %,d lines, %,d bytes%n", odooVersion, lines, file.bytes());
        System.out.printf("  plain StAX pass : %.3f s (%,.0f lines/s)%n", staxSeconds, lines / staxSeconds);
        System.out.printf("  whole flow      : %.3f s (%,.0f lines/s, includes the inbox poll delay), %.1fx the StAX time%n",
                flowSeconds, lines / flowSeconds, flowSeconds / staxSeconds);
        System.out.printf("  peak heap (sum of heap pools, whole JVM incl. the emulator) %,d MB, max heap %,d MB%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  heap before the import %,d MB; still held after it (the emulator's %,d new Odoo lines) %,d MB%n",
                before >> 20, lines, retained >> 20);
        System.out.println("  (run with -DargLine=-Xmx512m to prove the whole JVM, emulator included, fits in 512 MB)");
        assertEquals(lines, r.get("linesCreated").asInt(), r.toString());
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
