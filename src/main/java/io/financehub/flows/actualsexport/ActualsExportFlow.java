package io.financehub.flows.actualsexport;

/** Names shared by the actuals-export flow's YAML routes, beans and tests. */
public final class ActualsExportFlow {

    public static final String FLOW = "actuals-export";
    public static final String TOPIC = "finance.actuals";
    public static final String EVENT_TYPE = "finance.actuals.line-exported";

    public static final String ROUTE_RUN = "actuals-export-run";
    /** The run's reading and checking stages, retried as a whole by the run's error handling. */
    public static final String ROUTE_PREPARE = "actuals-export-prepare";
    public static final String ROUTE_RECOVERY = "actuals-export-recovery";
    public static final String ROUTE_PUBLISH = "actuals-export-publish";
    public static final String ENDPOINT_RUN = "direct:actuals-export-run";

    /** The request ({@link ActualsExportRequest}), read from the body. */
    public static final String PROPERTY_REQUEST = "HubActualsRequest";
    /** The started run ({@link StartedExport}): recorded STAGED, its file named, its checkpoint read. */
    public static final String PROPERTY_RUN = "HubActualsRun";
    /** What an increment corrects ({@link Corrections}). */
    public static final String PROPERTY_CORRECTIONS = "HubActualsCorrections";
    /** The run's aggregated journal items ({@link ActualsAggregation}). */
    public static final String PROPERTY_LEDGER = "HubActualsLedger";
    /** The checked export ({@link PreparedExport}) while the route publishes it. */
    public static final String PROPERTY_EXPORT = "HubActualsExport";
    /** The route branches on it: true when the export publishes (files, events, checkpoint); false for an increment with nothing new. */
    public static final String PROPERTY_HAS_LINES = "HubActualsHasLines";
    /** The CSV file name in staging and the outbox; the reconciliation report is {@code <name>.reconciliation.json}. */
    public static final String HEADER_FILE = "HubActualsFile";

    private ActualsExportFlow() {
    }
}
