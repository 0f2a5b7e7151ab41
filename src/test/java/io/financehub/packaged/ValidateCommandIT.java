package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.embedded.EmbeddedOdoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar quarkus-run.jar validate ...} as an integrator's CI runs it: the packaged jar, a clean
 * environment, no database, broker or HTTP server. Every problem of a folder is listed with file and line in one run
 * and the exit code says whether there was any.
 */
class ValidateCommandIT {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    private record Run(int exit, String out) {
    }

    private static Run validate(Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("validate"));
        command.addAll(List.of(args));
        try (PackagedHub hub = PackagedHub.start(env, dir, command)) {
            int exit = hub.awaitExit(EXIT_WITHIN);
            return new Run(exit, hub.output());
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no '" + from + "'");
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void theDemoRoutesAndMappingsAreValid() throws Exception {
        Path dir = Files.createTempDirectory("validate");
        Run run = validate(Map.of(), dir, "--routes", Path.of("routes").toAbsolutePath().toString(),
                "--mappings", Path.of("mappings").toAbsolutePath().toString());
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.contains("validate: no problems found in the mappings and the routes of bank-statements, payment-files, "
                + "budget-checks, actuals-export"), run.out);
        assertFalse(run.out.contains("Profile embedded activated") || run.out.contains("Listening on"), "validate starts no hub:\n" + run.out);
    }

    /** README "Reading from the bank's SFTP server": the edited route validates once its login is configured. */
    @Test
    void anSftpInboxValidatesWithItsLoginConfiguredAndTheMissingOneIsNamed() throws Exception {
        Path routes = io.financehub.testing.ChangedRoutes.copy("validate-sftp").replace("bank-statements/bank-statements.yaml",
                "      uri: \"file:{{hub.work-dir}}/bank-statements/inbox\"\n      parameters:\n",
                "      uri: \"sftp://hub@sftp.bank.example:22/statements\"\n      parameters:\n"
                        + "        password: \"{{hub.bank-statements.sftp.password}}\"\n"
                        + "        knownHostsFile: \"{{hub.bank-statements.sftp.known-hosts-file}}\"\n"
                        + "        strictHostKeyChecking: \"yes\"\n"
                        + "        localWorkDirectory: \"{{hub.work-dir}}/bank-statements/sftp-work\"\n", 1).dir();
        Path dir = Files.createTempDirectory("validate");
        Run missing = validate(Map.of(), dir, "--routes", routes.toString());
        assertEquals(1, missing.exit, missing.out);
        assertTrue(missing.out.contains("bank-statements.yaml:10") && missing.out.contains("hub.bank-statements.sftp."), missing.out);
        assertFalse(missing.out.contains("sftp-secret-for-validate"), missing.out);
        Run configured = validate(Map.of("HUB_BANK_STATEMENTS_SFTP_PASSWORD", "sftp-secret-for-validate",
                "HUB_BANK_STATEMENTS_SFTP_KNOWN_HOSTS_FILE", dir.resolve("known_hosts").toString()), dir, "--routes", routes.toString());
        assertEquals(0, configured.exit, configured.out);
        assertFalse(configured.out.contains("sftp-secret-for-validate"), "the password is never printed:\n" + configured.out);
    }

    @Test
    void fiveDifferentMistakesInTheMappingsAreAllListedWithFileAndLineInOneRun() throws Exception {
        Path dir = Files.createTempDirectory("validate");
        Path mappings = copy(Path.of("mappings"), dir.resolve("mappings"));
        replace(mappings.resolve("companies.yaml"), "currency: USD", "currency: USX");
        replace(mappings.resolve("bank-accounts.yaml"), "DE02 1203 0000 0000 2020 51", "DE02 1203 0000 0000 2020 52");
        replace(mappings.resolve("chart-of-accounts.csv"), "DE01,610000,PL-OPEX-RENT", "DE01,610000,");
        replace(mappings.resolve("approval-policy.yaml"), "cost-centre: IT\n    period: \"2026\"\n    currency: EUR",
                "cost-centre: IT\n    period: \"2026-13\"\n    currency: EUR");
        replace(mappings.resolve("csv-layouts.yaml"), "delimiter: \",\"", "delimiter: \"#\"");
        replace(mappings.resolve("bank-profiles.yaml"), "  - id: us-ach\n    pain001-version: pain.001.001.09",
                "  - id: us-ach\n    pain001-version: pain.001.001.03");

        Run run = validate(Map.of(), dir, "--mappings", "mappings", "--routes", Path.of("routes").toAbsolutePath().toString());
        assertEquals(1, run.exit, run.out);
        for (String expected : List.of(
                "ERROR mappings/companies.yaml:7: ",
                "ERROR mappings/bank-accounts.yaml:10: account looks like an IBAN but is not valid",
                "ERROR mappings/chart-of-accounts.csv:10: 'planning_account' is empty",
                "ERROR mappings/approval-policy.yaml:67: 'period' must be a year (2026) or a month (2026-11), not '2026-13'",
                "ERROR mappings/csv-layouts.yaml:8: layout 'chase-usd-demo': delimiter: '#' is not supported",
                "ERROR mappings/bank-profiles.yaml:10: bank profile us-ach: ")) {
            assertTrue(run.out.contains(expected), "'" + expected + "' not listed:\n" + run.out);
        }
        // the delimiter is broken in both demo CSV layouts: listed for each
        assertTrue(run.out.contains("ERROR mappings/csv-layouts.yaml:32: layout 'chase-usd-search-demo': delimiter: '#' is not supported"), run.out);
        assertTrue(run.out.contains("validate: 7 problem(s) found"), run.out);
    }

    @Test
    void mistakesInTheRoutesAreListedWithFileAndLine() throws Exception {
        Path dir = Files.createTempDirectory("validate");
        Path routes = copy(Path.of("routes"), dir.resolve("routes"));
        Path file = routes.resolve("bank-statements/bank-statements.yaml");
        replace(file, "readLockCheckInterval: 250", "readLockCheckIntervall: 250");
        replace(file, "ref: statementFormats", "ref: statementFormatz");
        replace(file, "${header.HubImportOutcome} == 'IMPORTED'", "${header.HubImportOutcome} === 'IMPORTED'");
        replace(file, "            uri: direct:bank-statements-keep", "            uri: direct:bank-statements-kep");
        replace(routes.resolve("payment-files/payment-files.yaml"), "uri: \"master:hub-payment-files:scheduler:payment-files\"",
                "uri: \"master:hub-payment-files:schedular:payment-files\"");

        Run run = validate(Map.of(), dir, "--routes", "routes", "--mappings", Path.of("mappings").toAbsolutePath().toString());
        assertEquals(1, run.exit, run.out);
        for (String expected : List.of(
                "ERROR routes/bank-statements/bank-statements.yaml:10: endpoint file:{{hub.work-dir}}/bank-statements/inbox: ",
                "Unknown parameters=[{readLockCheckIntervall=250}]",
                "calls the bean 'statementFormatz', which the hub does not define; did you mean 'statementFormats'?",
                "simple expression '${header.HubImportOutcome} === 'IMPORTED'': ",
                "sends to direct:bank-statements-kep, but no route of bank-statements consumes it",
                "ERROR routes/payment-files/payment-files.yaml:")) {
            assertTrue(run.out.contains(expected), "'" + expected + "' not listed:\n" + run.out);
        }
        assertTrue(run.out.contains("validate: 8 problem(s) found"), run.out); // statementFormatz at each of its four calls
    }

    @Test
    void withOdooTheMappedRecordsAreLookedUpInTheConfiguredOdoo() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database(EmbeddedOdoo.DATABASE).seedResource(EmbeddedOdoo.DEMO_SEED)
                .port(0).start()) {
            Map<String, String> env = Map.of("ODOO_URL", odoo.url().toString(), "ODOO_DATABASE", EmbeddedOdoo.DATABASE,
                    "ODOO_USERNAME", EmbeddedOdoo.SERVICE_USER, "ODOO_API_KEY", EmbeddedOdoo.DEMO_API_KEY);
            Path dir = Files.createTempDirectory("validate");
            Path routes = Path.of("routes").toAbsolutePath();
            Run demo = validate(env, dir, "--odoo", "--routes", routes.toString(), "--mappings", Path.of("mappings").toAbsolutePath().toString());
            assertEquals(0, demo.exit, demo.out);
            assertTrue(demo.out.contains("checked against Odoo"), demo.out);

            Path mappings = copy(Path.of("mappings"), dir.resolve("mappings"));
            replace(mappings.resolve("companies.yaml"), "odoo-company: Finance Hub Demo Inc.", "odoo-company: Finance Hub Demo Ltd.");
            replace(mappings.resolve("bank-accounts.yaml"), "journal: BNK2", "journal: BNK9");
            replace(mappings.resolve("chart-of-accounts.csv"), "DE01,610000,", "DE01,610099,");
            replace(mappings.resolve("cost-centres.csv"), "DE01,CC-300,IT", "DE01,CC-399,IT");
            Run wrong = validate(env, dir, "--odoo", "--mappings", "mappings", "--routes", routes.toString());
            assertEquals(1, wrong.exit, wrong.out);
            for (String expected : List.of(
                    "ERROR mappings/companies.yaml:7: company US01: Odoo has no company named 'Finance Hub Demo Ltd.'",
                    "ERROR mappings/bank-accounts.yaml:10: journal BNK9 is not a bank journal of DE01 in Odoo",
                    "ERROR mappings/chart-of-accounts.csv:10: Odoo has no account 610099 in company DE01",
                    "ERROR mappings/cost-centres.csv:5: Odoo has no analytic account with the code (or name) CC-399 for company DE01")) {
                assertTrue(wrong.out.contains(expected), "'" + expected + "' not listed:\n" + wrong.out);
            }

            Run noOdoo = validate(Map.of(), dir, "--odoo", "--routes", routes.toString(), "--mappings", Path.of("mappings").toAbsolutePath().toString());
            assertEquals(2, noOdoo.exit, noOdoo.out);
            assertTrue(noOdoo.out.contains("--odoo needs the Odoo to check against; set odoo.url (ODOO_URL)"), noOdoo.out);
        }
    }

    @Test
    void aWrongArgumentIsAUsageError() throws Exception {
        Run run = validate(Map.of(), Files.createTempDirectory("validate"), "--mapping", "x");
        assertEquals(2, run.exit, run.out);
        assertTrue(run.out.contains("validate: unknown argument '--mapping'") && run.out.contains("Usage: java -jar quarkus-run.jar validate"), run.out);
    }
}
