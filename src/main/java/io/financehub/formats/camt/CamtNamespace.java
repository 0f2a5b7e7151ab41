package io.financehub.formats.camt;

import io.financehub.formats.StatementFormat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises camt message namespaces: ISO's {@code urn:iso:std:iso:20022:tech:xsd:camt.053.001.08} and
 * the XSD-URL style some market practices use (e.g. {@code .../camt.054.001.04.ch.02.xsd}). Any version
 * {@code 001.NN} is accepted: the elements this reader relies on are stable from .02 to the latest.
 */
public record CamtNamespace(StatementFormat format, String version) {

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
