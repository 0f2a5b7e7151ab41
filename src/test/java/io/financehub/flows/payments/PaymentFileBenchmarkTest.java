package io.financehub.flows.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.formats.pain.SchemaValidationResult;
import io.financehub.formats.pain.XsdValidator;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (profile {@code bench}): one payment batch of 100,000 Odoo payments taken the flow's way — from the
 * stored batch snapshot through {@link BatchRendering} to the canonical batch, rendered as pain.001.001.09 and
 * validated against the official schema — printing time and peak heap. Target: under 20 s. Run it with
 * {@code ./mvnw -B -o -q test -Pbench -Dtest=PaymentFileBenchmarkTest -DargLine=-Xmx512m}.
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
        XsdValidator validator = XsdValidator.pain001v09();
        Pain001Writer writer = Pain001Writer.v09();
        writer.render(PaymentMessage.of(canonical(snapshot(200, tag), tag)));

        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        Path file = Files.createTempFile("payment-file-bench", ".xml");
        try {
            long built = System.nanoTime();
            // the snapshot stands for the stored batch read from the database; building it is not billed to the run
            BatchSnapshot snapshot = snapshot(PAYMENTS, tag);
            long start = System.nanoTime();
            PaymentBatch batch = canonical(snapshot, tag);
            long mapped = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                writer.write(PaymentMessage.of(batch), out);
            }
            long rendered = System.nanoTime();
            SchemaValidationResult result = validator.validate(file);
            long validated = System.nanoTime();
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            double seconds = (validated - start) / 1e9;
            System.out.printf("payment-files benchmark: %,d payments, (snapshot built in %.2f s) snapshot->canonical %.2f s, render %.2f s, validate %.2f s, "
                    + "total %.2f s, file %,d bytes, peak heap %,d MB (max %,d MB)%n", PAYMENTS, (start - built) / 1e9, (mapped - start) / 1e9,
                    (rendered - mapped) / 1e9, (validated - rendered) / 1e9, seconds, Files.size(file), peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            assertTrue(result.isValid(), result.describe());
            assertEquals(PAYMENTS, batch.numberOfTransactions());
            assertTrue(seconds < 20, "100,000 payments took " + seconds + " s, the budget is 20 s");
        } finally {
            Files.deleteIfExists(file);
        }
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
