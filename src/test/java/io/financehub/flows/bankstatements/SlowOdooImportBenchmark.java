package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooClientSettings;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.SearchOptions;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.Speed;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.SharedServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hub against an Odoo as slow as a real one ({@code ./mvnw -B test -Pbench -Dtest=SlowOdooImportBenchmark},
 * {@code -Dbench.lines=2000}, {@code -Dbench.odoo-version=17}): first the emulator's raw batched create rate in its
 * realistic mode (one {@code account.bank.statement} create of {@code bench.raw-lines} lines, the fastest way to put
 * lines into Odoo), then a generated camt.053 uploaded through the whole flow with the production defaults, until its
 * report is archived, in the same run (the upload API: the inbox adds its poll delay, a setting).
 * Prints the hub's end-to-end rate as a ratio over the raw rate (target at least 0.9); asserts only that every line
 * arrived.
 */
@QuarkusTest
@TestProfile(SlowOdooImportTest.ProductionDefaults.class)
@Tag("bench")
class SlowOdooImportBenchmark {

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @Inject
    OdooBankJournals journals;

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry meters;

    @Inject
    PartSizer sizer;

    @Test
    void hubRateOverTheRawBatchedCreateRateOfARealisticOdoo() throws Exception {
        int version = Integer.getInteger("bench.odoo-version", 17);
        int lines = Integer.getInteger("bench.lines", 2000);
        int rawLines = Integer.getInteger("bench.raw-lines", 1000);
        OdooEmulator odoo = OdooTestResource.emulator(17);
        odoo.reset();
        journals.clear();
        odoo.speed(Speed.realistic(version));
        odoo.requestLimit(Duration.ofSeconds(120));
        try {
            double raw = rawRate(odoo, rawLines);
            Path dir = Files.createDirectories(Path.of(workDir, "bench"));
            String name = "slow-bench-" + System.nanoTime() + ".xml";
            Camt053Generator.write(dir.resolve(name), lines, System.nanoTime());
            byte[] content = Files.readAllBytes(dir.resolve(name));
            long t0 = System.nanoTime();
            java.time.Instant started = java.time.Instant.now();
            String importId = io.restassured.RestAssured.given().auth().preemptive().basic("integration", "integration-demo")
                    .contentType("application/octet-stream").body(content).post("/api/v1/bank-statements?fileName=" + name)
                    .then().statusCode(202).extract().path("importId");
            Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), importId + "-" + name + ".report.json");
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(report));
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<io.financehub.sandbox.odoo.RecordedCall> all = odoo.journal().calls("account.bank.statement", "create");
            System.out.printf("  before first create: %d ms; after last create: %d ms%n",
                    Duration.between(started, all.get(0).received()).toMillis(),
                    (long) (seconds * 1000) - Duration.between(started, all.get(all.size() - 1).timestamp()).toMillis());
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            assertEquals(lines, r.get("linesCreated").asInt(), r.toString());
            double hub = lines / seconds;
            System.out.printf("bank-statements against a realistic Odoo %d emulator (same run):%n", version);
            System.out.printf("  raw batched create : %,d lines in one call, %.1f lines/s%n", rawLines, raw);
            System.out.printf("  hub end to end     : %,d lines from upload to archived report in %.1f s = %.1f lines/s, %d Odoo"
                    + " statements (parts), %.1f ms/line measured by the part sizer%n", lines, seconds, hub,
                    odoo.journal().count("account.bank.statement", "create"), sizer.secondsPerLine() * 1000);
            System.out.printf("  ratio hub / raw    : %.2f (target >= 0.90; reading, validating, keying, reporting and archiving included)%n",
                    hub / raw);
            List<io.financehub.sandbox.odoo.RecordedCall> creates = odoo.journal().calls("account.bank.statement", "create");
            StringBuilder timeline = new StringBuilder();
            java.time.Instant previous = null;
            for (io.financehub.sandbox.odoo.RecordedCall c : creates) {
                if (previous != null) {
                    timeline.append(" +").append(Duration.between(previous, c.received()).toMillis()).append("ms gap");
                }
                timeline.append(" [").append(Duration.between(c.received(), c.timestamp()).toMillis()).append("ms]");
                previous = c.timestamp();
            }
            System.out.printf("  creates in Odoo    :%s%n", timeline);
            assertTrue(creates.stream().allMatch(c -> "ok".equals(c.outcome())));
        } finally {
            await().atMost(Duration.ofSeconds(130)).until(() -> odoo.requestsInProgress() == 0);
            odoo.reset();
        }
    }

    /** Lines per second of one {@code account.bank.statement} create of {@code n} lines, through a client with a long timeout. */
    private double rawRate(OdooEmulator odoo, int n) {
        OdooClientSettings settings = OdooClientSettings.builder().instance("bench-raw").url(odoo.url())
                .database(SharedServers.ODOO_DATABASE).username(OdooTestResource.SERVICE_USER).secret(OdooTestResource.API_KEY)
                .timeout(Duration.ofSeconds(110)).build();
        try (OdooClient client = OdooClient.create(settings, camel, meters)) {
            long journal = client.search("account.journal", Domain.eq("code", "BNK1"), SearchOptions.limit(1),
                    OdooContext.empty().withAllowedCompanyIds(1L)).get(0);
            List<Object> commands = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("journal_id", journal);
                line.put("date", "2024-03-01");
                line.put("payment_ref", "raw " + i);
                line.put("amount", new java.math.BigDecimal("1.00"));
                commands.add(List.of(0, 0, line));
            }
            Map<String, Object> statement = Map.of("name", "raw-rate", "reference", "raw-rate", "line_ids", commands);
            long t0 = System.nanoTime();
            client.create("account.bank.statement", statement, OdooContext.empty().withAllowedCompanyIds(1L));
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
