package io.financehub.flows.bankstatements;

import io.financehub.testing.ChangedRoutes;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The bank-statements routes as an integrator changed them, in {@code routes/bank-statements/bank-statements.yaml} and
 * no Java: the inbox read from the bank's SFTP server (README "Reading from the bank's SFTP server", against Apache MINA
 * SSHD in the test JVM, password login and the host key checked against known_hosts), the archive in another folder,
 * a {@code wireTap} of every kept statement to the integrator's own Kafka topic (a route appended), another polling
 * delay, and MT940 turned off in the format choice. One profile for {@link SftpInboxTest} and
 * {@link IntegratorChangesTest}, so the hub starts once for both; only the bank-statements flow runs.
 */
public class IntegratorRoutes implements QuarkusTestProfile {

    static final String FLOW = "bank-statements/bank-statements.yaml";
    static final String TOPIC = "integrator.statements-kept";
    static final String ARCHIVE = "statements-kept-by-integrator";

    @Override
    public Map<String, String> getConfigOverrides() {
        Server server = Server.get();
        return Map.of("hub.flows", "bank-statements", "hub.routes-dir", server.routes.toString(), "hub.extra-routes", "",
                "hub.bank-statements.sftp.password", "bank-sftp-secret", "hub.bank-statements.sftp.known-hosts-file", server.knownHosts.toString());
    }

    /** Archive, wireTap, polling delay and MT940 off. */
    static ChangedRoutes integratorsEdits(ChangedRoutes routes) {
        return routes
                .replace(FLOW, "uri: \"file:{{hub.work-dir}}/bank-statements/archive\"",
                        "uri: \"file:{{hub.work-dir}}/" + ARCHIVE + "\"", 2)
                .replace(FLOW, "delay: \"{{hub.bank-statements.inbox.poll-delay:2000}}\"", "delay: 700", 2)
                .replace(FLOW, "simple: \"${header.FinanceHubStatementFormat} starts with 'mt940'\"",
                        "simple: \"${header.FinanceHubStatementFormat} starts with 'mt940' && '{{integrator.mt940:off}}' == 'on'\"", 1)
                .replace(FLOW, """
                                - to:
                                    uri: direct:bank-statements-keep
                        """, """
                                - to:
                                    uri: direct:bank-statements-keep
                                - wireTap:
                                    uri: direct:integrator-kept
                        """, 1)
                .append(FLOW, """
                        - route:
                            id: integrator-kept
                            from:
                              uri: direct:integrator-kept
                              steps:
                                - setBody:
                                    simple: "${header.CamelFileNameOnly} ${header.HubImportOutcome}"
                                - removeHeaders:
                                    pattern: "CamelFile*"
                                - to:
                                    uri: kafka:%s
                        """.formatted(TOPIC));
    }

    /** Puts a file on the SFTP server as a bank does: written under a temporary name, then renamed; returns it there. */
    static Path putOnServer(byte[] content, String name) throws IOException {
        Path folder = Server.get().root.resolve("statements");
        Path partial = folder.resolve(name + ".part");
        Files.write(partial, content);
        return Files.move(partial, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SFTP server, started once for the test JVM, and the routes folder that points at it. */
    static final class Server {
        private static Server instance;

        final Path root;
        final Path routes;
        final Path knownHosts;
        final SshServer sshd;

        private Server() throws IOException {
            Path base = Files.createDirectories(Path.of("target", "integrator-sftp")).toAbsolutePath();
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
            routes = integratorsEdits(ChangedRoutes.copy("integrator")).replace(FLOW,
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
}
