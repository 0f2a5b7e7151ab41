package io.financehub.testing;

import io.financehub.sandbox.embedded.EmbeddedKafkaBroker;
import io.financehub.sandbox.embedded.EmbeddedPostgresServer;

/**
 * The real servers of the test suite, started once per JVM and shared by every Quarkus start (a Quarkus
 * restart for another test profile reuses them), stopped when the JVM exits.
 */
public final class SharedServers {

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;
    private static final java.util.Map<Integer, io.financehub.sandbox.odoo.OdooEmulator> odoo = new java.util.HashMap<>();

    /** The embedded default's demo data: what mappings/ refers to. */
    public static final String DEMO_SEED = "odoo-emulator/demo-seed.json";
    public static final String ODOO_DATABASE = "demo";

    private SharedServers() {
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(null, false);
            EmbeddedPostgresServer started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
        }
        return postgres;
    }

    /**
     * The request limit of the tests' emulators (Odoo's {@code limit_time_real}); the test profile's
     * {@code odoo.max-request-time} (6 s) is above it, as an operator sets it above their Odoo's.
     */
    public static final java.time.Duration ODOO_REQUEST_LIMIT = java.time.Duration.ofSeconds(5);

    /** An Odoo emulator per version mode (16, 17, 18, 19) with the demo data; tests reset it as they need. */
    public static synchronized io.financehub.sandbox.odoo.OdooEmulator odoo(int version) {
        return odoo.computeIfAbsent(version, v -> {
            io.financehub.sandbox.odoo.OdooEmulator emulator = io.financehub.sandbox.odoo.OdooEmulator.builder()
                    .version(v).database(ODOO_DATABASE).seedResource(DEMO_SEED).requestLimit(ODOO_REQUEST_LIMIT).port(0).start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "test-odoo-" + v + "-stop"));
            return emulator;
        });
    }

    private static final java.util.Map<Integer, java.net.URI> odooProcesses = new java.util.HashMap<>();

    /**
     * An Odoo emulator with the demo data in a JVM of its own, for benchmarks that measure the hub's heap: the
     * emulator's store of what the hub posted then does not count against the hub. Reached over HTTP only;
     * stopped when this JVM exits.
     */
    public static synchronized java.net.URI odooProcess(int version) {
        return odooProcesses.computeIfAbsent(version, v -> {
            String launcher = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(launcher, "-Xmx4g", "-cp", System.getProperty("java.class.path"),
                    io.financehub.sandbox.odoo.OdooEmulatorMain.class.getName(), "--version", Integer.toString(v), "--port", "0",
                    "--database", ODOO_DATABASE).redirectErrorStream(true);
            try {
                Process process = pb.start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "test-odoo-process-" + v + "-stop"));
                java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8));
                java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (\\S+)");
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    java.util.regex.Matcher m = listening.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "test-odoo-process-" + v + "-output");
                        drain.setDaemon(true);
                        drain.start();
                        return java.net.URI.create(m.group(1));
                    }
                }
                throw new IllegalStateException("The Odoo emulator process ended before it listened (exit " + process.waitFor() + ")");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot start the Odoo emulator process", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static io.financehub.sandbox.odoo.OdooEmulator odooWithImportModule;

    /**
     * An Odoo 17 emulator with the demo data whose statement lines have {@code unique_import_id} (as with the
     * bank-statement import module installed): seeded with the flag, separate from the plain one.
     */
    public static synchronized io.financehub.sandbox.odoo.OdooEmulator odooWithUniqueImportId() {
        if (odooWithImportModule == null) {
            byte[] flags = "{\"flags\": {\"unique_import_id\": true}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            odooWithImportModule = io.financehub.sandbox.odoo.OdooEmulator.builder().version(17).database(ODOO_DATABASE)
                    .seedResource(DEMO_SEED).requestLimit(ODOO_REQUEST_LIMIT).seed(new java.io.ByteArrayInputStream(flags)).port(0).start();
            io.financehub.sandbox.odoo.OdooEmulator started = odooWithImportModule;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-odoo-import-module-stop"));
        }
        return odooWithImportModule;
    }

    public static synchronized EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaBroker.start(null);
            EmbeddedKafkaBroker started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-kafka-stop"));
        }
        return kafka;
    }
}
