package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.embedded.LoopbackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's walkthrough as written, block by block with bash, against the packaged hub on its embedded
 * default, started from a folder laid out like a fresh clone (routes/, mappings/ and demo/ of this checkout). Only
 * the setup block is replaced: HUB and ODOO point at this run's own ports. A block marked {@code expect RE} must
 * exit 0 and print something RE finds; one marked {@code wait RE} is run again (it only reads) until it does.
 */
class WalkthroughIT {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- walkthrough: (\\S+)(?: (wait|expect) (.+?))? -->\\s*```bash\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> VARIABLES = List.of("HUB", "ODOO", "IMPORT", "BATCH", "UID_");

    record Step(String name, String mode, Pattern expected, String commands) {
    }

    static List<Step> steps() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<Step> steps = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            steps.add(new Step(m.group(1), m.group(2), m.group(3) == null ? null : Pattern.compile(m.group(3), Pattern.MULTILINE),
                    m.group(4)));
        }
        return steps;
    }

    private record Result(int exit, String out) {
    }

    private static Result bash(Path dir, String commands) throws Exception {
        String script = "set -e -o pipefail\n[ -f .walkthrough.env ] && . ./.walkthrough.env\n" + commands
                + "\n{ " + String.join("; ", VARIABLES.stream().map(v -> "[ -n \"${" + v + ":-}\" ] && printf '%s=%q\\n' " + v + " \"$" + v + "\" || true").toList())
                + "; } > .walkthrough.env\n";
        Path out = Files.createTempFile("walkthrough", ".out");
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeWalkthroughWorksStepByStepOnAFreshStart() throws Exception {
        List<Step> steps = steps();
        assertEquals(List.of("setup", "upload", "import-report", "inbox", "inbox-reports", "odoo", "payment-run", "pending-batch",
                "four-eyes-refused", "approve", "pain001", "pain002", "pain002-report", "notice", "budget-check", "actuals",
                "actuals-csv", "audit"), steps.stream().map(Step::name).toList());
        Path dir = Files.createTempDirectory("walkthrough");
        for (String tree : List.of("routes", "mappings", "demo")) {
            Files.createSymbolicLink(dir.resolve(tree), Path.of(tree).toAbsolutePath());
        }
        int port = LoopbackPorts.free();
        int odooPort = LoopbackPorts.free();
        try (PackagedHub hub = PackagedHub.start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "HUB_EMBEDDED_ODOO_PORT", Integer.toString(odooPort)), dir)) {
            awaitReady(hub, port);
            Files.writeString(dir.resolve(".walkthrough.env"), "HUB=http://127.0.0.1:" + port + "\nODOO=http://127.0.0.1:" + odooPort + "\n");
            for (Step step : steps) {
                if (step.name.equals("setup")) {
                    assertTrue(step.commands.contains("HUB=http://127.0.0.1:8080") && step.commands.contains("ODOO=http://127.0.0.1:8069"), step.commands);
                    continue;
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Result r = bash(dir, step.commands);
                while ("wait".equals(step.mode) && !(r.exit == 0 && step.expected.matcher(r.out).find()) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    r = bash(dir, step.commands);
                }
                assertEquals(0, r.exit, "step " + step.name + " failed:\n" + r.out + "\nhub log:\n" + hub.output());
                if (step.expected != null) {
                    assertTrue(step.expected.matcher(r.out).find(), "step " + step.name + " printed no /" + step.expected + "/:\n" + r.out);
                }
            }
            assertTrue(hub.output().contains("on http://127.0.0.1:" + odooPort), "the emulator listens where HUB_EMBEDDED_ODOO_PORT says");
        }
    }

    private static void awaitReady(PackagedHub hub, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && hub.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the hub was not ready within 90 s:\n" + hub.output());
    }
}
