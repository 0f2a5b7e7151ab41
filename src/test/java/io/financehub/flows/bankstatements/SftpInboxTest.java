package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The integrator's change the README shows: the bank-statements inbox read from a bank's SFTP server instead of a local
 * folder, by editing the route's URI in {@code routes/bank-statements/bank-statements.yaml} and nothing else
 * ({@link IntegratorRoutes}: Apache MINA SSHD in the test JVM on loopback, password login, the host key checked
 * against known_hosts).
 */
@QuarkusTest
@TestProfile(IntegratorRoutes.class)
class SftpInboxTest {

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    /** A generated camt.053 the bank put on its server, and how many statement lines Odoo held before. */
    record Dropped(String name, Camt053Generator.Summary camt, Path remote, long linesBefore) {
    }

    /**
     * Generates a camt.053 of {@code lines} lines (closing balance off by {@code closingError}) and puts it on the
     * server as a bank does: written under a temporary name, then renamed.
     */
    Dropped drop(String prefix, int lines, BigDecimal closingError) throws IOException {
        long linesBefore = OdooTestResource.emulator(17).store().records("account.bank.statement.line").size();
        String name = prefix + System.nanoTime() + ".xml";
        Path made = Files.createDirectories(Path.of(workDir, "sftp-test-files")).resolve(name);
        Camt053Generator.Summary camt = Camt053Generator.write(made, lines, System.nanoTime(), closingError);
        return new Dropped(name, camt, IntegratorRoutes.putOnServer(Files.readAllBytes(camt.file()), name), linesBefore);
    }

    @Test
    void aStatementOnTheBanksSftpServerIsImportedOnceAndTakenOffTheServer() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(17);
        Dropped dropped = drop("sftp-", 25, BigDecimal.ZERO);
        String name = dropped.name();

        Path report = Path.of(workDir, IntegratorRoutes.ARCHIVE, LocalDate.now().toString(), name + ".report.json");
        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Files.exists(report) || Files.exists(error));
        assertTrue(Files.exists(report), "quarantined: " + BankStatementsFlowTest.readIfExists(error));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals("IMPORTED", r.get("status").asText(), r.toString());
        assertEquals(25, r.get("linesCreated").asInt(), r.toString());
        assertEquals(25, odoo.store().records("account.bank.statement.line").size() - dropped.linesBefore(), "each line once in Odoo");
        // what the hub archived is byte for byte what the bank put on its server
        Path archived = report.resolveSibling(name);
        assertEquals(-1L, Files.mismatch(dropped.camt().file(), archived), "the archived file is the bank's file");

        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dropped.remote()));
        Path work = Path.of(workDir, "bank-statements", "sftp-work");
        try (Stream<Path> left = Files.exists(work) ? Files.list(work) : Stream.empty()) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(name)).toList(),
                    "the local download is removed once the file is done");
        }
    }

    @Test
    void aDamagedStatementOnTheServerIsQuarantinedWithItsReasonAndNothingReachesOdoo() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(17);
        Dropped dropped = drop("sftp-damaged-", 10, new BigDecimal("1.00"));
        String name = dropped.name();

        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Files.exists(error));
        String reason = Files.readString(error);
        assertTrue(reason.contains("closing") || reason.contains("CLBD") || reason.contains("balance"), reason);
        assertEquals(-1L, Files.mismatch(dropped.camt().file(), error.resolveSibling(name)), "the quarantine keeps the bank's file");
        assertEquals(dropped.linesBefore(), odoo.store().records("account.bank.statement.line").size(), "nothing posted");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dropped.remote()));
        assertFalse(Files.exists(Path.of(workDir, IntegratorRoutes.ARCHIVE, LocalDate.now().toString(), name)));
    }
}
