package io.financehub.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import io.financehub.governance.runtime.Flow;

/**
 * Derives Camel's route include pattern from {@code hub.flows} while the configuration is being built, so
 * only the selected flows' YAML routes are ever loaded. An unknown flow id stops start-up here, naming
 * the valid ids. {@code hub.extra-routes} adds patterns (tests use it for test-only routes).
 */
public class HubConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275; // above application.properties (250), below env variables (300)

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Set<Flow> flows = Flow.parseList(value(context, "hub.flows"));
        String pattern = RoutesSelection.includePattern(flows, value(context, "hub.routes-dir"),
                value(context, "hub.extra-routes"));
        return List.of(new PropertiesConfigSource(Map.of("camel.main.routes-include-pattern", pattern,
                "camel.main.routes-exclude-pattern", RoutesSelection.EXCLUDE_PATTERN), "hub-flow-selection", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value == null ? null : value.getValue();
    }
}
