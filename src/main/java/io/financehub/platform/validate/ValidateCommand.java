package io.financehub.platform.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.financehub.flows.payments.PaymentSchemas;
import io.financehub.formats.pain.Pain001Version;
import io.financehub.mapping.MappingError;
import io.financehub.mapping.MappingException;
import io.financehub.mapping.MappingLoader;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.MappingTables.BankProfile;
import io.financehub.odoo.OdooCallPolicy;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooClientSettings;
import io.financehub.odoo.OdooException;
import io.financehub.odoo.OdooProtocol;
import io.financehub.governance.runtime.Flow;
import io.financehub.platform.RoutesSelection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;

/**
 * {@code validate [--routes DIR] [--mappings DIR] [--flows a,b] [--odoo]}: checks an integrator's routes and mapping
 * tables offline, the way start-up loads them, and prints every problem with file and line. With {@code --odoo} it
 * also checks the mapped companies, journals, accounts and analytic accounts in the configured Odoo
 * ({@code ODOO_URL}, {@code ODOO_DATABASE}, {@code ODOO_USERNAME}, {@code ODOO_API_KEY}). Exit code 0: nothing found;
 * 1: problems found (listed); 2: the command line or the Odoo connection is wrong. Starts no database, broker or
 * HTTP server: usable in a deployment repository's CI.
 */
public final class ValidateCommand {

    public static final String NAME = "validate";
    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: java -jar quarkus-run.jar validate [--routes DIR] [--mappings DIR] [--flows ID,...] [--odoo]
              --routes DIR    YAML routes, one folder per flow (default: hub.routes-dir, ./routes)
              --mappings DIR  mapping tables (default: hub.mappings-dir, ./mappings)
              --flows IDS     flows whose routes to check (default: hub.flows, else all: %s)
              --odoo          also check companies, journals, accounts and analytic accounts in the Odoo of
                              ODOO_URL, ODOO_DATABASE, ODOO_USERNAME, ODOO_API_KEY (read only)
            Exit code: 0 valid, 1 problems found (each listed with file and line), 2 usage or Odoo unreachable.""";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ValidateCommand() {
    }

    /** Runs the command; returns its exit code. */
    public static int run(List<String> args, PrintStream out) {
        String routes = null;
        String mappings = null;
        String flows = null;
        boolean odoo = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--routes", "--mappings", "--flows" -> {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        return usage(out, arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if (arg.equals("--routes")) {
                        routes = value;
                    } else if (arg.equals("--mappings")) {
                        mappings = value;
                    } else {
                        flows = value;
                    }
                }
                case "--odoo" -> odoo = true;
                case "--help", "-h" -> {
                    out.println(usageText());
                    return OK;
                }
                default -> {
                    return usage(out, "unknown argument '" + arg + "'");
                }
            }
        }
        SmallRyeConfig config = configuration();
        Function<String, Optional<String>> lookup = key -> config.getOptionalValue(key, String.class);
        Set<Flow> selected;
        try {
            selected = Flow.parseList(flows != null ? flows : lookup.apply("hub.flows").orElse(""));
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        }

        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<MappingSet> set = checkMappings(mappings, lookup, findings, notes);
        checkRoutes(routes, selected, lookup, findings, notes);
        int exit = findings.isEmpty() ? OK : PROBLEMS;
        if (odoo) {
            if (set.isEmpty()) {
                notes.add("Odoo not checked: fix the mapping tables first");
            } else {
                exit = Math.max(exit, checkOdoo(set.get(), mappingsLabel(mappings, lookup), lookup, findings, out));
            }
        }
        notes.forEach(n -> out.println("note: " + n));
        findings.sort(java.util.Comparator.comparing(Finding::file).thenComparingInt(Finding::line));
        for (Finding f : findings) {
            out.println("ERROR " + f);
        }
        if (findings.isEmpty() && exit == OK) {
            out.println("validate: no problems found in the mappings and the routes of " + ids(selected) + (odoo ? ", checked against Odoo" : ""));
        } else if (!findings.isEmpty()) {
            out.println("validate: " + findings.size() + " problem(s) found; the hub would refuse to start or fail at run time. Fix them and run validate again.");
            exit = exit == USAGE ? USAGE : PROBLEMS;
        }
        return exit;
    }

    private static Optional<MappingSet> checkMappings(String given, Function<String, Optional<String>> lookup, List<Finding> findings,
            List<String> notes) {
        Path dir = Path.of(given != null ? given : lookup.apply("hub.mappings-dir").orElse("mappings"));
        String label = mappingsLabel(given, lookup);
        if (!Files.isDirectory(dir)) {
            if (given != null) {
                findings.add(Finding.at(label, 0, "no such folder"));
                return Optional.empty();
            }
            notes.add("the folder " + dir + " does not exist: the hub would use the mappings packaged in the jar, which are checked instead");
            dir = null;
        }
        int before = findings.size();
        checkSchemas(dir, label, findings);
        try {
            MappingSet set = MappingLoader.load(dir);
            return findings.size() == before ? Optional.of(set) : Optional.empty();
        } catch (MappingException e) {
            for (MappingError error : e.errors()) {
                findings.add(Finding.at(label + "/" + error.file(), error.line(), error.reason()));
            }
            return Optional.empty();
        }
    }

    private static String mappingsLabel(String given, Function<String, Optional<String>> lookup) {
        return given != null ? given : lookup.apply("hub.mappings-dir").orElse("mappings");
    }

    private static void checkRoutes(String given, Set<Flow> flows, Function<String, Optional<String>> lookup, List<Finding> findings,
            List<String> notes) {
        String label = given != null ? given : lookup.apply("hub.routes-dir").orElse("routes");
        Path dir = Path.of(label);
        boolean onDisk = Files.isDirectory(dir);
        if (!onDisk && given != null) {
            findings.add(Finding.at(label, 0, "no such folder"));
            return;
        }
        if (!onDisk) {
            notes.add("the folder " + dir + " does not exist: the hub would use the routes packaged in the jar, which are checked instead");
        }
        RouteCheck check = new RouteCheck(lookup, HubBeans.scan());
        for (Flow flow : flows) {
            List<Resource> resources = new ArrayList<>();
            try {
                if (onDisk) {
                    Path flowDir = dir.resolve(flow.id());
                    if (!Files.isDirectory(flowDir)) {
                        findings.add(Finding.at(label + "/" + flow.id(), 0, "no routes folder for the flow " + flow.id()
                                + ": its deployment would run without routes"));
                        continue;
                    }
                    for (Path file : RouteCheck.routeFiles(flowDir)) {
                        resources.add(RouteCheck.resource(file));
                    }
                } else {
                    try (DefaultCamelContext camel = new DefaultCamelContext()) {
                        resources.addAll(org.apache.camel.support.PluginHelper.getPackageScanResourceResolver(camel)
                                .findResources("classpath:" + RoutesSelection.PACKAGED_ROUTES + "/" + flow.id() + "/*.yaml"));
                    }
                }
            } catch (Exception e) {
                findings.add(Finding.at(label + "/" + flow.id(), 0, "cannot read the routes: " + e.getMessage()));
                continue;
            }
            findings.addAll(check.check(flow, resources, r -> display(r.getLocation(), label, dir, onDisk)));
        }
    }

    private static String display(String location, String label, Path dir, boolean onDisk) {
        if (!onDisk) {
            return location;
        }
        String absolute = dir.toAbsolutePath().normalize().toString().replace('\\', '/');
        String path = location.startsWith("file:") ? location.substring(5) : location;
        return path.startsWith(absolute + "/") ? label + path.substring(absolute.length()) : path;
    }

    private static int checkOdoo(MappingSet set, String label, Function<String, Optional<String>> lookup, List<Finding> findings, PrintStream out) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("odoo.url", "odoo.database", "odoo.username", "odoo.api-key")) {
            if (lookup.apply(key).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(key + " (" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")");
            }
        }
        if (!missing.isEmpty()) {
            out.println("ERROR --odoo needs the Odoo to check against; set " + String.join(", ", missing));
            return USAGE;
        }
        String url = lookup.apply("odoo.url").orElseThrow();
        OdooClientSettings settings = OdooClientSettings.builder().url(url).database(lookup.apply("odoo.database").orElseThrow())
                .username(lookup.apply("odoo.username").orElseThrow()).secret(lookup.apply("odoo.api-key").orElseThrow())
                .protocol(OdooProtocol.valueOf(lookup.apply("odoo.protocol").orElse("auto").toUpperCase(Locale.ROOT)))
                .timeout(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10)).build();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            try (OdooClient client = new OdooClient(settings, new io.financehub.odoo.CamelHttpTransport(camel, settings.url(),
                    settings.connectTimeout(), settings.timeout()), new SimpleMeterRegistry(), OdooCallPolicy.none())) {
                client.authenticate();
                findings.addAll(new OdooMappingCheck(client, label, (file, listKey, field, value) ->
                        tableLine(Path.of(label), file, listKey, field, value)).check(set));
                return findings.isEmpty() ? OK : PROBLEMS;
            }
        } catch (OdooException e) {
            out.println("ERROR " + OdooMappingCheck.unreachable(e, url));
            return USAGE;
        } catch (Exception e) {
            out.println("ERROR cannot check the mappings against Odoo at " + url + ": " + YamlErrors.describe(e));
            return USAGE;
        }
    }

    /** The line of the entry of a YAML table whose {@code field} is {@code value}; 0 when not found. */
    static int tableLine(Path dir, String file, String listKey, String field, String value) {
        return entries(dir, file, listKey).stream().filter(e -> value.equals(e.getValue().path(field).asText(null)))
                .mapToInt(Map.Entry::getKey).findFirst().orElse(0);
    }

    /** The entries of a top-level list of a YAML table with the line each starts on; empty when unreadable. */
    static List<Map.Entry<Integer, JsonNode>> entries(Path dir, String file, String listKey) {
        List<Map.Entry<Integer, JsonNode>> out = new ArrayList<>();
        if (dir == null || !Files.isRegularFile(dir.resolve(file))) {
            return out;
        }
        try (JsonParser p = YAML.getFactory().createParser(dir.resolve(file).toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY || !key.equals(listKey)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentTokenLocation().getLineNr();
                    out.add(Map.entry(line, YAML.readTree(p)));
                }
            }
        } catch (IOException e) {
            return out; // the loader reports the file as unreadable
        }
        return out;
    }

    /**
     * Each bank profile's schema as the payment-files flow will pick it (the profile's own XSD file, else the one
     * shipped for its version, which for .03 fits SEPA profiles only), read from bank-profiles.yaml itself so it is
     * checked even when other tables have errors.
     */
    private static void checkSchemas(Path dir, String label, List<Finding> findings) {
        for (Map.Entry<Integer, JsonNode> entry : entries(dir, MappingLoader.BANK_PROFILES, "bank-profiles")) {
            JsonNode n = entry.getValue();
            Optional<Pain001Version> version = Pain001Version.fromMessageName(n.path("pain001-version").asText("pain.001.001.09"));
            if (version.isEmpty() || !n.path("id").isTextual()) {
                continue; // the loader reports it
            }
            BankProfile profile = new BankProfile(n.path("id").asText(), version.get().messageName(), n.path("requires-bic").asBoolean(),
                    n.path("sepa-only").asBoolean(), Optional.ofNullable(n.path("schema").asText(null)).filter(x -> !x.isBlank()));
            try {
                new PaymentSchemas().forProfile(profile, version.get());
            } catch (RuntimeException e) {
                findings.add(Finding.at(label + "/" + MappingLoader.BANK_PROFILES, entry.getKey(),
                        "bank profile " + profile.id() + ": " + YamlErrors.describe(e)));
            }
        }
    }

    /** The hub's configuration as Quarkus reads it: system properties, environment, the packaged application.properties. */
    static SmallRyeConfig configuration() {
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile")).or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .filter(p -> !p.isBlank()).orElse("prod");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().withProfile(profile);
        URL properties = ValidateCommand.class.getClassLoader().getResource("application.properties");
        if (properties != null) {
            try {
                builder.withSources(new PropertiesConfigSource(properties, 250));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return builder.build();
    }

    private static String ids(Set<Flow> flows) {
        return String.join(", ", flows.stream().map(Flow::id).toList());
    }

    private static String usageText() {
        return USAGE_TEXT.formatted(String.join(", ", java.util.Arrays.stream(Flow.values()).map(Flow::id).toList()));
    }

    private static int usage(PrintStream out, String problem) {
        out.println("validate: " + problem);
        out.println(usageText());
        return USAGE;
    }
}
