package io.financehub.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import io.financehub.governance.runtime.Flow;

/**
 * Turns {@code hub.flows} and {@code hub.routes-dir} into Camel's {@code camel.main.routes-include-pattern}.
 * Routes are read from the file system (so a Kubernetes ConfigMap can replace them without a rebuild); when
 * the directory does not exist the copy packaged in the application ({@code hub-defaults/routes}) is used.
 */
public final class RoutesSelection {

    public static final String PACKAGED_ROUTES = "hub-defaults/routes";
    /** A flow's routes folder holds the kustomization of its ConfigMap (k8s overlays include it): never a route. */
    public static final String EXCLUDE_PATTERN = "**/kustomization.yaml";

    private RoutesSelection() {
    }

    /**
     * A flow without a routes folder contributes no pattern (it has no routes yet, or its deployment mounts none);
     * a pattern for a missing folder would stop Camel from starting.
     */
    public static String includePattern(Set<Flow> flows, String routesDir, String extraPatterns) {
        Path dir = Path.of(routesDir == null || routesDir.isBlank() ? "routes" : routesDir).toAbsolutePath().normalize();
        boolean onDisk = Files.isDirectory(dir);
        String pattern = flows.stream()
                .filter(flow -> onDisk ? Files.isDirectory(dir.resolve(flow.id()))
                        : RoutesSelection.class.getClassLoader().getResource(PACKAGED_ROUTES + "/" + flow.id()) != null)
                .map(flow -> onDisk
                        ? "file:" + dir.resolve(flow.id()) + "/*.yaml"
                        : "classpath:" + PACKAGED_ROUTES + "/" + flow.id() + "/*.yaml")
                .collect(Collectors.joining(","));
        if (extraPatterns != null && !extraPatterns.isBlank()) {
            pattern = pattern.isEmpty() ? extraPatterns.trim() : pattern + "," + extraPatterns.trim();
        }
        return pattern;
    }
}
