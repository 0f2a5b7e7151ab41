package io.financehub.formats;

import io.financehub.canonical.statement.SourceLocation;

import java.util.Objects;

/** One data problem found by {@link StatementValidator}: a stable code, what is wrong, and where. */
public record ValidationProblem(Code code, Severity severity, String message, SourceLocation location) {

    /** ERROR: the statement must not be posted. WARNING: worth showing, posting may go on. */
    public enum Severity {
        ERROR,
        WARNING
    }

    /** Stable problem codes, for error documents and tests. */
    public enum Code {
        BALANCE_MISMATCH(Severity.ERROR),
        CURRENCY_MISMATCH(Severity.ERROR),
        /**
         * A warning: banks commonly fill {@code FrToDt} with the day the file was produced and still list
         * late bookings of earlier days, so a date outside the period is worth showing but is no reason
         * to reject an otherwise balanced statement.
         */
        DATE_OUTSIDE_PERIOD(Severity.WARNING),
        EXCESS_DECIMALS(Severity.ERROR),
        /** An amount or balance with more digits before the point than the hub accepts from outside ({@code Money.MAX_INTEGER_DIGITS}): damage, not money. */
        AMOUNT_OUT_OF_RANGE(Severity.ERROR),
        /** A warning: the closing balance is value-dated (booked lines valued after its date are not in it) and matches that way. */
        VALUE_DATED_BALANCE(Severity.WARNING),
        NO_LINES(Severity.ERROR),
        /** An end-of-day statement without its opening or closing booked balance: the balance check, the main guard, cannot run. */
        NO_BALANCES(Severity.ERROR),
        /**
         * A warning: a statement that by its kind carries no balances (camt.054 notification, a CSV layout declaring
         * {@code balances: none}) is imported without the balance check, and the report says so.
         */
        NOT_BALANCE_CHECKED(Severity.WARNING),
        /** A warning: a text longer than its field allows was cut (see {@link FreeTexts}). */
        TEXT_SHORTENED(Severity.WARNING),
        /** A warning: control characters were removed from a text (see {@link FreeTexts}). */
        CONTROL_CHARACTERS_REMOVED(Severity.WARNING);

        private final Severity defaultSeverity;

        Code(Severity defaultSeverity) {
            this.defaultSeverity = defaultSeverity;
        }

        public Severity defaultSeverity() {
            return defaultSeverity;
        }
    }

    public ValidationProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
    }

    public ValidationProblem(Code code, String message, SourceLocation location) {
        this(code, code.defaultSeverity(), message, location);
    }

    /** Plain map for error documents: code, severity, message, location. */
    public java.util.Map<String, Object> details() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("code", code.name());
        out.put("severity", severity.name());
        out.put("message", message);
        out.put("location", location.toMap());
        return out;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code message at file line 12 (path)}. */
    public String describe() {
        return message + " at " + location.describe();
    }
}
