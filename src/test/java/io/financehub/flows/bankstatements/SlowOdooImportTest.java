package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.RecordedCall;
import io.financehub.sandbox.odoo.Speed;
import io.financehub.testing.OdooTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 2,000-line camt.053 into an Odoo as slow as a real Odoo 17 (the emulator's realistic speed: about 30 statement
 * lines a second, and a 120 s request limit), with the hub's production defaults for Odoo and bank statements
 * ({@code odoo.timeout} 30 s, {@code odoo.max-request-time} 150 s, parts of at most 1,000 lines). The parts follow
 * the measured rate, so no call comes near the timeout. {@link ShortTimeout} repeats it where the timeout is shorter
 * than a part of 1,000 lines takes: the outcome is unknown, waited out, never resent.
 */
@QuarkusTest
@TestProfile(SlowOdooImportTest.ProductionDefaults.class)
class SlowOdooImportTest {

    /** The production defaults of the Odoo connector and the bank-statements flow (the test profile shortens them). */
    public static class ProductionDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odoo.timeout", "30s", "odoo.max-request-time", "200s", "hub.bank-statements.lines-per-call", "1000",
                    "odoo.unknown-outcome.poll-delay", "500ms", "odoo.unknown-outcome.poll-max-delay", "10s");
        }
    }

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "odoo.timeout")
    Duration timeout;

    @Inject
    OdooBankJournals journals;

    @Inject
    MeterRegistry meters;

    OdooEmulator odoo;

    @BeforeEach
    void slowOdoo() {
        odoo = OdooTestResource.emulator(17);
        odoo.reset();
        journals.clear();
        odoo.speed(Speed.realistic(17));
        odoo.requestLimit(Duration.ofSeconds(120));
    }

    @AfterEach
    void instantOdoo() {
        await().atMost(Duration.ofSeconds(130)).until(() -> odoo.requestsInProgress() == 0);
        odoo.reset();
    }

    double unknownOutcomes(String outcome) {
        return meters.find("odoo.client.unknown.outcomes").tag("outcome", outcome).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Drops a generated 2,000-line statement, waits for its report, and checks Odoo holds each line once. */
    JsonNode importTwoThousandLines(String name) throws Exception {
        long linesBefore = odoo.store().records("account.bank.statement.line").size();
        Path dir = Files.createDirectories(Path.of(workDir, "slow-odoo"));
        Camt053Generator.Summary file = Camt053Generator.write(dir.resolve(name), 2000, System.nanoTime());
        Path inbox = Files.createDirectories(Path.of(workDir, "bank-statements", "inbox"));
        Files.move(file.file(), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name + ".report.json");
        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500)).until(() -> Files.exists(report) || Files.exists(error));
        assertTrue(Files.exists(report), "quarantined: " + BankStatementsFlowTest.readIfExists(error));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        await().atMost(Duration.ofSeconds(130)).until(() -> odoo.requestsInProgress() == 0);

        assertEquals("IMPORTED", r.get("status").asText(), r.toString());
        assertEquals(2000, r.get("linesCreated").asInt(), r.toString());
        long held = odoo.store().records("account.bank.statement.line").size() - linesBefore;
        assertEquals(2000, held, "Odoo holds every line of the file exactly once");
        List<RecordedCall> creates = odoo.journal().calls("account.bank.statement", "create");
        Set<String> references = new HashSet<>();
        creates.forEach(c -> assertTrue(references.add(BankStatementsFlowTest.reference(c)), "a part was sent twice: " + c.index()));
        List<Long> reported = new java.util.ArrayList<>();
        r.get("statements").get(0).get("odooStatementIds").forEach(id -> reported.add(id.asLong()));
        assertEquals(odoo.store().records("account.bank.statement").stream().map(st -> ((Number) st.get("id")).longValue()).sorted().toList(),
                reported.stream().sorted().toList(), "the report names the Odoo statements that hold the file");
        System.out.printf("2,000 lines into a realistic Odoo 17 emulator with odoo.timeout=%s: %d creates, longest %d ms%n", timeout,
                creates.size(), creates.stream().mapToLong(SlowOdooImportTest::millis).max().orElse(0));
        return r;
    }

    static long millis(RecordedCall call) {
        return Duration.between(call.received(), call.timestamp()).toMillis();
    }

    @Test
    void twoThousandLinesIntoASlowOdooWithTheDefaultConfigurationNeverReachTheTimeout() throws Exception {
        double unknownBefore = unknownOutcomes("committed") + unknownOutcomes("not_committed") + unknownOutcomes("unknown");

        importTwoThousandLines("slow-default-" + System.nanoTime() + ".xml");

        for (RecordedCall create : odoo.journal().calls("account.bank.statement", "create")) {
            assertEquals("ok", create.outcome());
            assertTrue(millis(create) < timeout.toMillis() / 2, "a part took " + millis(create) + " ms of the " + timeout + " timeout");
        }
        assertEquals(unknownBefore, unknownOutcomes("committed") + unknownOutcomes("not_committed") + unknownOutcomes("unknown"),
                "no call's outcome was unknown");
    }
}
