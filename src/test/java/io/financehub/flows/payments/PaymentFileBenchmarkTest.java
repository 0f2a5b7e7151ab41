package io.financehub.flows.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.formats.pain.XsdValidator;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (profile {@code bench}): one payment batch of 100,000 Odoo payments taken the saga's way — from the
 * stored batch snapshot through {@link BatchRendering} to the canonical batch, rendered once as pain.001.001.09
 * straight into the temporary file ({@link PaymentFileOutput}: streaming, digest on the way, forced to disk), the same
 * bytes validated while they are written against the official schema compiled once — printing time, CPU time, peak
 * heap and payments (lines) per second with the machine's load. Target: under 20 s. Run it with
 * {@code ./mvnw -B -o -ntp test -Pbench -Dtest=PaymentFileBenchmarkTest}.
 */
@Tag("bench")
class PaymentFileBenchmarkTest {

    private static final int PAYMENTS = 100_000;
    private static final String[] NAMES = {"Acme Supplies GmbH", "Müller & Söhne KG", "Łódź Trading Sp. z o.o.", "Globex Ltd",
        "Société Générale d'Équipement", "Ørsted Nordic A/S"};
    private static final String[] IBANS = {"DE75512108001245126199", "GB29NWBK60161331926819", "FR1420041010050500013M02606"};

    static BatchSnapshot snapshot(int payments, String tag) {
        List<BatchSnapshot.Line> lines = new ArrayList<>(payments);
        for (int i = 1; i <= payments; i++) {
            BigDecimal amount = BigDecimal.valueOf(100 + (i % 9973), 0).add(BigDecimal.valueOf(i % 100, 2));
            lines.add(new BatchSnapshot.Line(i, "PBNK1/2026/" + i, PaymentIds.endToEndId(tag, i), NAMES[i % NAMES.length],
                    IBANS[i % IBANS.length], true, null, amount.toPlainString(), "Invoice INV-2026-" + i, "Industriestraße " + (i % 200),
                    "70565", "Stuttgart", "DE", List.of("ap-clerk")));
        }
        return new BatchSnapshot("Finance Hub Demo GmbH", "DE89370400440532013000", null, "2026-11-22T08:00:00Z", lines);
    }

    @Test
    void hundredThousandPaymentsRenderAndValidateWithinBudget() throws Exception {
        String tag = PaymentIds.databaseTag("demo");
        XsdValidator schema = XsdValidator.pain001v09();
        Pain001Writer writer = Pain001Writer.v09();
        Path dir = Files.createTempDirectory("payment-file-bench");
        Path file = dir.resolve(".FH-DEMO-M1.xml.tmp");
        try {
            // warm-up on a small batch so the JAXB context, the schema and the JIT are not billed to the run
            PaymentFileOutput.write(writer, PaymentMessage.of(canonical(snapshot(500, tag), tag)), schema, file, "warm-up.xml");
            // the snapshot stands for the stored batch read from the database; building it is not billed to the run
            BatchSnapshot snapshot = snapshot(PAYMENTS, tag);
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long processCpuStart = processCpu();
            long start = System.nanoTime();
            PaymentBatch batch = canonical(snapshot, tag);
            long mapped = System.nanoTime();
            PaymentFileOutput.Written written = PaymentFileOutput.write(writer, PaymentMessage.of(batch), schema, file, "FH-DEMO-M1.xml");
            long done = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long processCpu = processCpu() - processCpuStart;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            double seconds = (done - start) / 1e9;
            long[] counts = countLines(file);
            System.out.printf("payment-files benchmark: %,d payments, file %,d bytes, %,d XML lines%n", PAYMENTS, written.bytes(), counts[0]);
            System.out.printf("  snapshot->canonical %.2f s, render into the temp file, validated as written, %.2f s%n",
                    (mapped - start) / 1e9, (done - mapped) / 1e9);
            System.out.printf("  total %.2f s wall (target < 20 s: %s); CPU %.2f s rendering thread, %.2f s whole process (validator "
                    + "thread, GC, JIT included); %,.0f payments/s, %,.0f XML lines/s%n", seconds, seconds < 20 ? "met" : "MISSED",
                    cpu / 1e9, processCpu / 1e9, PAYMENTS / seconds, counts[0] / seconds);
            System.out.printf("  peak heap %,d MB (max heap %,d MB); load average %.1f before, %.1f after, on %d cores%n", peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            assertEquals(PAYMENTS, counts[1], "one EndToEndId per payment in the validated file");
            assertEquals(PAYMENTS, batch.numberOfTransactions());
            assertTrue(seconds < 20, "100,000 payments took " + seconds + " s, the budget is 20 s");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** XML lines of the file and how many of them carry an EndToEndId. */
    private static long[] countLines(Path file) throws Exception {
        long lines = 0;
        long endToEnd = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                if (line.contains("<EndToEndId>")) {
                    endToEnd++;
                }
            }
        }
        return new long[] {lines, endToEnd};
    }

    private static PaymentBatch canonical(BatchSnapshot snapshot, String tag) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BatchSnapshot.Line l : snapshot.lines()) {
            sum = sum.add(new BigDecimal(l.amount()));
        }
        PaymentBatchView view = new PaymentBatchView("00000000-0000-0000-0000-000000000001", 1, "run", "DE01", "BNK1", "sepa-de",
                "pain.001.001.09", "EUR", LocalDate.of(2026, 11, 24), sum, snapshot.lines().size(), PaymentIds.messageId(tag, 1),
                "RELEASED", false, "operator", null, null, null, null, "bench", Instant.EPOCH, List.of());
        return BatchRendering.toCanonical(view, snapshot, tag, true);
    }
}
