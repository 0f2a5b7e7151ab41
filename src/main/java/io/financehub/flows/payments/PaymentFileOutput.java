package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.XsdValidator;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.xml.transform.stream.StreamSource;

/**
 * Writes a payment file once: the pain.001 is streamed from the writer straight into its (temporary) file, its
 * SHA-256 computed on the way, the file forced to disk, and then that file is validated, streaming, against the
 * compiled schema. Nothing holds the whole document in memory (no byte array, String or DOM), so a 100,000-payment
 * batch costs the same heap as a small one, and the bytes validated are exactly the bytes that are renamed into the
 * outbox.
 */
final class PaymentFileOutput {

    /** A written and validated file. */
    record Written(Path file, String sha256, long bytes) {
    }

    private PaymentFileOutput() {
    }

    /**
     * Renders {@code message} into {@code file} (created or truncated) and validates it; on a schema violation the
     * file is removed and the violation thrown ({@link io.financehub.formats.pain.PaymentFormatException}).
     */
    static Written write(Pain001Writer writer, PaymentMessage message, XsdValidator schema, Path file, String documentName) {
        MessageDigest sha = sha256();
        try {
            try (FileOutputStream fos = new FileOutputStream(file.toFile());
                    OutputStream out = new DigestOutputStream(new BufferedOutputStream(fos, 1 << 16), sha)) {
                writer.write(message, out);
                out.flush();
                // the saga records DELIVERED only after the rename: the bytes must be on disk before that
                fos.getFD().sync();
            }
            long size = Files.size(file);
            boolean valid = false;
            try {
                try (InputStream in = Files.newInputStream(file)) {
                    schema.validate(new StreamSource(in, file.toUri().toString()), documentName).requireValid();
                }
                valid = true;
            } finally {
                if (!valid) {
                    Files.deleteIfExists(file);
                }
            }
            return new Written(file, HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write the payment file " + file + ": " + e.getMessage()
                    + "; check that the outbox directory (under hub.work-dir) exists, is a directory and is writable", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** SHA-256 of a file, read streaming (a file found in the outbox after a restart). */
    static String sha256(Path file) {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to compute its digest: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the saga's compensation removes the temporary file again
        }
    }
}
