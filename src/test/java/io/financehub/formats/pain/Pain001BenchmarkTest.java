package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.payment.PaymentBatch;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (profile {@code bench}, excluded from the normal run): renders 100,000 SEPA payments as
 * pain.001.001.09 to a file and validates it against the official schema, printing time and peak heap.
 * Target: render + validate under 20 s with at most 512 MB of heap. Run it with
 * {@code ./mvnw -B -o -q test -Pbench -Dtest=Pain001BenchmarkTest -DargLine=-Xmx512m}.
 */
@Tag("bench")
class Pain001BenchmarkTest {

    private static final int PAYMENTS = 100_000;

    @Test
    void hundredThousandPaymentsRenderAndValidateWithinBudget() throws Exception {
        XsdValidator validator = XsdValidator.pain001v09();
        Pain001Writer writer = Pain001Writer.v09();
        // warm-up on a small batch so JAXB context creation and JIT are not billed to the run
        writer.render(PaymentFixtures.largeBatch(200));

        long buildStart = System.nanoTime();
        PaymentBatch batch = PaymentFixtures.largeBatch(PAYMENTS);
        long buildNanos = System.nanoTime() - buildStart;

        System.gc();
        resetPeaks();
        Path file = Files.createTempFile("pain001-bench", ".xml");
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long renderCpuStart = threads.getCurrentThreadCpuTime();
            long renderStart = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                writer.write(batch, out);
            }
            long renderNanos = System.nanoTime() - renderStart;
            long renderCpu = threads.getCurrentThreadCpuTime() - renderCpuStart;

            long validateCpuStart = threads.getCurrentThreadCpuTime();
            long validateStart = System.nanoTime();
            SchemaValidationResult result = validator.validate(file);
            long validateNanos = System.nanoTime() - validateStart;
            long validateCpu = threads.getCurrentThreadCpuTime() - validateCpuStart;

            long peakHeap = peakHeapBytes();
            double seconds = (renderNanos + validateNanos) / 1e9;
            System.out.printf("pain.001.001.09 benchmark: %,d payments, file %,d bytes%n", PAYMENTS, Files.size(file));
            System.out.printf("  build canonical batch (not billed): %.2f s%n", buildNanos / 1e9);
            // CPU time of the working thread shows the cost without the other processes sharing the machine
            System.out.printf("  render:   %.2f s wall, %.2f s CPU%n", renderNanos / 1e9, renderCpu / 1e9);
            System.out.printf("  validate: %.2f s wall, %.2f s CPU%n", validateNanos / 1e9, validateCpu / 1e9);
            System.out.printf("  total:    %.2f s wall (target < 20 s: %s), load average %.1f on %d cores%n", seconds,
                    seconds < 20 ? "met" : "MISSED", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  peak heap during render + validate: %,d MB (max heap %,d MB)%n",
                    peakHeap / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));

            assertTrue(result.isValid(), result.describe());
            assertEquals(PAYMENTS, countOccurrences(file, "<EndToEndId>"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static int countOccurrences(Path file, String needle) throws Exception {
        int count = 0;
        try (var lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains(needle)) {
                    count++;
                }
            }
        }
        return count;
    }
}
