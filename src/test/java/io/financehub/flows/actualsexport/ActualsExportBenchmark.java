package io.financehub.flows.actualsexport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.SearchOptions;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.RecordedCall;
import io.financehub.sandbox.odoo.Speed;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks ({@code ./mvnw -Pbench test -Dtest=ActualsExportBenchmark}, one method with {@code #name}):
 * <ul>
 * <li>{@link #exportRunsAtTheRateOfAPlainKeysetRead}: against the emulator in its realistic Odoo mode
 * ({@code -Dbench.odoo-version=17}), a full export of {@code bench.items} posted journal items (20,100 and 2,020 by
 * default) over a plain keyset {@code search_read} of the same items with the same page size in the same run; the
 * target is a ratio of at least 0.9. Prints where the export's time went: before its first Odoo call, in Odoo calls,
 * between them, after the last one.</li>
 * <li>{@link #exportsAMillionJournalItems}: a full export of 1,000,000 posted journal items from the instant
 * emulator, with analytic splits. Prints the time and the heap: the emulator holds the ledger in the same JVM, so
 * the export's own footprint is the peak during the export minus the heap used before it.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(ActualsExportBenchmark.ProductionPages.class)
@Tag("bench")
class ActualsExportBenchmark {

    static final int MOVES = 1_000;
    static final int LINES_PER_MOVE = 1_000;

    /** Cost centres of the benchmark ledger beyond the demo's three, so that an export has hundreds of lines. */
    static final int BENCH_CENTRES = Integer.getInteger("bench.cost-centres", 40);

    /**
     * The production page size (the test profile pages by 3 to exercise paging), and the demo mappings plus the
     * benchmark's cost centres {@code CC-B01}... (a copy under target/, read at start-up).
     */
    public static class ProductionPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = Path.of("target", "bench-mappings");
            try {
                Files.createDirectories(dir);
                try (Stream<Path> files = Files.list(Path.of("mappings"))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                StringBuilder centres = new StringBuilder();
                for (int i = 1; i <= BENCH_CENTRES; i++) {
                    centres.append(String.format("DE01,CC-B%02d,BENCH-%02d%n", i, i));
                }
                Files.writeString(dir.resolve("cost-centres.csv"), centres.toString(), StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("hub.actuals-export.page-size", "2000", "odoo.timeout", "120s", "odoo.max-request-time", "200s",
                    "hub.mappings-dir", dir.toAbsolutePath().toString());
        }
    }

    @ConfigProperty(name = "hub.actuals-export.page-size")
    int pageSize;

    @Test
    void exportRunsAtTheRateOfAPlainKeysetRead() throws Exception {
        int version = Integer.getInteger("bench.odoo-version", 17);
        int rounds = Integer.getInteger("bench.rounds", 5);
        OdooEmulator odoo = OdooTestResource.emulator(odooVersion);
        System.out.printf("actuals-export against a realistic Odoo %d emulator, page size %d, load average %.2f%n", version, pageSize,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            for (String size : System.getProperty("bench.items", "20100,2020").split(",")) {
                int items = Integer.parseInt(size.trim());
                odoo.reset();
                odoo.requestLimit(Duration.ofSeconds(120));
                String period = seedLedger(odoo, items);
                odoo.speed(Speed.realistic(version));
                plainRead(period);
                exportFull(period); // warm-up of both paths (JIT), not counted
                List<Double> ratios = new ArrayList<>();
                double plainSum = 0;
                double exportSum = 0;
                for (int round = 0; round < rounds; round++) {
                    double plain = plainRead(period);
                    odoo.journal().clear();
                    long start = System.nanoTime();
                    Instant started = Instant.now();
                    JsonPath report = exportFull(period);
                    double export = (System.nanoTime() - start) / 1e9;
                    Instant ended = Instant.now();
                    assertEquals(items, report.getLong("sourceLineCount"));
                    plainSum += plain;
                    exportSum += export;
                    ratios.add(plain / export);
                    if (round == rounds - 1) {
                        System.out.printf("  %,d items, last export: %s%n", items, whereTheTimeWent(odoo, started, ended));
                    }
                }
                ratios.sort(Double::compare);
                System.out.printf("  %,d items: plain keyset read %.3f s (%,.0f items/s), full export %.3f s (%,.0f items/s), "
                        + "%d exported lines; ratio export/plain median %.2f (min %.2f, max %.2f; target >= 0.90)%n", items,
                        plainSum / rounds, items * rounds / plainSum, exportSum / rounds, items * rounds / exportSum,
                        lastLineCount, ratios.get(rounds / 2), ratios.get(0), ratios.get(rounds - 1));
            }
            System.out.printf("  load average after: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            odoo.reset();
        }
    }

    private int lastLineCount;

    /** Seconds of a keyset read of the period's posted items as the export pages them, through the hub's client. */
    private double plainRead(String period) {
        YearMonth month = YearMonth.parse(period);
        Domain domain = Domain.and(Domain.eq("company_id", 1L), Domain.eq("parent_state", "posted"),
                Domain.term("date", ">=", month.atDay(1)), Domain.term("date", "<=", month.atEndOfMonth()), Domain.term("id", ">", 0L));
        long start = System.nanoTime();
        long[] count = {0};
        client.pages("account.move.line", domain, OdooLedger.LINE_FIELDS, pageSize, OdooContext.empty().withAllowedCompanyIds(1L))
                .forEach(page -> count[0] += page.size());
        return (System.nanoTime() - start) / 1e9;
    }

    private JsonPath exportFull(String period) {
        String body = given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 600_000).setParam("http.connection.timeout", 10_000))).auth().preemptive()
                .basic("operator", "operator-demo").contentType("application/json")
                .body(Map.of("company", "DE01", "period", period, "mode", "full")).post("/api/v1/actuals-exports")
                .then().statusCode(200).extract().asString();
        JsonPath report = JsonPath.from(body);
        lastLineCount = report.getInt("exportedLineCount");
        return report;
    }

    /** The export's time split by the emulator's call journal: before the first Odoo call, in calls, between, after. */
    private static String whereTheTimeWent(OdooEmulator odoo, Instant started, Instant ended) {
        List<RecordedCall> calls = odoo.journal().calls();
        if (calls.isEmpty()) {
            return "no Odoo call";
        }
        long inCalls = 0;
        long between = 0;
        Instant previous = null;
        StringBuilder each = new StringBuilder();
        for (RecordedCall c : calls) {
            long ms = Duration.between(c.received(), c.timestamp()).toMillis();
            inCalls += ms;
            if (previous != null) {
                long gap = Duration.between(previous, c.received()).toMillis();
                between += gap;
                each.append(" +").append(gap);
            }
            previous = c.timestamp();
            each.append(' ').append(c.model()).append('.').append(c.method()).append('=').append(ms);
        }
        return String.format("%d ms before the first Odoo call, %d ms in %d calls, %d ms between calls, %d ms after the last;%s",
                Duration.between(started, calls.get(0).received()).toMillis(), inCalls, calls.size(), between,
                Duration.between(calls.get(calls.size() - 1).timestamp(), ended).toMillis(), each);
    }

    /**
     * {@code items} posted journal items of company 1 in one month (returned), as a ledger of a month looks: moves of
     * 100 items over the mapped expense accounts, split over one to three of the demo's cost centres or on one of the
 * benchmark's, against payables.
     */
    private String seedLedger(OdooEmulator odoo, int items) {
        OdooContext de = OdooContext.empty().withAllowedCompanyIds(1L);
        long journal = client.search("account.journal", Domain.and(Domain.eq("code", "MISC"), Domain.eq("company_id", 1L)),
                SearchOptions.limit(1), de).get(0);
        List<Long> expenses = List.of(account(de, "600000"), account(de, "610000"), account(de, "620000"), account(de, "400000"));
        long payable = account(de, "211000");
        List<Long> centres = client.search("account.analytic.account", Domain.and(Domain.in("code", List.of("CC-100", "CC-200", "CC-300")),
                Domain.eq("company_id", 1L)), SearchOptions.orderBy("code"), de);
        List<Map<String, Double>> splits = new ArrayList<>(List.of(Map.of(centres.get(0).toString(), 100.0),
                Map.of(centres.get(1).toString(), 100.0), Map.of(centres.get(2).toString(), 100.0),
                Map.of(centres.get(0).toString(), 50.0, centres.get(1).toString(), 50.0), thirds(centres)));
        long plan = client.searchRead("account.analytic.account", Domain.eq("id", centres.get(0)), List.of("plan_id"), SearchOptions.limit(1), de)
                .get(0).many2One("plan_id").orElseThrow().id();
        for (int i = 1; i <= BENCH_CENTRES; i++) {
            long centre = odoo.store().create("account.analytic.account", Map.of("name", "Bench " + i, "code", String.format("CC-B%02d", i),
                    "plan_id", plan, "company_id", 1L));
            splits.add(Map.of(Long.toString(centre), 100.0));
        }
        String period = "2029-0" + (1 + items % 9);
        int remaining = items;
        int move = 0;
        while (remaining > 0) {
            int lines = Math.min(100, remaining);
            List<Object> commands = new ArrayList<>(lines);
            BigDecimal total = BigDecimal.ZERO;
            for (int l = 0; l < lines - 1; l++) {
                BigDecimal amount = BigDecimal.valueOf(100 + ((move * 7919L + l * 104729L) % 100_000), 2);
                total = total.add(amount);
                Map<String, Object> debit = new LinkedHashMap<>();
                debit.put("account_id", expenses.get((move + l) % expenses.size()));
                debit.put("debit", amount);
                debit.put("credit", 0.0);
                debit.put("analytic_distribution", splits.get((move * 3 + l) % splits.size()));
                commands.add(List.of(0, 0, debit));
            }
            Map<String, Object> credit = new LinkedHashMap<>();
            credit.put("account_id", payable);
            credit.put("debit", 0.0);
            credit.put("credit", total);
            commands.add(List.of(0, 0, credit));
            Map<String, Object> vals = new LinkedHashMap<>();
            vals.put("move_type", "entry");
            vals.put("journal_id", journal);
            vals.put("date", period + "-" + String.format("%02d", 1 + move % 28));
            vals.put("state", "posted");
            vals.put("line_ids", commands);
            odoo.store().create("account.move", vals);
            remaining -= lines;
            move++;
        }
        return period;
    }

    private static Map<String, Double> thirds(List<Long> centres) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(centres.get(0).toString(), 33.33);
        out.put(centres.get(1).toString(), 33.33);
        out.put(centres.get(2).toString(), 33.34);
        return out;
    }

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    OdooClient client;

    @Test
    void exportsAMillionJournalItems() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        OdooContext de = OdooContext.empty().withAllowedCompanyIds(1L);
        long journal = client.search("account.journal", Domain.and(Domain.eq("code", "MISC"),
                Domain.eq("company_id", 1L)), SearchOptions.limit(1), de).get(0);
        long expense = account(de, "600000");
        long payable = account(de, "211000");
        List<Long> centres = client.search("account.analytic.account", Domain.and(
                Domain.in("code", List.of("CC-100", "CC-200", "CC-300")), Domain.eq("company_id", 1L)),
                SearchOptions.orderBy("code"), de);
        Map<String, Double> thirds = new LinkedHashMap<>();
        thirds.put(centres.get(0).toString(), 33.33);
        thirds.put(centres.get(1).toString(), 33.33);
        thirds.put(centres.get(2).toString(), 33.34);

        long seedStart = System.nanoTime();
        List<Long> moves = new ArrayList<>();
        for (int m = 0; m < MOVES; m++) {
            List<Object> lines = new ArrayList<>(LINES_PER_MOVE);
            for (int l = 0; l < LINES_PER_MOVE / 2; l++) {
                double amount = 1 + ((m * 7919L + l * 104729L) % 100_000) / 100.0;
                Map<String, Object> debit = new LinkedHashMap<>();
                debit.put("account_id", expense);
                debit.put("debit", amount);
                debit.put("credit", 0.0);
                debit.put("analytic_distribution", thirds);
                Map<String, Object> credit = new LinkedHashMap<>();
                credit.put("account_id", payable);
                credit.put("debit", 0.0);
                credit.put("credit", amount);
                lines.add(List.of(0, 0, debit));
                lines.add(List.of(0, 0, credit));
            }
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("move_type", "entry");
            move.put("journal_id", journal);
            move.put("date", "2028-01-15");
            move.put("state", "posted");
            move.put("line_ids", lines);
            moves.add(odoo.store().create("account.move", move));
        }
        System.out.printf("actuals-export bench: seeded %d journal items in %d ms%n", MOVES * LINES_PER_MOVE,
                (System.nanoTime() - seedStart) / 1_000_000);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        String body = given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 600_000).setParam("http.connection.timeout", 10_000))).auth().preemptive().basic("operator", "operator-demo").contentType("application/json")
                .body(Map.of("company", "DE01", "period", "2028-01", "mode", "full")).post("/api/v1/actuals-exports")
                .then().extract().asString();
        long millis = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        JsonPath report = JsonPath.from(body);
        System.out.printf("actuals-export bench: %d journal items exported in %d ms; heap used before %d MB, peak during "
                + "export %d MB (export footprint ~%d MB), max heap %d MB%n", report.getLong("sourceLineCount"), millis,
                before >> 20, peak.get() >> 20, (peak.get() - before) >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
        assertEquals(MOVES * LINES_PER_MOVE, report.getLong("sourceLineCount"), body);
        assertEquals(4, report.getInt("exportedLineCount"));
        assertTrue(millis < 120_000, "target: under 2 minutes");
    }

    private long account(OdooContext context, String code) {
        return client.search("account.account", Domain.and(Domain.eq("code", code),
                Domain.eq("company_id", 1L)), SearchOptions.limit(1), context).get(0);
    }
}
