package io.financehub.flows.actualsexport;

/** Names shared by the actuals-export flow's YAML routes, beans and tests. */
public final class ActualsExportFlow {

    public static final String FLOW = "actuals-export";
    public static final String TOPIC = "finance.actuals";
    public static final String EVENT_TYPE = "finance.actuals.line-exported";

    public static final String ROUTE_RUN = "actuals-export-run";
    public static final String ROUTE_RECOVERY = "actuals-export-recovery";
    public static final String ROUTE_PUBLISH = "actuals-export-publish";
    public static final String ENDPOINT_RUN = "direct:actuals-export-run";

    /** Set by {@code prepare}: true when the export has lines to publish (an empty increment publishes nothing). */
    public static final String HEADER_HAS_LINES = "HubActualsHasLines";
    /** The CSV file name in the outbox; the reconciliation report is {@code <name>.reconciliation.json}. */
    public static final String HEADER_FILE = "HubActualsFile";
    /** The prepared export ({@link PreparedExport}) while the route publishes it. */
    public static final String PROPERTY_EXPORT = "HubActualsExport";

    private ActualsExportFlow() {
    }
}
