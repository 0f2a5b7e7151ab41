package io.financehub.flows.payments;

/** Names shared by the payment-files flow's YAML routes, beans and tests. */
public final class PaymentFilesFlow {

    public static final String FLOW = "payment-files";
    public static final String TOPIC = "finance.payments";
    public static final String SAGA_TYPE = "payment-file";

    public static final String ROUTE_SCHEDULE = "payment-files-schedule";
    public static final String ROUTE_RUN = "payment-files-run";
    public static final String ROUTE_SAGA = "payment-files-saga";
    public static final String ROUTE_COMPENSATE = "payment-files-compensate";
    public static final String ROUTE_RECOVERY = "payment-files-recovery";
    public static final String ROUTE_STATUS_INBOX = "payment-files-status-inbox";
    public static final String ROUTE_PUBLISH = "payment-files-publish";
    public static final String ROUTE_STATUS = "payment-files-status";
    public static final String ROUTE_STATUS_NOTICE = "payment-files-status-notice";
    public static final String ROUTE_RECHECK = "payment-files-recheck";
    public static final String ROUTE_SAGA_REPLAY = "payment-files-saga-replay";

    public static final String ENDPOINT_RUN = "direct:payment-files-run";
    public static final String ENDPOINT_SAGA = "direct:payment-files-saga";
    public static final String ENDPOINT_PUBLISH = "direct:payment-files-publish";
    /** The replay endpoint of a saga's exception item (body: batch id): goes on, retries by a run, or nothing to do. */
    public static final String ENDPOINT_SAGA_REPLAY = "direct:payment-files-saga-replay";
    /** Applies a pain.002 file (body: its bytes); the replay endpoint of a status file that failed to apply. */
    public static final String ENDPOINT_STATUS = "direct:payment-files-status";
    /** The replay endpoint of a notice (a bank rejection, an unknown reference): refuses, nothing to send again. */
    public static final String ENDPOINT_STATUS_NOTICE = "direct:payment-files-status-notice";
    /** Checks an excluded payment again (body: its Odoo id) by running a payment run; the replay of an exclusion. */
    public static final String ENDPOINT_RECHECK = "direct:payment-files-recheck";

    /** The batch (UUID) a saga exchange works on. */
    public static final String HEADER_BATCH_ID = "HubPaymentBatchId";

    private PaymentFilesFlow() {
    }
}
