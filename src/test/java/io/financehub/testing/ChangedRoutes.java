package io.financehub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of the project's {@code routes/} folder that a test edits as an integrator would (text replaced in a flow's
 * YAML, a route appended), for a test profile's {@code hub.routes-dir}: the proof that a change needs no Java.
 */
public final class ChangedRoutes {

    private final Path dir;

    private ChangedRoutes(Path dir) {
        this.dir = dir;
    }

    /** A fresh copy of {@code routes/} under {@code target/changed-routes/<label>-…}. */
    public static ChangedRoutes copy(String label) {
        try {
            Path base = Files.createDirectories(Path.of("target", "changed-routes")).toAbsolutePath();
            Path dir = Files.createTempDirectory(base, label + "-");
            Path from = Path.of("routes");
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Path target = dir.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return new ChangedRoutes(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy routes/ for a changed-routes test", e);
        }
    }

    /**
     * Replaces every occurrence of {@code text} in {@code file} (relative to the routes folder, e.g.
     * {@code bank-statements/bank-statements.yaml}); it must occur {@code times} times, so a test notices when the
     * route it changes has changed.
     */
    public ChangedRoutes replace(String file, String text, String with, int times) {
        Path yaml = dir.resolve(file);
        try {
            String content = Files.readString(yaml, StandardCharsets.UTF_8);
            int found = content.split(java.util.regex.Pattern.quote(text), -1).length - 1;
            if (found != times) {
                throw new IllegalStateException("routes/" + file + " holds " + found + " time(s), not " + times + ": " + text.strip());
            }
            Files.writeString(yaml, content.replace(text, with), StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends YAML (whole routes) to {@code file}. */
    public ChangedRoutes append(String file, String yaml) {
        try {
            Files.writeString(dir.resolve(file), "\n" + yaml, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder, for {@code hub.routes-dir}. */
    public Path dir() {
        return dir;
    }
}
