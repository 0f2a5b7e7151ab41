package io.financehub.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration keys production must be given (DESIGN.md, configuration contract). Checked before
 * Quarkus starts under the {@code prod} profile, so an operator sees every missing key in one message
 * rather than the first failure of whichever extension happens to start first.
 */
public final class RequiredConfig {

    public static final List<String> PRODUCTION_KEYS = List.of(
            "odoo.url", "odoo.database", "odoo.username", "odoo.api-key",
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password",
            "kafka.bootstrap.servers",
            "mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer");

    private RequiredConfig() {
    }

    /** The keys of {@link #PRODUCTION_KEYS} that have no non-blank value. */
    public static List<String> missing(Function<String, Optional<String>> lookup) {
        List<String> missing = new ArrayList<>();
        for (String key : PRODUCTION_KEYS) {
            if (lookup.apply(key).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** The environment variable Quarkus maps to a property ({@code odoo.api-key} → {@code ODOO_API_KEY}). */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public static String describe(List<String> missing) {
        StringBuilder text = new StringBuilder("Start-up refused: the prod profile needs these configuration keys, which are not set:");
        for (String key : missing) {
            text.append("\n  - ").append(key).append(" (environment variable ").append(envName(key)).append(')');
        }
        text.append("\nSet them (Kubernetes: the hub's Secret and ConfigMap, see k8s/base) or run without the prod "
                + "profile to use the embedded default.");
        return text.toString();
    }
}
