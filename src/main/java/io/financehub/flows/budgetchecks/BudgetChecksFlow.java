package io.financehub.flows.budgetchecks;

/** Names shared by the budget-checks flow's YAML routes, beans, resources and tests. */
public final class BudgetChecksFlow {

    public static final String FLOW = "budget-checks";
    public static final String TOPIC = "finance.budget-decisions";

    public static final String ROUTE_CHECK = "budget-checks-check";
    public static final String ROUTE_ODOO_ORDER = "budget-checks-odoo-order";
    public static final String ROUTE_POLL = "budget-checks-poll";
    public static final String ROUTE_PUBLISH = "budget-checks-publish";
    public static final String ROUTE_SETTLE = "budget-checks-settle";
    public static final String ROUTE_CONFIRMED = "budget-checks-confirmed";
    /** The decision as a note in its Odoo order's chatter, posted once. */
    public static final String ROUTE_NOTE = "budget-checks-note";
    public static final String ROUTE_WEBHOOKS = "budget-checks-webhooks";
    public static final String ENDPOINT_SETTLE = "direct:budget-checks-settle";
    public static final String ENDPOINT_CHECK = "direct:budget-checks-check";
    public static final String ENDPOINT_ODOO_ORDER = "direct:budget-checks-odoo-order";

    /** The Odoo purchase.order id when the check concerns an Odoo order (webhook, polling). */
    public static final String HEADER_ODOO_ORDER_ID = "HubOdooOrderId";
    /** The order read from Odoo for its check ({@link OdooPurchaseOrders.Order}), what the route dispatches on by state. */
    public static final String PROPERTY_ODOO_ORDER = "HubOdooOrder";
    /** A poll of Odoo's orders ({@link PurchaseOrderPolling.Poll}): the orders to check and where the checkpoint moves. */
    public static final String PROPERTY_POLL = "HubBudgetPoll";
    /** What the check gave ({@link BudgetChecks.Checked}); the route names its parts in the headers below. */
    public static final String PROPERTY_CHECK = "HubBudgetCheck";
    /** The decision's outcome ({@code APPROVE}, {@code ESCALATE}, ...), what the route's content-based router dispatches on. */
    public static final String HEADER_OUTCOME = "HubBudgetOutcome";
    /** True when a confirmed order was recorded as a commitment beyond its budget, blocked or without budget: an alert. */
    public static final String HEADER_ALERT = "HubBudgetAlert";
    /** True when the decision was given before for the same order revision (nothing reserved again). */
    public static final String HEADER_REPEATED = "HubBudgetDecisionRepeated";

    /** Exception codes of decisions (stable: Odoo messages, events and integrators rely on them). */
    public static final String SUPPLIER_BLOCKED = "SUPPLIER_BLOCKED";
    public static final String CATEGORY_BLOCKED = "CATEGORY_BLOCKED";
    public static final String NO_BUDGET = "NO_BUDGET";
    public static final String BUDGET_EXCEEDED = "BUDGET_EXCEEDED";
    public static final String BUDGET_CURRENCY_MISMATCH = "BUDGET_CURRENCY_MISMATCH";
    public static final String COST_CENTRE_MISSING = "COST_CENTRE_MISSING";
    public static final String AUTHORITY_REQUIRED = "AUTHORITY_REQUIRED";
    public static final String NO_AUTHORITY_LEVEL = "NO_AUTHORITY_LEVEL";
    public static final String BUDGET_PLATFORM_UNAVAILABLE = "BUDGET_PLATFORM_UNAVAILABLE";
    /** A confirmed order recorded as a commitment after the fact (Odoo confirmed it without the hub's approval). */
    public static final String CONFIRMED_IN_ODOO = "CONFIRMED_IN_ODOO";
    /** A confirmed order whose revision the budget check had rejected: a person overrode the check in Odoo. */
    public static final String REJECTED_BEFORE = "REJECTED_BEFORE";

    private BudgetChecksFlow() {
    }
}
