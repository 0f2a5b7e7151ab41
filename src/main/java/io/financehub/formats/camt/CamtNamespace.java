package io.financehub.formats.camt;

import io.financehub.formats.StatementFormat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises camt message namespaces: ISO's {@code urn:iso:std:iso:20022:tech:xsd:camt.053.001.08} and
 * the XSD-URL style some market practices use (e.g. {@code .../camt.054.001.04.ch.02.xsd}). Any version
 * {@code 001.NN} is recognised, so that an unknown one can be named in the error; the hub reads only
 * {@link #isSupported() the versions it knows} ({@value #FIRST_VERSION} to {@value #LAST_VERSION}), whose elements
 * the reader relies on.
 */
public record CamtNamespace(StatementFormat format, String version) {

    /** The oldest and the newest message version the reader knows (ISO 20022 2009 to 2021 editions). */
    public static final String FIRST_VERSION = "001.02";
    public static final String LAST_VERSION = "001.10";

    private static final Pattern NS = Pattern.compile(
            "(?:urn:iso:std:iso:20022:tech:xsd:|.*/)camt\\.(052|053|054)\\.(001\\.\\d{2})(?:\\.[a-z]{2}\\.\\d{2})?(?:\\.xsd)?");

    public static Optional<CamtNamespace> parse(String namespaceUri) {
        if (namespaceUri == null) {
            return Optional.empty();
        }
        Matcher m = NS.matcher(namespaceUri.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        StatementFormat format = switch (m.group(1)) {
            case "052" -> StatementFormat.CAMT_052;
            case "053" -> StatementFormat.CAMT_053;
            default -> StatementFormat.CAMT_054;
        };
        return Optional.of(new CamtNamespace(format, m.group(2)));
    }

    /** Whether the reader knows this message version. */
    public boolean isSupported() {
        return version.compareTo(FIRST_VERSION) >= 0 && version.compareTo(LAST_VERSION) <= 0;
    }

    /** The refusal of an unknown version, for the detector and the reader alike. */
    public String unsupportedReason() {
        return "The document is " + messageName() + ", a message version the hub does not read (it reads "
                + format.headerValue() + "." + FIRST_VERSION + " to ." + LAST_VERSION + ")";
    }

    /** {@code camt.053.001.08}. */
    public String messageName() {
        return format.headerValue() + "." + version;
    }

    /** The message element directly below {@code Document}. */
    public String messageElement() {
        return switch (format) {
            case CAMT_052 -> "BkToCstmrAcctRpt";
            case CAMT_053 -> "BkToCstmrStmt";
            default -> "BkToCstmrDbtCdtNtfctn";
        };
    }

    /** The repeated statement element inside the message. */
    public String statementElement() {
        return switch (format) {
            case CAMT_052 -> "Rpt";
            case CAMT_053 -> "Stmt";
            default -> "Ntfctn";
        };
    }
}
