package io.financehub.flows.bankstatements;

import static io.financehub.flows.bankstatements.StatementFiles.ACCOUNT_BNK1;
import static io.financehub.flows.bankstatements.StatementFiles.Entry.credit;
import static io.financehub.flows.bankstatements.StatementFiles.Entry.debit;
import static io.financehub.flows.bankstatements.StatementFiles.statement;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Against an Odoo whose statement lines have {@code unique_import_id}, the hub writes each line's idempotency key there. */
@QuarkusTest
@TestProfile(UniqueImportIdTest.WithImportModule.class)
class UniqueImportIdTest {

    /** Read by OdooTestResource: the Odoo 17 emulator seeded with {@code flags: {unique_import_id: true}}. */
    public static class WithImportModule implements QuarkusTestProfile {
        public boolean odooUniqueImportId() {
            return true;
        }
    }

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @Inject
    OdooBankJournals journals;

    @Test
    void eachLineCarriesItsIdempotencyKeyInUniqueImportId() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(17, true);
        odoo.reset();
        journals.clear();
        String token = UUID.randomUUID().toString().substring(0, 8);
        String name = "uid-" + token + ".xml";
        StatementFiles.Entry coffee = debit("3.20", "2026-11-21", "Coffee Shop", null, "Coffee " + token, null);
        String camt = StatementFiles.camt053("UID-" + token, List.of(statement("UID-" + token, ACCOUNT_BNK1, "100.00",
                credit("50.00", "2026-11-21", "Globex Ltd", null, "Refund " + token, "UIDREF-" + token), coffee, coffee)));
        Path inbox = Files.createDirectories(Path.of(workDir, "bank-statements", "inbox"));
        Files.write(inbox.resolve("." + name + ".tmp"), camt.getBytes(StandardCharsets.UTF_8));
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name + ".report.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));

        List<Map<String, Object>> lines = odoo.store().records("account.bank.statement.line").stream()
                .filter(l -> String.valueOf(l.get("payment_ref")).contains(token)).toList();
        assertEquals(3, lines.size(), lines.toString());
        Set<String> importIds = lines.stream().map(l -> l.get("unique_import_id")).filter(v -> v instanceof String s && !s.isBlank())
                .map(String::valueOf).collect(Collectors.toSet());
        assertEquals(3, importIds.size(), "every line has its own key, the two identical coffees too: " + lines);
        assertTrue(importIds.stream().allMatch(k -> k.matches("[A-Za-z0-9]+-[0-9a-f]{64}")),
                "the key is the versioned SHA-256 digest (no account or reference text in Odoo): " + importIds);
    }
}
