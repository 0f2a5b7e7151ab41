package io.financehub.governance;

/** Message headers every flow uses for governance; named once so routes, beans and tests agree. */
public final class HubHeaders {

    /** Business correlation id carried from entry point to Odoo, files, events, audit and exceptions. */
    public static final String CORRELATION_ID = "HubCorrelationId";
    /** The flow id of the message ({@code bank-statements}, ...). */
    public static final String FLOW = "HubFlow";
    /** The business subject (statement, batch, order, export) for audit and exceptions. */
    public static final String SUBJECT = "HubSubject";
    /** Where a replay of this message must be sent (an endpoint URI of the flow). */
    public static final String REPLAY_ENDPOINT = "HubReplayEndpoint";
    /** Set on a replayed message: the id of the exception item it replays. */
    public static final String REPLAY_OF = "HubReplayOf";
    /** Set when the message was turned into an exception item: its id. */
    public static final String EXCEPTION_ID = "HubExceptionId";
    /** Who acted (user name) or {@code system:<flow>} for automated work. */
    public static final String ACTOR = "HubActor";

    private HubHeaders() {
    }
}
