package io.financehub.packaged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged hub ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, exactly as an
 * operator would, with a clean environment: nothing of the build's or the developer's environment leaks in.
 */
final class PackagedHub implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path output;

    private PackagedHub(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static PackagedHub start(Map<String, String> env, Path workingDir) throws IOException {
        return start(env, workingDir, List.of());
    }

    /** Runs the jar with arguments (a command such as {@code validate ...}). */
    static PackagedHub start(Map<String, String> env, Path workingDir, List<String> args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // kept with the build's reports so LogScanIT also scans what the packaged hub logged
        Path reports = Files.createDirectories(Path.of("target", "packaged-hub-logs"));
        Path output = Files.createTempFile(reports, "hub-run-", ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.environment().putAll(env);
        return new PackagedHub(builder.start(), output);
    }

    /** Waits for the process to end on its own and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (what Ctrl-C and Kubernetes do) and returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL, as when the node dies: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<output unreadable: " + e + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
