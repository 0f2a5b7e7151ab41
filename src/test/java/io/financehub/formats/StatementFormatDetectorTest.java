package io.financehub.formats;

import io.financehub.formats.StatementFormatException.Code;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvStatementReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.financehub.formats.dispatch.StatementReaders;
import io.financehub.formats.dispatch.StatementFormatDetector;
import io.financehub.formats.dispatch.DetectedFormat;

class StatementFormatDetectorTest {

    private final StatementFormatDetector detector = new StatementFormatDetector(TestLayouts.all());
    private final StatementReaders readers = new StatementReaders(TestLayouts.all(), CsvStatementReader.standalone(),
            Charset.forName("windows-1252"), CamtStatementReader.Options.DEFAULT);

    private static final String XXE = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>";

    private static final String BILLION_LAUGHS = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
            + " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
            + " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
            + " <!ENTITY lol9 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n]>\n"
            + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"053,08,CAMT_053", "053,02,CAMT_053", "054,04,CAMT_054", "052,08,CAMT_052"})
    void camtIsRecognisedByItsNamespaceWithVersion(String message, String version, StatementFormat expected) {
        DetectedFormat f = detector.detect("no-extension", utf8("\uFEFF<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt."
                + message + ".001." + version + "\"><X/></Document>"));
        assertEquals(expected, f.format());
        assertEquals(Optional.of("001." + version), f.version());
        assertEquals("camt." + message + ".001." + version, f.describe());
        assertEquals("camt." + message, f.headerValue());
    }

    @Test
    void mt940IsRecognisedWithAndWithoutSwiftEnvelope() {
        String bare = ":20:REF\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:60F:C240301EUR100,00\r\n:62F:C240301EUR100,00\r\n-\r\n";
        assertEquals(StatementFormat.MT940, detector.detect("a.txt", utf8(bare)).format());
        String wrapped = "{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:\r\n" + bare.replace("-\r\n", "-}");
        assertEquals(StatementFormat.MT940, detector.detect("a.xml", utf8(wrapped)).format(), "the name does not matter, the content does");
    }

    @Test
    void mt942IsRecognisedAndRefusedAsNoStatement() {
        String mt942 = "{1:F01BANKBEBBAXXX0000000000}{2:O9421332080620BANKBEBBAXXX}{4:\n:20:X\n:25:123\n:28C:1/1\n:34F:EUR0,\n:13D:2406201200+0100\n-}";
        DetectedFormat f = detector.detect("i.sta", utf8(mt942));
        assertEquals(StatementFormat.MT942, f.format());
        assertFalse(f.format().isReadable());
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> readers.readAll("i.sta", utf8(mt942)));
        assertEquals(Code.UNSUPPORTED_FORMAT, e.code());
    }

    @Test
    void csvIsRecognisedByExactlyOneLayout() {
        String csv = "\"Date\",\"Label\",\"Amount\",\"D/C\",\"Balance\",\"Partner Name\",\"Bank Account\"\n\"12/15/2018\",\"x\",\"1.00\",\"C\",\"1.00\",\"\",\"\"\n";
        DetectedFormat f = detector.detect("export.csv", utf8(csv));
        assertEquals(StatementFormat.CSV, f.format());
        assertEquals(Optional.of("oca-dc-indicator"), f.csvLayoutId());
        assertEquals("csv:oca-dc-indicator", f.describe());
    }

    @Test
    void zeroByteFileIsRejectedAsEmpty() {
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> detector.detect("empty.xml", new byte[0]));
        assertEquals(Code.EMPTY_FILE, e.code());
        assertTrue(e.getMessage().contains("empty.xml"), e.getMessage());
    }

    @Test
    void whitespaceOnlyFileIsRejectedAsEmpty() {
        assertEquals(Code.EMPTY_FILE, assertThrows(StatementFormatException.class, () -> detector.detect("blank.txt", utf8(" \r\n\t\n"))).code());
    }

    @Test
    void utf16WithoutByteOrderMarkIsAWrongEncoding() {
        byte[] utf16 = ":20:REF\n:25:X\n:60F:C240301EUR1,00\n".getBytes(StandardCharsets.UTF_16LE);
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> detector.detect("utf16.sta", utf16));
        assertEquals(Code.WRONG_ENCODING, e.code());
        assertTrue(e.reason().contains("UTF-16 without a byte-order mark"), e.reason());
    }

    @Test
    void binaryContentIsRejected() {
        byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00};
        assertEquals(Code.WRONG_ENCODING, assertThrows(StatementFormatException.class, () -> detector.detect("statement.zip", zip)).code());
        byte[] noNul = {(byte) 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x7f, 0x7f};
        assertEquals(Code.UNKNOWN_FORMAT, assertThrows(StatementFormatException.class, () -> detector.detect("image.png", noNul)).code());
    }

    @Test
    void xxePayloadIsRefusedAndNeverExpanded() {
        StatementFormatException detected = assertThrows(StatementFormatException.class, () -> detector.detect("xxe.xml", utf8(XXE)));
        assertEquals(Code.FORBIDDEN_XML, detected.code());
        StatementFormatException read = assertThrows(StatementFormatException.class,
                () -> CamtStatementReader.readAll(utf8(XXE), "xxe.xml", CamtStatementReader.Options.DEFAULT));
        assertEquals(Code.FORBIDDEN_XML, read.code());
        assertFalse(read.getMessage().contains("root:"), "nothing from /etc/passwd leaks into the message");
    }

    @Test
    void billionLaughsIsRefusedAndNeverExpanded() {
        long before = System.nanoTime();
        assertEquals(Code.FORBIDDEN_XML, assertThrows(StatementFormatException.class, () -> detector.detect("lol.xml", utf8(BILLION_LAUGHS))).code());
        StatementFormatException read = assertThrows(StatementFormatException.class,
                () -> CamtStatementReader.readAll(utf8(BILLION_LAUGHS), "lol.xml", CamtStatementReader.Options.DEFAULT));
        assertEquals(Code.FORBIDDEN_XML, read.code());
        assertTrue(System.nanoTime() - before < 5_000_000_000L, "refused quickly, not expanded");
    }

    @Test
    void malformedXmlIsRejectedNamingTheLine() {
        StatementFormatException e = assertThrows(StatementFormatException.class,
                () -> detector.detect("bad.xml", utf8("<?xml version=\"1.0\"?>\n<message>\n<AppHdr <</message>")));
        assertEquals(Code.MALFORMED_XML, e.code());
        assertEquals(3, e.location().line().getAsInt());
        // damage after the Document start is found by the reader, which reads everything
        byte[] late = utf8("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><<</Document>");
        assertEquals(StatementFormat.CAMT_053, detector.detect("late.xml", late).format());
        StatementFormatException read = assertThrows(StatementFormatException.class, () -> readers.readAll("late.xml", late));
        assertEquals(Code.MALFORMED_XML, read.code());
        assertEquals(2, read.location().line().getAsInt());
    }

    @Test
    void truncatedXmlIsReportedAsTruncatedWithLineAndColumnNotAsEntities() {
        String camt = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt><GrpHdr><MsgId>M";
        StatementFormatException detected = assertThrows(StatementFormatException.class, () -> readers.readAll("cut.xml", utf8(camt)));
        assertEquals(Code.TRUNCATED, detected.code());
        assertTrue(detected.reason().contains("the file is truncated"), detected.reason());
        assertFalse(detected.reason().contains("entities"), detected.reason());
        assertEquals(3, detected.location().line().getAsInt());
        assertTrue(detected.location().column().isPresent());
        StatementFormatException beforeDocument = assertThrows(StatementFormatException.class,
                () -> detector.detect("cut.xml", utf8("<?xml version=\"1.0\"?>\n<message>\n<AppHdr")));
        assertEquals(Code.TRUNCATED, beforeDocument.code());
    }

    @Test
    void camtVersionTheHubDoesNotKnowIsRefusedAtDetection() {
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> detector.detect("v99.xml",
                utf8("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.99\"><BkToCstmrStmt/></Document>")));
        assertEquals(Code.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.reason().contains("camt.053.001.99"), e.reason());
    }

    @Test
    void wellFormedXmlThatIsNoStatementIsRejected() {
        String pain = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn/></Document>";
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> detector.detect("pain.xml", utf8(pain)));
        assertEquals(Code.NOT_A_STATEMENT, e.code());
        assertTrue(e.reason().contains("pain.001.001.03"), e.reason());
        StatementFormatException other = assertThrows(StatementFormatException.class, () -> detector.detect("rss.xml", utf8("<rss><channel/></rss>")));
        assertEquals(Code.NOT_A_STATEMENT, other.code());
    }

    @Test
    void unknownTextIsRejectedListingTheKnownLayouts() {
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> detector.detect("notes.txt", utf8("Dear bank,\nplease send...\n")));
        assertEquals(Code.UNKNOWN_FORMAT, e.code());
        assertTrue(e.reason().contains("ing-de"), e.reason());
    }

    @Test
    void detectionNeedsOnlyTheBeginningOfALargeFile() {
        StringBuilder big = new StringBuilder("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>");
        while (big.length() < 3 * StatementFormatDetector.HEAD_BYTES) {
            big.append("<GrpHdr><MsgId>é</MsgId></GrpHdr>");
        }
        assertEquals(StatementFormat.CAMT_053, detector.detect("big.xml", utf8(big.toString())).format());
    }
}
