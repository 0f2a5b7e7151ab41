package io.financehub.formats;

import io.financehub.canonical.statement.SourceLocation;

import java.util.Objects;

/**
 * A file that cannot be read as a bank statement. Carries what is wrong ({@link #reason()}), where
 * ({@link #location()}: file, line/column, element path or MT940 tag) and what the operator can do
 * ({@link #action()}); {@link #getMessage()} joins the three for {@code <name>.error.json}.
 * Messages never contain a full account number.
 */
public class StatementFormatException extends RuntimeException {

    /** Stable machine-readable cause, for error documents and metrics. */
    public enum Code {
        EMPTY_FILE,
        WRONG_ENCODING,
        UNKNOWN_FORMAT,
        UNSUPPORTED_FORMAT,
        MALFORMED_XML,
        FORBIDDEN_XML,
        NOT_A_STATEMENT,
        TRUNCATED,
        INVALID_CONTENT,
        INVALID_LAYOUT
    }

    private final Code code;
    private final String reason;
    private final SourceLocation location;
    private final String action;

    public StatementFormatException(Code code, String reason, SourceLocation location, String action) {
        this(code, reason, location, action, null);
    }

    public StatementFormatException(Code code, String reason, SourceLocation location, String action, Throwable cause) {
        super(reason + " at " + Objects.requireNonNull(location, "location").describe() + ". " + action, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.location = location;
        this.action = Objects.requireNonNull(action, "action");
    }

    /** A StAX parse failure as the operator needs it: truncated, two documents, refused entity or malformed, with line and column. */
    public static StatementFormatException xml(javax.xml.stream.XMLStreamException e, String fileName) {
        io.financehub.formats.xml.XmlFailure failure = io.financehub.formats.xml.XmlFailure.of(e);
        Code code = switch (failure.kind()) {
            case TRUNCATED -> Code.TRUNCATED;
            case FORBIDDEN -> Code.FORBIDDEN_XML;
            default -> Code.MALFORMED_XML;
        };
        return new StatementFormatException(code, failure.reason(),
                SourceLocation.of(fileName, failure.line(), failure.column(), null), failure.action(), e);
    }

    /** The parts of the error as a plain map for {@code <name>.error.json}: code, reason, location, action, message. */
    public java.util.Map<String, Object> details() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("code", code.name());
        out.put("reason", reason);
        out.put("location", location.toMap());
        out.put("action", action);
        out.put("message", getMessage());
        return out;
    }

    public Code code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public SourceLocation location() {
        return location;
    }

    public String action() {
        return action;
    }
}
