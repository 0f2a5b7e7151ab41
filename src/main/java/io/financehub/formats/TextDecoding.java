package io.financehub.formats;

import io.financehub.canonical.statement.SourceLocation;
import io.financehub.formats.StatementFormatException.Code;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the bytes of a text statement (MT940, CSV) into text without ever guessing silently.
 *
 * <p>Rules, in order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); NUL bytes without a BOM mean
 * UTF-16 without BOM or a binary file and are rejected; content that is valid UTF-8 and contains
 * multi-byte sequences is UTF-8 whatever the layout declares (a single-byte file is practically never
 * valid multi-byte UTF-8, while banks that switched to UTF-8 often forget to update the declaration);
 * otherwise the declared charset, else the fallback, decoded strictly. The result must not contain
 * control characters other than tab, CR, LF and form feed (a trailing DOS end-of-file marker is
 * dropped): C1 controls after ISO-8859-x decoding mean the file was Windows-1252, not ISO-8859-x.
 */
public final class TextDecoding {

    /** Decoded text and the charset it was decoded with. */
    public record DecodedText(String text, Charset charset, boolean hadBom) {
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextDecoding() {
    }

    public static DecodedText decode(byte[] bytes, String fileName, Optional<Charset> declared, Charset fallback) {
        SourceLocation where = SourceLocation.file(fileName);
        if (bytes.length == 0) {
            throw new StatementFormatException(Code.EMPTY_FILE, "The file is empty (0 bytes)", where,
                    "Ask the bank for the statement again; an empty download is not a statement");
        }
        if (startsWith(bytes, UTF8_BOM)) {
            return checked(strict(bytes, 3, StandardCharsets.UTF_8, fileName), StandardCharsets.UTF_8, true, fileName);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return checked(strict(bytes, 2, StandardCharsets.UTF_16LE, fileName), StandardCharsets.UTF_16LE, true, fileName);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return checked(strict(bytes, 2, StandardCharsets.UTF_16BE, fileName), StandardCharsets.UTF_16BE, true, fileName);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new StatementFormatException(Code.WRONG_ENCODING,
                        "Wrong encoding: the file contains NUL bytes (first at byte " + i
                                + "), so it is UTF-16 without a byte-order mark or a binary file", where,
                        "Export the statement as UTF-8, ISO-8859-1/15 or Windows-1252 text, or as UTF-16 with a byte-order mark");
            }
        }
        boolean nonAscii = false;
        for (byte b : bytes) {
            if (b < 0) {
                nonAscii = true;
                break;
            }
        }
        if (!nonAscii) {
            return checked(new String(bytes, StandardCharsets.US_ASCII), declared.orElse(StandardCharsets.UTF_8), false, fileName);
        }
        Optional<String> utf8 = tryStrict(bytes, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            return checked(utf8.get(), StandardCharsets.UTF_8, false, fileName);
        }
        Charset charset = declared.orElse(fallback);
        return checked(strict(bytes, 0, charset, fileName), charset, false, fileName);
    }

    private static DecodedText checked(String text, Charset charset, boolean bom, String fileName) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\u001a') {
            end--;
        }
        String body = end == text.length() ? text : text.substring(0, end);
        int line = 1;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n') {
                line++;
            } else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || (c >= 0x7f && c <= 0x9f)) {
                throw new StatementFormatException(Code.WRONG_ENCODING,
                        String.format("Wrong encoding: decoding as %s gives the control character U+%04X", charset.name(), (int) c),
                        SourceLocation.line(fileName, line),
                        "Check the file's encoding; declare the right charset in the layout (e.g. windows-1252 instead of ISO-8859-15) or ask the bank for UTF-8");
            }
        }
        if (body.isBlank()) {
            throw new StatementFormatException(Code.EMPTY_FILE, "The file contains only whitespace",
                    SourceLocation.file(fileName), "Ask the bank for the statement again; an empty download is not a statement");
        }
        return new DecodedText(body, charset, bom);
    }

    private static Optional<String> tryStrict(byte[] bytes, Charset charset) {
        try {
            return Optional.of(decoder(charset).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String strict(byte[] bytes, int offset, Charset charset, String fileName) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        try {
            CharBuffer out = decoder(charset).decode(in);
            return out.toString();
        } catch (CharacterCodingException e) {
            int position = in.position();
            int line = 1;
            for (int i = offset; i < Math.min(position, bytes.length); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new StatementFormatException(Code.WRONG_ENCODING,
                    "Wrong encoding: the bytes near offset " + position + " are not valid " + charset.name(),
                    SourceLocation.line(fileName, line),
                    "Check the file's encoding and declare the right charset (UTF-8, ISO-8859-1, ISO-8859-15 or windows-1252)", e);
        }
    }

    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
