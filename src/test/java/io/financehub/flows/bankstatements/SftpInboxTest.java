package io.financehub.flows.bankstatements;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.formats.camt.Camt053Generator;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.ChangedRoutes;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The integrator's change the README shows: the bank-statements inbox read from a bank's SFTP server instead of a local
 * folder, by editing the route's URI in {@code routes/bank-statements/bank-statements.yaml} and nothing else. An SFTP
 * server (Apache MINA SSHD) runs in the test JVM on loopback with password login and a host key the hub checks
 * against its known_hosts file; the profile copies {@code routes/} and makes exactly the README's edit.
 */
@QuarkusTest
@TestProfile(SftpInboxTest.SftpRoutes.class)
class SftpInboxTest {

    /** The routes folder with the inbox on the test's SFTP server, and only the bank-statements flow running. */
    public static class SftpRoutes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Server server = Server.get();
            return Map.of("hub.flows", "bank-statements", "hub.routes-dir", server.routes.toString(), "hub.extra-routes", "",
                    "hub.bank-statements.sftp.password", "bank-sftp-secret", "hub.bank-statements.sftp.known-hosts-file", server.knownHosts.toString());
        }
    }

    /** The SFTP server, started once for the test JVM, and the routes folder that points at it. */
    static final class Server {
        private static Server instance;

        final Path root;
        final Path routes;
        final Path knownHosts;
        final SshServer sshd;

        private Server() throws IOException {
            Path base = Files.createDirectories(Path.of("target", "sftp-inbox-test")).toAbsolutePath();
            Path dir = Files.createTempDirectory(base, "run-");
            root = Files.createDirectories(dir.resolve("bank"));
            Files.createDirectories(root.resolve("statements"));
            sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key.ser"));
            keys.setAlgorithm("RSA");
            sshd.setKeyPairProvider(keys);
            sshd.setPasswordAuthenticator((user, password, session) -> "hub".equals(user) && "bank-sftp-secret".equals(password));
            sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
            sshd.start();
            int port = sshd.getPort();

            // the hub trusts exactly this server's host key
            PublicKey hostKey = keys.loadKeys(null).iterator().next().getPublic();
            knownHosts = dir.resolve("known_hosts");
            Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n", StandardCharsets.UTF_8);

            // the README's edit: the URI names the server and folder; login and host key (from configuration, as secrets
            // are) and a local work folder are added
            routes = ChangedRoutes.copy("sftp-inbox").replace("bank-statements/bank-statements.yaml",
                    "      uri: \"file:{{hub.work-dir}}/bank-statements/inbox\"\n      parameters:\n",
                    "      uri: \"sftp://hub@127.0.0.1:" + port + "/statements\"\n      parameters:\n"
                            + "        password: \"{{hub.bank-statements.sftp.password}}\"\n"
                            + "        knownHostsFile: \"{{hub.bank-statements.sftp.known-hosts-file}}\"\n"
                            + "        strictHostKeyChecking: \"yes\"\n"
                            + "        localWorkDirectory: \"{{hub.work-dir}}/bank-statements/sftp-work\"\n", 1).dir();
        }

        static synchronized Server get() {
            if (instance == null) {
                try {
                    instance = new Server();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the test SFTP server", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        instance.sshd.stop(true);
                    } catch (IOException ignored) {
                        // the JVM ends
                    }
                }));
            }
            return instance;
        }
    }

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
        Path folder = Server.get().root.resolve("statements");
        Path partial = folder.resolve(name + ".part");
        Files.copy(camt.file(), partial, StandardCopyOption.REPLACE_EXISTING);
        return new Dropped(name, camt, Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE), linesBefore);
    }

    @Test
    void aStatementOnTheBanksSftpServerIsImportedOnceAndTakenOffTheServer() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(17);
        Dropped dropped = drop("sftp-", 25, BigDecimal.ZERO);
        String name = dropped.name();

        Path report = Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name + ".report.json");
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
        assertFalse(Files.exists(Path.of(workDir, "bank-statements", "archive", LocalDate.now().toString(), name)));
    }
}
