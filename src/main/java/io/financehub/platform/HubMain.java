package io.financehub.platform;

import io.financehub.sandbox.embedded.EmbeddedDefault;
import io.financehub.platform.validate.ValidateCommand;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import io.financehub.governance.runtime.Flow;

/**
 * Entry point of the packaged hub. Without a profile it runs the <em>embedded default</em>: a real
 * PostgreSQL, a Kafka broker and the Odoo emulator with demo data, all on loopback, so the hub runs with
 * no configuration at all. With {@code QUARKUS_PROFILE=prod} it takes everything from the environment and
 * refuses to start, listing every missing key, when something required is absent.
 *
 * <p>It is the jar's entry point through {@code quarkus.package.main-class}, deliberately without
 * {@code @QuarkusMain}: Camel Quarkus only auto-starts the Camel context (also under {@code @QuarkusTest})
 * when no {@code @QuarkusMain} is present.
 */
public final class HubMain {

    public static final String EMBEDDED_PROFILE = "embedded";
    static final int EXIT_CONFIG = 78; // EX_CONFIG (sysexits.h)

    private HubMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && ValidateCommand.NAME.equals(args[0])) {
            System.exit(validate(List.of(args).subList(1, args.length)));
        }
        String profile = explicitProfile().orElse(EMBEDDED_PROFILE);
        System.setProperty("quarkus.profile", profile);
        if (List.of(profile.split(",")).contains("prod")) {
            List<String> missing = RequiredConfig.missing(HubMain::lookupBeforeStart);
            if (!missing.isEmpty()) {
                System.err.println(RequiredConfig.describe(missing));
                System.exit(EXIT_CONFIG);
            }
        }
        try {
            Flow.parseList(lookupBeforeStart("hub.flows").orElse(""));
        } catch (IllegalArgumentException e) {
            System.err.println("Start-up refused: " + e.getMessage());
            System.exit(EXIT_CONFIG);
        }
        EmbeddedDefault embedded = null;
        if (List.of(profile.split(",")).contains(EMBEDDED_PROFILE)) {
            Path workDir = Path.of(lookupBeforeStart("hub.work-dir").orElse("work"));
            embedded = EmbeddedDefault.start(workDir, HubMain::isExplicitlySet);
            embedded.properties().forEach(System::setProperty);
            EmbeddedDefault services = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAfterQuarkus(services), "embedded-services-stop"));
        }
        try {
            Quarkus.run(args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** {@code validate ...}: checks routes and mappings offline (no database, broker or HTTP server is started). */
    private static int validate(List<String> args) {
        // Camel's INFO lines about its throw-away contexts would drown the findings
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        try {
            return ValidateCommand.run(args, System.out);
        } catch (RuntimeException e) {
            System.out.println("validate: could not finish: " + e);
            return ValidateCommand.USAGE;
        }
    }

    /** Waits for the Quarkus application to stop (datasource pools, Kafka producers) before the servers go. */
    private static void closeAfterQuarkus(EmbeddedDefault services) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Application app = Application.currentApplication();
            if (app == null || !app.isStarted()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        services.close();
    }

    private static Optional<String> explicitProfile() {
        return Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .filter(p -> !p.isBlank());
    }

    private static boolean isExplicitlySet(String key) {
        return Optional.ofNullable(System.getProperty(key)).or(() -> Optional.ofNullable(System.getenv(RequiredConfig.envName(key))))
                .filter(v -> !v.isBlank()).isPresent();
    }

    /**
     * Reads a key the way Quarkus will, before Quarkus runs: system property, environment variable, then the
     * packaged application.properties (profile-specific entry first).
     */
    static Optional<String> lookupBeforeStart(String key) {
        Optional<String> explicit = Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(System.getenv(RequiredConfig.envName(key))));
        if (explicit.isPresent()) {
            return explicit;
        }
        Properties packaged = new Properties();
        try (InputStream in = HubMain.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                packaged.load(in);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String profile = System.getProperty("quarkus.profile", "prod");
        return Optional.ofNullable(packaged.getProperty("%" + profile + "." + key))
                .or(() -> Optional.ofNullable(packaged.getProperty(key)))
                .filter(v -> !v.contains("${")); // an unresolved expression is not a value yet
    }
}
