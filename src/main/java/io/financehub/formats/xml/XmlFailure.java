package io.financehub.formats.xml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import java.util.Locale;

/**
 * Why the JDK's StAX parser gave up on a document, in words an operator can act on: a file cut short, a second
 * document or other content after the first one's end, a refused entity or DTD, or some other well-formedness
 * error. The parser's own message is kept as {@link #detail()}; {@link #line()}/{@link #column()} are where it stopped
 * (0 when unknown).
 */
public record XmlFailure(Kind kind, String detail, int line, int column) {

    /** The kinds an operator needs to tell apart. */
    public enum Kind {
        /** The document ends before its elements are closed: the file was cut short (transfer, disk, export). */
        TRUNCATED,
        /** A second root element or XML declaration follows the first document: two files glued together. */
        SECOND_DOCUMENT,
        /** Text after the end of the document. */
        TRAILING_CONTENT,
        /** An entity reference or DTD construct, refused for security (XXE, entity expansion). */
        FORBIDDEN,
        /** Any other well-formedness error. */
        MALFORMED
    }

    public static XmlFailure of(XMLStreamException e) {
        String raw = e.getMessage() == null ? "" : e.getMessage();
        String detail = raw.replaceAll("(?s)^ParseError at \\[row,col\\]:\\[-?\\d+,-?\\d+\\]\\s*Message:\\s*", "").strip();
        String lower = detail.toLowerCase(Locale.ROOT);
        Kind kind;
        if (lower.contains("must start and end within the same entity") || lower.contains("premature end of file")
                || lower.contains("unexpected eof") || lower.contains("end of file")) {
            kind = Kind.TRUNCATED;
        } else if (lower.contains("following the root element") || lower.contains("[xx][mm][ll]")) {
            kind = Kind.SECOND_DOCUMENT;
        } else if (lower.contains("trailing section")) {
            kind = Kind.TRAILING_CONTENT;
        } else if (lower.contains("was referenced, but not declared") || lower.contains("doctype") || lower.contains("dtd")
                || lower.contains("entity reference") || lower.contains("external entit")) {
            kind = Kind.FORBIDDEN;
        } else {
            kind = Kind.MALFORMED;
        }
        Location loc = e.getLocation();
        return new XmlFailure(kind, detail, loc == null ? 0 : loc.getLineNumber(), loc == null ? 0 : loc.getColumnNumber());
    }

    /** What is wrong, in one sentence for the operator. */
    public String reason() {
        return switch (kind) {
            case TRUNCATED -> "The XML ends before the document is complete: the file is truncated (" + detail + ")";
            case SECOND_DOCUMENT -> "The file holds more than one XML document: another one starts after the end of the first ("
                    + detail + ")";
            case TRAILING_CONTENT -> "The file has content after the end of its XML document (" + detail + ")";
            case FORBIDDEN -> "The XML uses entities or a DTD, which are refused (" + detail + ")";
            case MALFORMED -> "The XML is not well-formed: " + detail;
        };
    }

    /** What the operator can do about it. */
    public String action() {
        return switch (kind) {
            case TRUNCATED -> "Ask the bank for the complete file; nothing from this one was imported";
            case SECOND_DOCUMENT, TRAILING_CONTENT -> "Ask the bank to send each statement file separately and unmodified; "
                    + "nothing from this file was imported";
            case FORBIDDEN -> "Ask the bank for the plain camt file; statement files never need a DOCTYPE or custom entities";
            case MALFORMED -> "The file is damaged; ask the bank for the file again";
        };
    }
}
