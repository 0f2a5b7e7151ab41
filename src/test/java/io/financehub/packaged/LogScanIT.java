package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.Iban;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the whole unit and Quarkus test suite (failsafe, verify phase) and scans everything the hub
 * logged during it: no valid IBAN and none of the configured secrets may appear anywhere.
 */
class LogScanIT {

    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?)\\b");

    /** Secrets configured for the hub in the tests and the embedded default. */
    private static final List<String> SECRETS = List.of("demo-hub-api-key", "integration-demo", "operator-demo",
            "approver-demo", "approver2-demo", "auditor-demo", "test-webhook-secret", "bank-sftp-secret");

    @Test
    void capturedLogsCarryNoIbanAndNoSecret() throws IOException {
        Path reports = Path.of("target", "surefire-reports");
        assertTrue(Files.isDirectory(reports), "run the whole build (./mvnw verify): the surefire logs are scanned");
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            files.filter(p -> p.getFileName().toString().endsWith("-output.txt")).forEach(logs::add);
        }
        Path packaged = Path.of("target", "packaged-hub-logs");
        if (Files.isDirectory(packaged)) {
            try (Stream<Path> files = Files.list(packaged)) {
                files.forEach(logs::add);
            }
        }
        {
            for (Path log : logs) {
                scanned++;
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    Matcher m = IBAN.matcher(line);
                    while (m.find()) {
                        if (Iban.isValid(m.group().replace(" ", ""))) {
                            findings.add(log.getFileName() + ":" + (i + 1) + " IBAN " + m.group().substring(0, 4) + "…");
                        }
                    }
                    for (String secret : SECRETS) {
                        if (line.contains(secret)) {
                            findings.add(log.getFileName() + ":" + (i + 1) + " secret " + secret.substring(0, 3) + "…");
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 0, "no captured test output found in " + reports);
        assertFalse(!findings.isEmpty(), findings.size() + " leak(s):\n" + String.join("\n", findings.subList(0, Math.min(50, findings.size()))));
    }
}
