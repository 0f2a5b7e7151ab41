package io.financehub.odoo;

/** A failed HTTP exchange, classified by whether the request can have reached the server. */
public class OdooTransportException extends Exception {

    /** What went wrong on the wire. */
    public enum Kind {
        /** No connection was made: nothing was sent, safe to retry any call. */
        CONNECT(false),
        /** No answer within the response timeout after the request was sent. */
        TIMEOUT(true),
        /** The connection was reset or closed before an answer arrived, after sending. */
        RESET(true),
        /** Another I/O failure; assumed to have happened after sending, the safe side for writes. */
        IO(true);

        private final boolean requestSent;

        Kind(boolean requestSent) {
            this.requestSent = requestSent;
        }

        public boolean requestSent() {
            return requestSent;
        }
    }

    private final Kind kind;

    public OdooTransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
