package io.financehub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Third-party sample files and schemas kept outside the repository, in {@code ../shared/fixtures} (they may not be
 * copied in). A test that needs one asks here: on a developer machine without the folder it is skipped, saying so;
 * under {@code CI=true} a missing fixture fails the test, so CI never passes a test that did not run.
 */
public final class SharedFixtures {

    public static final Path ROOT = Path.of("..", "shared", "fixtures");

    private SharedFixtures() {
    }

    /**
     * {@code ../shared/fixtures/<relative>} for an extra check inside a test that also tests without it: empty on a
     * developer machine without the folder, a failure under {@code CI=true}.
     */
    public static java.util.Optional<Path> extra(String relative) {
        Path path = ROOT.resolve(relative);
        if (Files.exists(path)) {
            return java.util.Optional.of(path);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("fixture " + path + " is absent (third-party samples are read from ../shared/fixtures): CI must provide it");
        }
        return java.util.Optional.empty();
    }

    /** {@code ../shared/fixtures/<relative>} (a file or a folder), which must exist. */
    public static Path require(String relative) {
        Path path = ROOT.resolve(relative);
        if (!Files.exists(path)) {
            String why = "fixture " + path + " is absent (third-party samples are read from ../shared/fixtures, never copied in)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + ": CI must provide it");
            }
            Assumptions.abort(why + ": skipped on this machine");
        }
        return path;
    }
}
