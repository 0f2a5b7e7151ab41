package io.financehub.flows.bankstatements;

import io.financehub.canonical.statement.SourceLocation;
import io.financehub.formats.StatementFormatException;

/** A recognised bank format that is not a statement to post (e.g. camt.052 intraday reports). */
public class UnsupportedStatementException extends StatementFormatException {

    public UnsupportedStatementException(String message) {
        super(Code.UNSUPPORTED_FORMAT, message, SourceLocation.file("whole file"),
                "Import the end-of-day camt.053 or MT940 statement instead");
    }
}
