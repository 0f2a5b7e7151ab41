package io.financehub.formats;

import io.financehub.formats.StatementFormatException.Code;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDecodingTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final Charset LATIN9 = Charset.forName("ISO-8859-15");

    @Test
    void utf8ByteOrderMarkIsRecognisedAndDropped() {
        byte[] bytes = ("\uFEFF" + "Gebühr 5 €").getBytes(StandardCharsets.UTF_8);
        TextDecoding.DecodedText text = TextDecoding.decode(bytes, "bom.csv", Optional.of(LATIN9), CP1252);
        assertEquals("Gebühr 5 €", text.text());
        assertEquals(StandardCharsets.UTF_8, text.charset());
        assertTrue(text.hadBom());
    }

    @Test
    void utf8WithoutBomWinsOverADeclaredSingleByteCharset() {
        TextDecoding.DecodedText text = TextDecoding.decode("Müller".getBytes(StandardCharsets.UTF_8), "u.csv", Optional.of(StandardCharsets.ISO_8859_1), CP1252);
        assertEquals("Müller", text.text());
    }

    @Test
    void iso885915EuroSignDecodesWithTheDeclaredCharset() {
        byte[] bytes = "Betrag 10 €".getBytes(LATIN9);
        assertEquals((byte) 0xA4, bytes[bytes.length - 1]);
        assertEquals("Betrag 10 €", TextDecoding.decode(bytes, "l9.csv", Optional.of(LATIN9), CP1252).text());
    }

    @Test
    void windows1252EuroSignDecodesWithTheFallback() {
        byte[] bytes = "Betrag 10 € – Müller".getBytes(CP1252);
        assertEquals((byte) 0x80, bytes[10]);
        TextDecoding.DecodedText text = TextDecoding.decode(bytes, "w.sta", Optional.empty(), CP1252);
        assertEquals("Betrag 10 € – Müller", text.text());
        assertEquals(CP1252, text.charset());
    }

    @Test
    void iso88591CharactersDecode() {
        assertEquals("Straße", TextDecoding.decode("Straße".getBytes(StandardCharsets.ISO_8859_1), "l1.csv",
                Optional.of(StandardCharsets.ISO_8859_1), CP1252).text());
    }

    @Test
    void windows1252DeclaredAsIso885915IsAWrongEncodingNamingTheLine() {
        byte[] bytes = "line one\nBetrag 10 €\n".getBytes(CP1252);
        StatementFormatException e = assertThrows(StatementFormatException.class, () -> TextDecoding.decode(bytes, "x.csv", Optional.of(LATIN9), CP1252));
        assertEquals(Code.WRONG_ENCODING, e.code());
        assertEquals(2, e.location().line().getAsInt());
        assertTrue(e.reason().contains("U+0080"), e.reason());
    }

    @Test
    void bytesUndefinedInWindows1252AreAWrongEncoding() {
        byte[] bytes = {'a', (byte) 0x81, 'b'};
        assertEquals(Code.WRONG_ENCODING, assertThrows(StatementFormatException.class,
                () -> TextDecoding.decode(bytes, "x.sta", Optional.empty(), CP1252)).code());
    }

    @Test
    void utf16WithByteOrderMarkIsAccepted() {
        byte[] body = ":20:X".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        assertEquals(":20:X", TextDecoding.decode(bytes, "u16.sta", Optional.empty(), CP1252).text());
    }

    @Test
    void nulBytesWithoutBomAreAWrongEncoding() {
        assertEquals(Code.WRONG_ENCODING, assertThrows(StatementFormatException.class,
                () -> TextDecoding.decode(":20:X".getBytes(StandardCharsets.UTF_16BE), "u16.sta", Optional.empty(), CP1252)).code());
    }

    @Test
    void emptyFileIsRejected() {
        assertEquals(Code.EMPTY_FILE, assertThrows(StatementFormatException.class,
                () -> TextDecoding.decode(new byte[0], "e.sta", Optional.empty(), CP1252)).code());
    }
}
