package io.financehub.governance.runtime;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The four flows of the hub. The id is the contract: it names the folder under {@code routes/}, the value
 * of {@code hub.flows} / {@code HUB_FLOWS}, the Kubernetes overlay and the prefix of every route id.
 */
public enum Flow {
    BANK_STATEMENTS("bank-statements"),
    PAYMENT_FILES("payment-files"),
    BUDGET_CHECKS("budget-checks"),
    ACTUALS_EXPORT("actuals-export");

    private final String id;

    Flow(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Flow> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public static String validIds() {
        return Arrays.stream(values()).map(Flow::id).collect(Collectors.joining(", "));
    }

    /**
     * Parses a comma list such as {@code "bank-statements, payment-files"}. Blank means all flows.
     * Every unknown id is reported at once, with the list of valid ids, so a typo in a deployment is
     * fixed in one go.
     */
    public static Set<Flow> parseList(String list) {
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) {
            return new LinkedHashSet<>(List.of(values()));
        }
        Set<Flow> flows = new LinkedHashSet<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (String raw : list.split(",")) {
            String id = raw.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            byId(id).ifPresentOrElse(flows::add, () -> unknown.add(raw.trim()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("hub.flows (HUB_FLOWS) names unknown flow id(s) " + unknown
                    + "; valid ids are: " + validIds() + " (comma-separated; empty means all)");
        }
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("hub.flows (HUB_FLOWS) selects no flow; valid ids are: " + validIds());
        }
        return flows;
    }
}
