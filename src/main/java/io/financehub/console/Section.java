package io.financehub.console;

import io.financehub.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;

/**
 * The console's pages in its navigation, with the roles that see each: the same as the API's for the same data
 * (payment batches also for payment-approvers, who decide them; the API lists them to operators only).
 */
public enum Section {
    OVERVIEW("/console", "Flows", List.of()),
    BANK_IMPORTS("/console/bank-imports", "Bank imports", List.of(Roles.OPERATOR)),
    PAYMENT_BATCHES("/console/payment-batches", "Payment batches", List.of(Roles.OPERATOR, Roles.PAYMENT_APPROVER)),
    EXCEPTIONS("/console/exceptions", "Exceptions", List.of(Roles.OPERATOR)),
    BUDGETS("/console/budgets", "Budgets", List.of(Roles.OPERATOR)),
    ACTUALS_EXPORTS("/console/actuals-exports", "Actuals exports", List.of(Roles.OPERATOR)),
    AUDIT("/console/audit", "Audit trail", List.of(Roles.AUDITOR));

    private final String path;
    private final String label;
    /** Empty: every signed-in user. */
    private final List<String> roles;

    Section(String path, String label, List<String> roles) {
        this.path = path;
        this.label = label;
        this.roles = roles;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    public List<String> roles() {
        return roles;
    }

    public boolean visibleTo(SecurityIdentity identity) {
        return roles.isEmpty() || roles.stream().anyMatch(identity::hasRole);
    }
}
