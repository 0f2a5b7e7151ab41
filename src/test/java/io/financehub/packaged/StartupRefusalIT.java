package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.platform.RequiredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged hub refuses to start on bad configuration and says everything that is wrong at once. */
class StartupRefusalIT {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    @Test
    void prodProfileWithoutConfigurationListsEveryMissingKey() throws Exception {
        try (PackagedHub hub = PackagedHub.start(Map.of("QUARKUS_PROFILE", "prod"), Files.createTempDirectory("hub"))) {
            int exit = hub.awaitExit(EXIT_WITHIN);
            String out = hub.output();
            assertEquals(78, exit, out);
            for (String key : RequiredConfig.PRODUCTION_KEYS) {
                assertTrue(out.contains(key + " (environment variable " + RequiredConfig.envName(key) + ")"), key + " not listed:\n" + out);
            }
        }
    }

    @Test
    void prodProfileListsOnlyTheKeysStillMissing() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("QUARKUS_PROFILE", "prod", "ODOO_URL", "https://odoo.example.test",
                "ODOO_DATABASE", "finance"));
        try (PackagedHub hub = PackagedHub.start(env, Files.createTempDirectory("hub"))) {
            assertEquals(78, hub.awaitExit(EXIT_WITHIN));
            String out = hub.output();
            assertFalse(out.contains("- odoo.url "), out);
            assertFalse(out.contains("- odoo.database "), out);
            assertTrue(out.contains("- odoo.api-key (environment variable ODOO_API_KEY)"), out);
            assertTrue(out.contains("- kafka.bootstrap.servers (environment variable KAFKA_BOOTSTRAP_SERVERS)"), out);
        }
    }

    @Test
    void unknownFlowIdFailsStartupNamingTheValidIds() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("HUB_FLOWS", "bank-statements,payment-file"));
        try (PackagedHub hub = PackagedHub.start(env, Files.createTempDirectory("hub"))) {
            int exit = hub.awaitExit(EXIT_WITHIN);
            String out = hub.output();
            assertEquals(78, exit, out);
            assertTrue(out.contains("unknown flow id(s) [payment-file]"), out);
            assertTrue(out.contains("valid ids are: bank-statements, payment-files, budget-checks, actuals-export"), out);
        }
    }

    @Test
    void aMappingFileWithThreeErrorsRefusesStartupListingAllThree() throws Exception {
        Path work = Files.createTempDirectory("hub");
        Path mappings = Files.createDirectories(work.resolve("broken-mappings"));
        try (var demo = Files.list(Path.of("mappings").toAbsolutePath())) {
            for (Path f : demo.toList()) {
                Files.copy(f, mappings.resolve(f.getFileName()));
            }
        }
        Files.writeString(mappings.resolve("chart-of-accounts.csv"), """
                company,odoo_account,planning_account
                DE01,400000,
                XX99,600000,PL-OPEX
                DE01,610000
                """);
        Map<String, String> env = Map.of("HUB_MAPPINGS_DIR", mappings.toString(), "QUARKUS_HTTP_PORT",
                Integer.toString(io.financehub.sandbox.embedded.LoopbackPorts.free()));
        try (PackagedHub hub = PackagedHub.start(env, work)) {
            int exit = hub.awaitExit(Duration.ofSeconds(90));
            String out = hub.output();
            assertTrue(exit != 0, out);
            assertTrue(out.contains("have 3 error(s)"), out);
            assertTrue(out.contains("chart-of-accounts.csv:2: 'planning_account' is empty"), out);
            assertTrue(out.contains("chart-of-accounts.csv:3: company 'XX99' is not declared in companies.yaml"), out);
            assertTrue(out.contains("chart-of-accounts.csv:4: has 2 cells, the header has 3"), out);
        }
    }
}
