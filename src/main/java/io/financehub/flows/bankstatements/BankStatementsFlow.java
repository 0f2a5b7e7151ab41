package io.financehub.flows.bankstatements;

import io.financehub.formats.dispatch.DetectedFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Names shared by the bank-statements flow's YAML routes, beans and tests. {@link DetectedFormat} is registered for
 * reflection because the route reads its {@code headerValue()} in a simple expression.
 */
@RegisterForReflection(targets = DetectedFormat.class)
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
    /** IMPORTED, QUARANTINED or FAILED once the import route is done (statementImports.complete or reject). */
    public static final String HEADER_OUTCOME = "HubImportOutcome";
    /** What was received ({@link StatementSource}), kept so a quarantined file is written exactly as it came. */
    public static final String PROPERTY_ORIGINAL = "HubOriginalFile";
    /** The import while it runs ({@link ImportProgress}), from statementImports.begin. */
    public static final String PROPERTY_IMPORT = "HubImport";
    /** The format detected from the content ({@link DetectedFormat}). */
    public static final String PROPERTY_FORMAT = "HubStatementFormat";
    /** The file opened with the reader of its format ({@link StatementFile}), from the route's format choice. */
    public static final String PROPERTY_FILE = "HubStatementFile";

    private BankStatementsFlow() {
    }
}
