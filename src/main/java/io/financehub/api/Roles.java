package io.financehub.api;

/** The hub's roles (DESIGN.md HTTP contract). Segregated duties: no role implies another. */
public final class Roles {

    public static final String INTEGRATION = "integration";
    public static final String OPERATOR = "operator";
    public static final String PAYMENT_APPROVER = "payment-approver";
    public static final String AUDITOR = "auditor";
    public static final String ODOO_WEBHOOK = "odoo-webhook";

    private Roles() {
    }
}
