package io.financehub.flows.actualsexport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.emulator.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark ({@code ./mvnw -Pbench test -Dtest=ActualsExportBenchmark}): a full export of 1,000,000 posted journal
 * items from the emulator, with analytic splits. Prints the time and the heap: the emulator holds the ledger in
 * the same JVM, so the export's own footprint is the peak during the export minus the heap used before it.
 */
@QuarkusTest
@TestProfile(ActualsExportBenchmark.LargePages.class)
@Tag("bench")
class ActualsExportBenchmark {

    static final int MOVES = 1_000;
    static final int LINES_PER_MOVE = 1_000;

    /** Production-sized pages (the test profile pages by 3 to exercise paging). */
    public static class LargePages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.actuals-export.page-size", "5000", "odoo.timeout", "120s");
        }
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
        long journal = client.search("account.journal", io.financehub.odoo.Domain.and(io.financehub.odoo.Domain.eq("code", "MISC"),
                io.financehub.odoo.Domain.eq("company_id", 1L)), io.financehub.odoo.SearchOptions.limit(1), de).get(0);
        long expense = account(de, "600000");
        long payable = account(de, "211000");
        List<Long> centres = client.search("account.analytic.account", io.financehub.odoo.Domain.and(
                io.financehub.odoo.Domain.in("code", List.of("CC-100", "CC-200", "CC-300")), io.financehub.odoo.Domain.eq("company_id", 1L)),
                io.financehub.odoo.SearchOptions.orderBy("code"), de);
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
        String body = given().config(io.restassured.RestAssured.config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
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
        return client.search("account.account", io.financehub.odoo.Domain.and(io.financehub.odoo.Domain.eq("code", code),
                io.financehub.odoo.Domain.eq("company_id", 1L)), io.financehub.odoo.SearchOptions.limit(1), context).get(0);
    }
}
