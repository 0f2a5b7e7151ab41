package io.financehub.flows.bankstatements;

import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK1;
import static io.financehub.flows.bankstatements.StatementFiles.Entry.credit;
import static io.financehub.flows.bankstatements.StatementFiles.statement;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Changes an integrator makes in {@code routes/bank-statements/bank-statements.yaml}, and no Java, followed by the
 * hub ({@link IntegratorRoutes}): another archive folder, an extra {@code wireTap} of every kept statement to a Kafka
 * topic of their own, another polling delay, and a changed {@code choice} condition (MT940 turned off: such files are
 * refused and quarantined). The inbox is the SFTP server of {@link SftpInboxTest}, another of the edits.
 */
@QuarkusTest
@TestProfile(IntegratorRoutes.class)
class IntegratorChangesTest {

    static final String TOPIC = IntegratorRoutes.TOPIC;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    CamelContext camel;

    final String token = Long.toString(System.nanoTime());

    void drop(String name, byte[] content) throws Exception {
        IntegratorRoutes.putOnServer(content, name);
    }

    @Test
    void anImportedStatementIsKeptInTheIntegratorsFolderAndTappedToTheirTopic() throws Exception {
        String name = "kept-" + token + ".xml";
        drop(name, StatementFiles.camt053("MSG-" + token, List.of(statement("S-" + token, ACCOUNT_BNK1, "100.00",
                credit("12.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "Invoice " + token, "R-" + token))))
                .getBytes(StandardCharsets.UTF_8));

        Path kept = Path.of(workDir, IntegratorRoutes.ARCHIVE, LocalDate.now().toString());
        Path quarantined = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(kept.resolve(name + ".report.json")) || Files.exists(quarantined));
        assertTrue(Files.exists(kept.resolve(name)), "quarantined: " + BankStatementsFlowTest.readIfExists(quarantined));
        assertTrue(Files.readString(kept.resolve(name + ".report.json")).contains("\"IMPORTED\""));
        assertFalse(Files.exists(Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name)),
                "nothing in the archive folder the integrator moved away from");

        List<String> tapped = TopicReader.read(bootstrap, TOPIC, r -> r.value().startsWith(name), 1, Duration.ofSeconds(30), Duration.ZERO)
                .stream().map(r -> r.value()).toList();
        assertEquals(List.of(name + " IMPORTED"), tapped);
    }

    @Test
    void withMt940TurnedOffAnMt940FileIsRefusedAndQuarantinedAndNothingReachesOdoo() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(17);
        String name = "mt-" + token + ".sta";
        drop(name, StatementFiles.mt940("MT-" + token, ACCOUNT_BNK1, "500.00", List.of(
                credit("250.00", "2026-11-21", "Globex Ltd", "GB29NWBK60161331926819", "MT payment " + token, "MT-" + token)))
                .getBytes(StandardCharsets.ISO_8859_1));

        Path error = Path.of(workDir, "bank-statements", "quarantine", name + ".error.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(error));
        String reason = Files.readString(error);
        assertTrue(reason.contains("mt940") && reason.contains("not statements the hub posts"), reason);
        assertTrue(Files.exists(error.resolveSibling(name)), "the refused file is kept in the quarantine");
        assertTrue(odoo.store().records("account.bank.statement.line").stream()
                .noneMatch(l -> String.valueOf(l.get("payment_ref")).contains(token)), "nothing posted");
    }

    @Test
    void theInboxIsPolledAtTheIntegratorsDelay() {
        String uri = camel.getRoute("bank-statements-inbox").getEndpoint().getEndpointUri();
        assertTrue(uri.contains("delay=700"), uri);
        assertTrue(camel.getRoute("bank-statements-upload").getEndpoint().getEndpointUri().contains("delay=700"));
    }
}
