package io.financehub.platform.validate;

import io.financehub.governance.runtime.Flow;
import io.financehub.platform.RoutesSelection;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.AntPathMatcher;
import org.apache.camel.util.URISupport;

/**
 * Loads a flow's YAML routes with Camel's own YAML DSL, as start-up does, into a Camel context that is never started,
 * and checks what start-up and the first message would otherwise find: each file parses; every route and route
 * configuration has an id, unique in the flow; every route's configuration exists; every endpoint URI resolves its
 * {@code {{placeholders}}} and is accepted by its component with its options; every bean the routes call is one
 * the hub defines, with that method; every {@code simple} expression parses; every exception class exists; every
 * {@code direct:} endpoint sent to has a route consuming it. Each problem is reported with file and line.
 */
final class RouteCheck {

    private final Function<String, Optional<String>> config;
    private final HubBeans beans;

    RouteCheck(Function<String, Optional<String>> config, HubBeans beans) {
        this.config = config;
        this.beans = beans;
    }

    /** The route files of a flow as start-up selects them (folder on disk, else the packaged copy). */
    static List<Path> routeFiles(Path flowDir) throws java.io.IOException {
        AntPathMatcher matcher = AntPathMatcher.INSTANCE;
        try (Stream<Path> files = Files.list(flowDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !matcher.match(RoutesSelection.EXCLUDE_PATTERN, p.toAbsolutePath().toString().replace('\\', '/')))
                    .sorted().toList();
        }
    }

    /** Checks one flow's route files together (one deployment runs one flow: its routes share one context). */
    List<Finding> check(Flow flow, List<Resource> files, Function<Resource, String> displayName) {
        List<Finding> findings = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.setSourceLocationEnabled(true);
            camel.getPropertiesComponent().addPropertiesSource(new ConfigSource(config));
            // master: endpoints (the flows' singleton work) need a cluster service to be created; this one is never started
            camel.addService(new io.financehub.platform.cluster.FileLockLeadership("validate",
                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hub-validate-cluster"), java.time.Duration.ofSeconds(5)), true, false);
            for (Map.Entry<String, Class<?>> component : beans.components().entrySet()) {
                try {
                    camel.addComponent(component.getKey(), (org.apache.camel.Component) component.getValue().getConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    findings.add(Finding.at("routes/" + flow.id(), 0, "the hub's component " + component.getKey() + " cannot be checked: " + e));
                }
            }
            Map<String, String> names = new LinkedHashMap<>();
            boolean allRead = true;
            for (Resource file : files) {
                String name = displayName.apply(file);
                names.put(file.getLocation(), name);
                try {
                    PluginHelper.getRoutesLoader(camel).loadRoutes(file);
                } catch (Exception e) {
                    // Camel stops reading a file at its first error: fix it, then validate again for what follows
                    findings.add(Finding.at(name, lineOf(e), "the routes cannot be read (nothing after this point of the file was checked): "
                            + YamlErrors.describe(e)));
                    allRead = false;
                }
            }
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            new Walk(camel, flow, names, findings, allRead).run(model.getRouteDefinitions(), model.getRouteConfigurationDefinitions());
        } catch (Exception e) {
            findings.add(Finding.at("routes/" + flow.id(), 0, "the routes could not be checked: " + e));
        }
        return findings;
    }

    static Resource resource(Path file) {
        return ResourceHelper.fromBytes("file:" + file.toAbsolutePath().toString().replace('\\', '/'), read(file));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            int line = YamlErrors.line(t);
            if (line > 0) {
                return line;
            }
        }
        return 0;
    }

    /** What the YAML DSL knows of a definition's place: its file and line (source location is on). */
    private final class Walk {
        private final CamelContext camel;
        private final Flow flow;
        private final Map<String, String> names;
        private final List<Finding> findings;
        private final Set<String> directConsumers = new TreeSet<>();
        private final Map<String, Finding> directProducers = new LinkedHashMap<>();

        private final boolean allRead;

        Walk(CamelContext camel, Flow flow, Map<String, String> names, List<Finding> findings, boolean allRead) {
            this.allRead = allRead;
            this.camel = camel;
            this.flow = flow;
            this.names = names;
            this.findings = findings;
        }

        void run(List<RouteDefinition> routes, List<RouteConfigurationDefinition> configurations) {
            Map<String, LineNumberAware> ids = new LinkedHashMap<>();
            Set<String> configurationIds = new TreeSet<>();
            for (RouteConfigurationDefinition c : configurations) {
                if (c.getId() == null || c.getId().isBlank()) {
                    add(c, "a routeConfiguration without an id: give it one (routes opt in with routeConfigurationId)");
                } else if (!configurationIds.add(c.getId())) {
                    add(c, "routeConfiguration id '" + c.getId() + "' is used twice in " + flow.id());
                }
                for (OnExceptionDefinition on : c.getOnExceptions()) {
                    onException(on);
                }
            }
            for (RouteDefinition route : routes) {
                if (!route.hasCustomIdAssigned()) {
                    add(route, "a route without an id: give every route an id (metrics, health and replays name routes by it)");
                } else {
                    LineNumberAware first = ids.putIfAbsent(route.getId(), route);
                    if (first != null) {
                        add(route, "route id '" + route.getId() + "' is already used at " + where(first) + "; Camel refuses to start two routes with one id");
                    }
                }
                String configurationId = route.getRouteConfigurationId();
                if (configurationId != null) {
                    for (String id : configurationId.split(",")) {
                        if (!id.isBlank() && !id.contains("*") && !configurationIds.contains(id.trim())) {
                            add(route, "routeConfigurationId '" + id.trim() + "' names no routeConfiguration of " + flow.id()
                                    + " (there are: " + configurationIds + ")");
                        }
                    }
                }
                if (route.getInput() != null) {
                    endpoint(route.getInput(), route.getInput().getEndpointUri(), true);
                }
                outputs(route.getOutputs());
            }
            directProducers.forEach((uri, finding) -> {
                if (allRead && !directConsumers.contains(uri)) {
                    findings.add(finding);
                }
            });
        }

        private void onException(OnExceptionDefinition on) {
            for (String type : on.getExceptions()) {
                try {
                    Class.forName(type, false, RouteCheck.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    add(on, "onException names the class " + type + ", which does not exist");
                }
            }
            if (on.getOnWhen() != null) {
                expression(on.getOnWhen(), on.getOnWhen().getExpression(), true);
            }
            if (on.getRetryWhile() != null && on.getRetryWhile().getExpressionType() != null) {
                expression(on, on.getRetryWhile().getExpressionType(), true);
            }
            outputs(on.getOutputs());
        }

        private void outputs(List<ProcessorDefinition<?>> outputs) {
            if (outputs == null) {
                return;
            }
            for (ProcessorDefinition<?> p : outputs) {
                processor(p);
            }
        }

        private void processor(ProcessorDefinition<?> p) {
            if (p instanceof EndpointRequiredDefinition e && !(p instanceof ToDynamicDefinition)) {
                endpoint(p, e.getEndpointUri(), false);
            }
            if (p instanceof ToDynamicDefinition d) {
                component(p, d.getUri());
            }
            if (p instanceof BeanDefinition b && b.getRef() != null) {
                bean(p, b.getRef(), b.getMethod());
            }
            if (p instanceof ExpressionNode node && node.getExpression() != null) {
                expression(p, node.getExpression(), false);
            }
            if (p instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    expression(when, when.getExpression(), true);
                    outputs(when.getOutputs());
                }
                if (choice.getOtherwise() != null) {
                    outputs(choice.getOtherwise().getOutputs());
                }
            } else if (p instanceof OnExceptionDefinition on) {
                onException(on);
            } else {
                outputs(p.getOutputs());
            }
        }

        private void endpoint(Object at, String uri, boolean consumer) {
            if (uri == null) {
                return;
            }
            String resolved;
            try {
                resolved = camel.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                add(at, "endpoint " + uri + ": " + YamlErrors.describe(e));
                return;
            }
            if (resolved.startsWith("direct:")) {
                String name = "direct:" + resolved.substring("direct:".length()).replaceFirst("^//", "").replaceFirst("\\?.*", "");
                if (consumer) {
                    directConsumers.add(name);
                } else {
                    directProducers.putIfAbsent(name, finding(at, "sends to " + name + ", but no route of " + flow.id()
                            + " consumes it: messages would fail with 'No consumers available'"));
                }
            }
            try {
                // options referring to beans (#name) are checked against the hub's beans; the rest by the component itself
                int query = resolved.indexOf('?');
                String base = query < 0 ? resolved : resolved.substring(0, query);
                Map<String, Object> parameters = query < 0 ? Map.of() : URISupport.parseQuery(resolved.substring(query + 1));
                Map<String, Object> kept = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : parameters.entrySet()) {
                    String value = String.valueOf(e.getValue());
                    if (value.startsWith("#") && !value.startsWith("#class:") && !value.startsWith("#type:")) {
                        String ref = value.substring(value.startsWith("#bean:") ? 6 : 1);
                        if (!beans.contains(ref)) {
                            add(at, "endpoint option " + e.getKey() + "=" + value + " names no bean of the hub; " + beans.suggest(ref));
                        }
                    } else {
                        kept.put(e.getKey(), e.getValue());
                    }
                }
                camel.getEndpoint(kept.isEmpty() ? base : base + "?" + URISupport.createQueryString(kept));
            } catch (Exception e) {
                add(at, "endpoint " + uri.replaceFirst("\\?.*", "") + ": " + YamlErrors.describe(e).replaceFirst("^Failed to resolve endpoint: .*? due to: ", ""));
            }
        }

        private void component(Object at, String uri) {
            String scheme = uri == null ? "" : uri.replaceFirst("[:?].*", "");
            if (!scheme.isEmpty() && !scheme.contains("$") && camel.getComponent(scheme, true) == null) {
                add(at, "endpoint " + uri + ": there is no component '" + scheme + "' in this build of the hub");
            }
        }

        private void expression(Object at, ExpressionDefinition expression, boolean predicate) {
            if (expression instanceof MethodCallExpression call) {
                if (call.getRef() != null) {
                    bean(at, call.getRef(), call.getMethod());
                }
                return;
            }
            if (expression.getExpressionType() != null || expression.getPredicate() != null) {
                return; // built in Java, not from text
            }
            String language = expression.getLanguage();
            String text = expression.getExpression();
            if (language == null || text == null || !Set.of("simple", "constant", "header", "exchangeProperty", "jsonpath", "xpath").contains(language)) {
                return;
            }
            try {
                String resolved = camel.resolvePropertyPlaceholders(text);
                var lang = camel.resolveLanguage(language);
                if (predicate) {
                    lang.createPredicate(resolved).init(camel);
                } else {
                    lang.createExpression(resolved).init(camel);
                }
            } catch (RuntimeException e) {
                add(at, language + " expression '" + text + "': " + YamlErrors.describe(e));
            }
        }

        private void bean(Object at, String ref, String method) {
            Optional<Class<?>> type = beans.type(ref);
            if (type.isEmpty()) {
                add(at, "calls the bean '" + ref + "', which the hub does not define; " + beans.suggest(ref));
                return;
            }
            if (method == null) {
                return;
            }
            String name = method.replaceFirst("\\(.*", "");
            boolean found = Arrays.stream(type.get().getMethods())
                    .anyMatch(m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class);
            if (!found) {
                add(at, "calls " + ref + "." + name + ", but the bean " + ref + " (" + type.get().getSimpleName()
                        + ") has no public method " + name + " (it has: " + methods(type.get()) + ")");
            }
        }

        private String methods(Class<?> type) {
            Set<String> names = new TreeSet<>();
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())) {
                    names.add(m.getName());
                }
            }
            return String.join(", ", names);
        }

        private void add(Object at, String message) {
            findings.add(finding(at, message));
        }

        private Finding finding(Object at, String message) {
            return at instanceof LineNumberAware l ? Finding.at(file(l), l.getLineNumber(), message) : Finding.at("routes/" + flow.id(), 0, message);
        }

        private String file(LineNumberAware l) {
            String location = l.getLocation();
            return location == null ? "routes/" + flow.id() : names.getOrDefault(location, location);
        }

        private String where(LineNumberAware l) {
            return file(l) + (l.getLineNumber() > 0 ? ":" + l.getLineNumber() : "");
        }
    }

    /** Camel's {@code {{placeholders}}} from the hub's configuration, as Camel Quarkus resolves them. */
    private static final class ConfigSource implements PropertiesSource {
        private final Function<String, Optional<String>> config;

        ConfigSource(Function<String, Optional<String>> config) {
            this.config = config;
        }

        @Override
        public String getName() {
            return "hub-configuration";
        }

        @Override
        public String getProperty(String name) {
            return config.apply(name).orElse(null);
        }
    }
}
