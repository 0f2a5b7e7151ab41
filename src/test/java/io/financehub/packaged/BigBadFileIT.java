package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.formats.camt.Camt053Generator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 200 MB camt.053 whose closing balance is off by 1.00, dropped in the inbox of a packaged hub with a 512 MB heap
 * (below the Kubernetes limit's 75 %): it is read in bounded memory, quarantined once with its reason, its exception
 * item refers to the kept file instead of holding a copy, nothing reaches Odoo, and the hub stays up and ready.
 */
class BigBadFileIT {

    static final long TARGET_BYTES = Long.getLong("bigfile.bytes", 200L * 1024 * 1024);

    @Test
    void aTwoHundredMegabyteFileWithAWrongClosingBalanceIsQuarantinedOnceInBoundedMemory() throws Exception {
        try (CrashRig rig = new CrashRig("bigfile"); CrashRig.Hub hub = rig.start("bank-statements")) {
            Path staging = Files.createDirectories(rig.dir.resolve("staging"));
            Path file = staging.resolve("big-camt053.xml");
            int lines = (int) (TARGET_BYTES / 690);
            Camt053Generator.Summary written = Camt053Generator.write(file, lines, 42, new BigDecimal("1.00"));
            assertTrue(written.bytes() >= TARGET_BYTES * 9 / 10, "the file is " + written.bytes() + " bytes");
            int linesInOdooBefore = rig.odoo("account.bank.statement.line", "search_count", List.of(List.of()), null).asInt();
            Path inbox = Files.createDirectories(rig.work.resolve("bank-statements/inbox"));
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);

            Path quarantine = rig.work.resolve("bank-statements/quarantine");
            Path error = quarantine.resolve("big-camt053.xml.error.json");
            CrashRig.await("the file quarantined with its .error.json", Duration.ofMinutes(8),
                    () -> Files.exists(error) || !hub.process.isAlive());
            assertTrue(hub.process.isAlive(), "the hub died:\n" + tail(hub.process.output()));

            JsonNode report = CrashRig.JSON.readTree(error.toFile());
            assertEquals("BALANCE_MISMATCH", report.at("/errors/0/code").asText(), report.toString());
            assertTrue(report.get("nothingPosted").asBoolean(), report.toString());
            assertEquals(written.bytes(), Files.size(quarantine.resolve("big-camt053.xml")), "the file is kept whole");
            assertFalse(Files.exists(inbox.resolve("big-camt053.xml")), "the file left the inbox");

            List<Map<String, Object>> items = rig.rows("select payload_ref, payload_size, payload is null as no_copy from exception_item");
            assertEquals(1, items.size(), "one exception item: " + items);
            assertEquals(Boolean.TRUE, items.get(0).get("no_copy"), "the item refers to the kept file: " + items);
            assertEquals(written.bytes(), ((Number) items.get(0).get("payload_size")).longValue());
            assertEquals(1, rig.rows("select id from statement_import").size(), "read once, not again and again");

            Thread.sleep(5_000); // a file that went back to the inbox would be read again within this
            assertEquals(1, rig.rows("select id from exception_item").size());
            assertEquals(linesInOdooBefore,
                    rig.odoo("account.bank.statement.line", "search_count", List.of(List.of()), null).asInt(), "nothing in Odoo");
            String log = hub.process.output();
            assertFalse(log.contains("OutOfMemoryError"), tail(log));
            assertEquals(1, log.lines().filter(l -> l.contains("became exception item")).count(), "quarantined once:\n" + tail(log));
            assertFalse(log.contains(Camt053Generator.ACCOUNT_IBAN), "no full IBAN in the log");
            assertEquals(200, hub.call("GET", "/q/health/ready", "operator", null).statusCode(), "still ready");
        }
    }

    static String tail(String log) {
        return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
    }
}
