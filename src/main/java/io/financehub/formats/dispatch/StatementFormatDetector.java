package io.financehub.formats.dispatch;

import io.financehub.canonical.statement.SourceLocation;
import io.financehub.formats.StatementFormatException.Code;
import io.financehub.formats.camt.CamtNamespace;
import io.financehub.formats.csv.CsvLayout;
import io.financehub.formats.csv.CsvStatementReader;
import io.financehub.formats.xml.SafeXml;
import io.financehub.formats.xml.XmlFailure;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import io.financehub.formats.StatementFormat;
import io.financehub.formats.StatementFormatException;

/**
 * Tells what a statement file is from its content, never from its name: XML by its root namespace
 * (camt.052/053/054 and version), MT940 (or MT942) by its tags with or without the SWIFT envelope, CSV by the
 * {@code detect} pattern of exactly one configured {@link CsvLayout}. Empty, binary, UTF-16-without-BOM,
 * DOCTYPE-carrying and unrecognised content fail with a {@link StatementFormatException} that says why.
 *
 * <p>Only the beginning of the file is needed ({@link #HEAD_BYTES}); a streaming route can detect on a
 * prefix and read the rest after. Thread-safe.
 */
public final class StatementFormatDetector {

    /** How much of a file detection looks at. */
    public static final int HEAD_BYTES = 64 * 1024;

    private static final XMLInputFactory XML = SafeXml.inputFactory();
    private static final Pattern MT_ENVELOPE_942 = Pattern.compile("\\{2:[IO]942");
    private static final Pattern LINE_START_TAG = Pattern.compile("(?m)^\\s*(?:\\{4:)?:(20|25|60F|60M|62F|34F|13D|61):");

    private final List<CsvLayout> layouts;

    public StatementFormatDetector(List<CsvLayout> layouts) {
        this.layouts = List.copyOf(Objects.requireNonNull(layouts, "layouts"));
    }

    public DetectedFormat detect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(file.getFileName().toString(), in.readNBytes(HEAD_BYTES), in.read() < 0);
        } catch (IOException e) {
            throw new StatementFormatException(Code.UNKNOWN_FORMAT, "The file cannot be read: " + e.getMessage(),
                    SourceLocation.file(file.getFileName().toString()), "Check the file's permissions and try again", e);
        }
    }

    /** Detects from the whole content. */
    public DetectedFormat detect(String fileName, byte[] content) {
        return detect(fileName, content.length > HEAD_BYTES ? java.util.Arrays.copyOf(content, HEAD_BYTES) : content,
                content.length <= HEAD_BYTES);
    }

    /**
     * Detects from the first bytes of a file.
     *
     * @param complete whether {@code head} is the whole file (false: a prefix, possibly cut mid-character)
     */
    public DetectedFormat detect(String fileName, byte[] head, boolean complete) {
        SourceLocation where = SourceLocation.file(fileName);
        if (head.length == 0) {
            throw new StatementFormatException(Code.EMPTY_FILE, "The file is empty (0 bytes)", where,
                    "Ask the bank for the statement again; an empty download is not a statement");
        }
        int start = 0;
        boolean utf16Bom = false;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            start = 3;
        } else if (head.length >= 2 && (((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)
                || ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF))) {
            utf16Bom = true;
        }
        if (!utf16Bom) {
            for (int i = start; i < head.length; i++) {
                if (head[i] == 0) {
                    throw new StatementFormatException(Code.WRONG_ENCODING,
                            "Wrong encoding: the file contains NUL bytes (first at byte " + i
                                    + "), so it is UTF-16 without a byte-order mark or a binary file, not a statement", where,
                            "Export the statement as camt XML, MT940 or CSV text (UTF-8, ISO-8859-1/15 or Windows-1252)");
                }
            }
        }
        String text = sniffText(head, start, utf16Bom, complete);
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new StatementFormatException(Code.EMPTY_FILE, "The file contains only whitespace", where,
                    "Ask the bank for the statement again; an empty download is not a statement");
        }
        if (trimmed.startsWith("<")) {
            return detectXml(fileName, head, complete);
        }
        if (LINE_START_TAG.matcher(text).find() && text.contains(":20:")) {
            boolean has60 = text.contains(":60F:") || text.contains(":60M:");
            if (MT_ENVELOPE_942.matcher(text).find() || (!has60 && (text.contains(":34F:") || text.contains(":13D:")))) {
                return new DetectedFormat(StatementFormat.MT942, Optional.empty(), Optional.empty(), Optional.empty());
            }
            if (has60 || text.contains(":61:")) {
                return new DetectedFormat(StatementFormat.MT940, Optional.empty(), Optional.empty(), Optional.empty());
            }
        }
        List<CsvLayout> matching = new ArrayList<>();
        for (CsvLayout layout : layouts) {
            if (CsvStatementReader.matches(layout, text)) {
                matching.add(layout);
            }
        }
        if (matching.size() == 1) {
            CsvLayout layout = matching.get(0);
            return new DetectedFormat(StatementFormat.CSV, Optional.empty(), Optional.of(layout.id()), layout.charset());
        }
        if (matching.size() > 1) {
            throw new StatementFormatException(Code.UNKNOWN_FORMAT, "The file matches several CSV layouts: "
                    + matching.stream().map(CsvLayout::id).toList(), where,
                    "Make the layouts' detect patterns more specific so that exactly one matches");
        }
        throw new StatementFormatException(Code.UNKNOWN_FORMAT,
                "The content is neither camt XML, nor MT940, nor a CSV export matching a configured layout "
                        + layouts.stream().map(CsvLayout::id).toList(), where,
                "Check that the file is a bank statement; for a new bank CSV export add a layout under mappings/csv-layouts");
    }

    /** Text for sniffing only: UTF-8 when it decodes, else ISO-8859-1 (which never fails); the reader decodes strictly. */
    private static String sniffText(byte[] head, int start, boolean utf16Bom, boolean complete) {
        if (utf16Bom) {
            Charset cs = (head[0] & 0xFF) == 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
            return new String(head, 2, (head.length - 2) & ~1, cs);
        }
        int end = head.length;
        if (!complete) {
            for (int i = head.length - 1; i > start; i--) {
                if (head[i] == '\n') {
                    end = i;
                    break;
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            return new String(head, start, end - start, StandardCharsets.ISO_8859_1);
        }
    }

    private static DetectedFormat detectXml(String fileName, byte[] head, boolean complete) {
        XMLStreamReader reader = null;
        int elements = 0;
        String root = null;
        String rootNs = null;
        try {
            reader = XML.createXMLStreamReader(new ByteArrayInputStream(head));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new StatementFormatException(Code.FORBIDDEN_XML,
                            "The XML contains a DOCTYPE declaration, which is refused (external entities and entity expansion are not allowed)",
                            location(fileName, reader.getLocation(), null),
                            "Ask the bank for the plain camt file; statement files never need a DOCTYPE");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    elements++;
                    if (root == null) {
                        root = reader.getLocalName();
                        rootNs = reader.getNamespaceURI();
                    }
                    if (reader.getLocalName().equals("Document")) {
                        String ns = reader.getNamespaceURI();
                        Optional<CamtNamespace> camt = CamtNamespace.parse(ns);
                        if (camt.isPresent() && !camt.get().isSupported()) {
                            throw new StatementFormatException(Code.UNSUPPORTED_FORMAT, camt.get().unsupportedReason(),
                                    location(fileName, reader.getLocation(), "Document/@xmlns"),
                                    "Ask the bank for the statement in a supported camt version, or have the hub extended for this one");
                        }
                        if (camt.isPresent()) {
                            StatementFormat f = camt.get().format();
                            return new DetectedFormat(f, Optional.of(camt.get().version()), Optional.empty(), Optional.empty());
                        }
                        throw new StatementFormatException(Code.NOT_A_STATEMENT,
                                "The XML Document has namespace '" + (ns == null ? "" : ns)
                                        + "', which is not a camt.052, camt.053 or camt.054 namespace",
                                location(fileName, reader.getLocation(), "Document"),
                                "Check that this is a bank statement in ISO 20022 camt format; other XML documents cannot be imported");
                    }
                    if (elements > 200) {
                        break;
                    }
                }
            }
        } catch (XMLStreamException e) {
            boolean cutByThePrefix = !complete && (XmlFailure.of(e).kind() == XmlFailure.Kind.TRUNCATED
                    || (e.getLocation() != null && e.getLocation().getCharacterOffset() >= head.length - 16));
            if (!cutByThePrefix) {
                throw StatementFormatException.xml(e, fileName);
            }
            // the prefix ended mid-element before a Document was seen
            root = root + " (prefix)";
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the in-memory stream
                }
            }
        }
        throw new StatementFormatException(Code.NOT_A_STATEMENT,
                "The XML (root '" + root + "'" + (rootNs == null || rootNs.isEmpty() ? "" : ", namespace '" + rootNs + "'")
                        + ") is not an ISO 20022 camt.052/053/054 statement", SourceLocation.file(fileName),
                "Check that this is a bank statement; other XML documents cannot be imported");
    }

    private static SourceLocation location(String fileName, Location loc, String path) {
        return loc == null ? SourceLocation.file(fileName).withPath(path)
                : SourceLocation.of(fileName, loc.getLineNumber(), loc.getColumnNumber(), path);
    }
}
