package io.financehub.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.financehub.sandbox.embedded.LoopbackPorts;
import io.financehub.testing.SharedServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the crash tests: an Odoo emulator in a process of its own (its state outlives every hub), a fresh
 * governance database on the suite's PostgreSQL, the suite's Kafka broker, and a work directory; packaged hubs are
 * started against them as separate processes, killed with SIGKILL and started again, as a node failure would.
 */
final class CrashRig implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The emulator's request limit; the hubs' odoo.max-request-time is above it. */
    static final int ODOO_REQUEST_LIMIT_SECONDS = 5;

    final Path dir;
    final Path work;
    final String database;
    final URI odooUrl;
    /** The emulator's write calls as it ended them ({@code --print-writes}), for the checks and a failure's reader. */
    final Path writesLog;
    private final Process odoo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int rpcId;

    CrashRig(String name) throws Exception {
        this(name, 1);
    }

    /** @param slowdown how many times slower than a real Odoo 17 the emulator answers (widens the windows a kill can hit) */
    CrashRig(String name, double slowdown) throws Exception {
        dir = Files.createTempDirectory("crash-" + name + "-");
        work = Files.createDirectories(dir.resolve("work"));
        database = ("crash_" + name + "_" + System.nanoTime()).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(SharedServers.postgres().jdbcUrl(), "postgres", pgPassword());
             Statement s = c.createStatement()) {
            s.executeUpdate("create database " + database);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        odoo = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                io.financehub.sandbox.odoo.OdooEmulatorMain.class.getName(), "--version", "17", "--port", "0", "--database", "demo",
                "--speed", "realistic", "--slowdown", Double.toString(slowdown), "--request-limit",
                Integer.toString(ODOO_REQUEST_LIMIT_SECONDS), "--print-writes")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(odoo.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (\\S+)");
        URI url = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                url = URI.create(m.group(1));
                break;
            }
        }
        if (url == null) {
            throw new IllegalStateException("the Odoo emulator process did not start");
        }
        odooUrl = url;
        // the emulator's write calls, for a failure's reader (Odoo's side: not among the hub logs LogScanIT scans)
        writesLog = Files.createDirectories(Path.of("target", "crash-odoo-writes")).resolve(dir.getFileName() + ".log");
        java.io.BufferedWriter keep = Files.newBufferedWriter(writesLog, StandardCharsets.UTF_8);
        Thread drain = new Thread(() -> {
            try (keep) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    keep.write(line);
                    keep.newLine();
                    keep.flush();
                }
            } catch (java.io.IOException ended) {
                // the emulator stopped
            }
        }, "crash-odoo-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static String pgPassword() {
        return SharedServers.postgres().datasourceProperties().get("quarkus.datasource.password");
    }

    /** The environment of a hub of {@code flow} on {@code port}: every service of this run, short delays for tests. */
    Map<String, String> env(String flow, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HUB_FLOWS", flow);
        env.put("HUB_WORK_DIR", work.toString());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", SharedServers.postgres().jdbcUrl().replaceAll("/[^/]*$", "/" + database));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", pgPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers());
        env.put("ODOO_URL", odooUrl.toString());
        env.put("ODOO_DATABASE", "demo");
        env.put("ODOO_USERNAME", "hub-integration");
        env.put("ODOO_API_KEY", "demo-hub-api-key");
        env.put("ODOO_TIMEOUT", "3s");
        env.put("ODOO_MAX_REQUEST_TIME", (ODOO_REQUEST_LIMIT_SECONDS + 1) + "s");
        env.put("ODOO_UNKNOWN_OUTCOME_POLL_DELAY", "200ms");
        env.put("ODOO_UNKNOWN_OUTCOME_POLL_MAX_DELAY", "1s");
        env.put("HUB_CLUSTER_FILE_ACQUIRE_LOCK_INTERVAL", "PT1S");
        env.put("HUB_BANK_STATEMENTS_INBOX_POLL_DELAY", "200");
        env.put("HUB_BANK_STATEMENTS_INBOX_MIN_AGE", "100");
        env.put("HUB_BANK_STATEMENTS_INBOX_CLAIM_STALE_AFTER", "PT8S");
        env.put("HUB_BANK_STATEMENTS_CLAIM_STALE_AFTER", "PT8S");
        env.put("HUB_BANK_STATEMENTS_RETRY_DELAY", "200");
        env.put("HUB_PAYMENT_FILES_SCHEDULE_ENABLED", "false");
        env.put("HUB_PAYMENT_FILES_RECOVERY_DELAY", "500");
        env.put("HUB_PAYMENT_FILES_RECOVERY_INTERVAL", "1000");
        env.put("HUB_PAYMENT_FILES_RECOVERY_MIN_AGE", "2000");
        env.put("HUB_PAYMENT_FILES_STATUS_INBOX_POLL_DELAY", "200");
        env.put("HUB_PAYMENT_FILES_STATUS_INBOX_MIN_AGE", "100");
        env.put("HUB_PAYMENT_FILES_STATUS_INBOX_CLAIM_STALE_AFTER", "PT8S");
        env.put("HUB_BUDGET_CHECKS_POLL_INITIAL_DELAY", "500");
        env.put("HUB_BUDGET_CHECKS_POLL_DELAY", "1000");
        env.put("HUB_BUDGET_CHECKS_RECHECK_DELAY", "500");
        env.put("HUB_ACTUALS_EXPORT_STALE_AFTER", "PT5S");
        env.put("HUB_ACTUALS_EXPORT_RECOVERY_INTERVAL", "1000");
        return env;
    }

    /** A hub of {@code flow}, started and ready (readiness UP), or a failure naming its output. */
    Hub start(String flow) throws Exception {
        return start(flow, Map.of());
    }

    /** A hub of {@code flow} with settings of its own on top of the run's (e.g. a changed routes folder). */
    Hub start(String flow, Map<String, String> settings) throws Exception {
        int port = LoopbackPorts.free();
        Map<String, String> env = env(flow, port);
        env.putAll(settings);
        PackagedHub process = PackagedHub.start(env, dir);
        Hub hub = new Hub(process, URI.create("http://127.0.0.1:" + port));
        hub.awaitReady(Duration.ofSeconds(60));
        return hub;
    }

    /** A running packaged hub: HTTP calls as the demo users, SIGKILL, SIGTERM. */
    final class Hub implements AutoCloseable {
        final PackagedHub process;
        final URI base;

        Hub(PackagedHub process, URI base) {
            this.process = process;
            this.base = base;
        }

        void awaitReady(Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the hub ended before it was ready:\n" + process.output());
                }
                try {
                    if (http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the hub was not ready within " + within + ":\n" + process.output());
        }

        HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-demo")
                            .getBytes(StandardCharsets.UTF_8)));
            if (body != null) {
                r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                r.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(String method, String path, String user, String body) throws Exception {
            HttpResponse<String> r = call(method, path, user, body);
            if (r.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        /** SIGKILL: no shutdown hook, no drain, as when a node dies. */
        void kill() throws InterruptedException {
            process.kill();
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Odoo's answer to {@code model.method} as its admin (JSON-RPC), for the checks of Odoo's state. */
    JsonNode odoo(String model, String method, Object args, Object kwargs) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0").put("method", "call").put("id", ++rpcId);
        ObjectNode params = req.putObject("params");
        params.put("service", "object").put("method", "execute_kw");
        ArrayNode a = params.putArray("args");
        a.add("demo").add(2).add("admin").add(model).add(method).add(JSON.valueToTree(args))
                .add(kwargs == null ? JSON.createObjectNode() : JSON.valueToTree(kwargs));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(odooUrl.resolve("/jsonrpc")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        if (answer.has("error")) {
            throw new AssertionError("Odoo " + model + "." + method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Rows of a query on this run's governance database. */
    List<Map<String, Object>> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedServers.postgres().jdbcUrl().replaceAll("/[^/]*$", "/" + database),
                "postgres", pgPassword()); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        odoo.destroyForcibly();
        try {
            odoo.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
