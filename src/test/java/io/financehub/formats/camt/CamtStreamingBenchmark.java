package io.financehub.formats.camt;

import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementLineKey;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.ValidationProblem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parser-level benchmark ({@code ./mvnw -Pbench test -Dtest=CamtStreamingBenchmark}): a generated 100,000-line
 * camt.053.001.08 read through the streaming cursor with validation and idempotency keys, against a plain StAX
 * pass over the same file. Prints lines/s, the ratio and peak heap; asserts only correctness, never time.
 */
@Tag("bench")
class CamtStreamingBenchmark {

    @TempDir
    Path dir;

    @Test
    void hundredThousandLinesStreamWithBoundedHeap() throws Exception {
        int lines = Integer.getInteger("bench.lines", 100_000);
        Camt053Generator.Summary summary = Camt053Generator.write(dir.resolve("bench.xml"), lines, 42);
        // warm-up on a small file so the JIT is not measured
        Camt053Generator.Summary warm = Camt053Generator.write(dir.resolve("warm.xml"), 20_000, 7);
        for (int i = 0; i < 3; i++) {
            StaxBaseline.countEntries(warm.file());
            readAll(warm.file());
        }
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

        long t0 = System.nanoTime();
        long baselineCount = StaxBaseline.countEntries(summary.file());
        long t1 = System.nanoTime();
        long read = readAll(summary.file());
        long t2 = System.nanoTime();

        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double baselineSeconds = (t1 - t0) / 1e9;
        double readerSeconds = (t2 - t1) / 1e9;
        System.out.printf("camt.053 benchmark: %,d lines, %,d bytes%n", lines, summary.bytes());
        System.out.printf("  plain StAX pass : %.3f s (%,.0f lines/s)%n", baselineSeconds, lines / baselineSeconds);
        System.out.printf("  reader+validate+keys: %.3f s (%,.0f lines/s), ratio to StAX %.2fx%n", readerSeconds, lines / readerSeconds,
                readerSeconds / baselineSeconds);
        System.out.printf("  peak heap (sum of heap pools) %,d MB, max heap %,d MB%n", peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertEquals(lines, baselineCount);
        assertEquals(lines, read);
    }

    /** Streams every line: validation and key generation included, nothing retained. */
    static long readAll(Path file) throws Exception {
        long count = 0;
        try (StatementCursor cursor = CamtStatementReader.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                file.getFileName().toString(), CamtStatementReader.Options.DEFAULT)) {
            for (Optional<StatementHeader> h = cursor.nextStatement(); h.isPresent(); h = cursor.nextStatement()) {
                StatementValidator.Check check = new StatementValidator().begin(h.get());
                StatementLineKey.Generator keys = StatementLineKey.forStatement(h.get().account());
                for (Optional<StatementLine> l = cursor.nextLine(); l.isPresent(); l = cursor.nextLine()) {
                    check.accept(l.get());
                    keys.next(l.get());
                    count++;
                }
                List<ValidationProblem> problems = check.finish();
                assertTrue(problems.stream().noneMatch(ValidationProblem::isError), problems.toString());
            }
        }
        return count;
    }
}
