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

    public static final String ENDPOINT_RUN = "direct:payment-files-run";
    public static final String ENDPOINT_SAGA = "direct:payment-files-saga";
    public static final String ENDPOINT_PUBLISH = "direct:payment-files-publish";

    /** The batch (UUID) a saga exchange works on. */
    public static final String HEADER_BATCH_ID = "HubPaymentBatchId";

    private PaymentFilesFlow() {
    }
}
