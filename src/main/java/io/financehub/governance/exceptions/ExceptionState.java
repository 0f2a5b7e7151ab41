package io.financehub.governance.exceptions;

/** Life cycle of an exception item. */
public enum ExceptionState {
    /** Waiting for an operator. */
    NEW,
    /** A replay is running (guards against two replays at once). */
    REPLAYING,
    /** Replayed and completed. */
    REPLAYED,
    /** Resolved outside the hub (for example corrected in Odoo). */
    RESOLVED,
    /** Deliberately not processed, with the reason. */
    DISCARDED
}
