package io.financehub.formats;

/**
 * The statement formats the hub recognises. {@link #headerValue()} is the stable token a Camel
 * content-based router chooses on (header {@link io.financehub.formats.dispatch.DetectedFormat#HEADER}).
 */
public enum StatementFormat {
    CAMT_052("camt.052", true),
    CAMT_053("camt.053", true),
    CAMT_054("camt.054", true),
    MT940("mt940", true),
    /** Intraday MT942 is recognised so it can be rejected with a precise message; it is not a statement. */
    MT942("mt942", false),
    CSV("csv", true);

    private final String headerValue;
    private final boolean readable;

    StatementFormat(String headerValue, boolean readable) {
        this.headerValue = headerValue;
        this.readable = readable;
    }

    public String headerValue() {
        return headerValue;
    }

    /** Whether the hub can turn this format into statements. */
    public boolean isReadable() {
        return readable;
    }

    public boolean isCamt() {
        return this == CAMT_052 || this == CAMT_053 || this == CAMT_054;
    }
}
