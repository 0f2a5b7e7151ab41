package io.financehub.flows.bankstatements;

/** Names shared by the bank-statements flow's YAML routes, beans and tests. */
public final class BankStatementsFlow {

    public static final String FLOW = "bank-statements";
    public static final String TOPIC = "finance.bank-statements";

    public static final String ROUTE_INBOX = "bank-statements-inbox";
    public static final String ROUTE_UPLOAD = "bank-statements-upload";
    public static final String ROUTE_PROCESS = "bank-statements-process";
    public static final String ROUTE_IMPORT = "bank-statements-import";
    public static final String ENDPOINT_PROCESS = "direct:bank-statements-process";

    /** The import's id (one per received file), also its correlation id. */
    public static final String HEADER_IMPORT_ID = "HubImportId";
    /** {@code inbox} or {@code upload}. */
    public static final String HEADER_CHANNEL = "HubImportChannel";
    /** IMPORTED, QUARANTINED or FAILED once the import route is done. */
    public static final String HEADER_OUTCOME = "HubImportOutcome";
    /** The import report (JSON) written next to the archived or quarantined file. */
    public static final String PROPERTY_REPORT = "HubImportReport";
    /** The received bytes, kept so a quarantined file is written exactly as it came. */
    public static final String PROPERTY_ORIGINAL = "HubOriginalFile";

    private BankStatementsFlow() {
    }
}
