package io.financehub.flows.payments;

import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.SchemaValidationResult;
import io.financehub.formats.pain.XsdValidator;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.transform.stream.StreamSource;
import org.apache.commons.io.output.TeeOutputStream;

/**
 * Writes a payment file once: the pain.001 is streamed from the writer straight into its (temporary) file, its
 * SHA-256 computed on the way, and the very same bytes are validated against the compiled schema while they are
 * written (a second thread reads them from a {@link BytePipe}); the file is forced to disk before it is reported
 * valid. Nothing holds the whole document (no byte array, String or DOM) and nothing reads it back, so a
 * 100,000-payment batch costs the heap of a small one, and on a machine with a free core validation adds little
 * to the rendering time.
 */
final class PaymentFileOutput {

    /** A written and validated file. */
    record Written(Path file, String sha256, long bytes) {
    }

    private static final ExecutorService VALIDATORS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "payment-file-validator");
        t.setDaemon(true);
        return t;
    });

    private PaymentFileOutput() {
    }

    /**
     * Renders {@code message} into {@code file} (created or truncated) and validates the bytes written; on a schema
     * violation the file is removed and the violation thrown ({@link io.financehub.formats.pain.PaymentFormatException}).
     */
    static Written write(Pain001Writer writer, PaymentMessage message, XsdValidator schema, Path file, String documentName) {
        MessageDigest sha = sha256();
        BytePipe pipe = new BytePipe();
        Future<SchemaValidationResult> validation = VALIDATORS.submit(() -> {
            try {
                return schema.validate(new StreamSource(pipe.source(), file.toUri().toString()), documentName);
            } finally {
                pipe.drain();
            }
        });
        OutputStream toValidator = pipe.sink();
        try {
            try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
                OutputStream out = new DigestOutputStream(new TeeOutputStream(new BufferedOutputStream(fos, 1 << 16), toValidator), sha);
                writer.write(message, out);
                out.flush();
                toValidator.close();
                // the saga records DELIVERED only after the rename: the bytes must be on disk before that
                fos.getFD().sync();
            }
            result(validation).requireValid();
            return new Written(file, HexFormat.of().formatHex(sha.digest()), Files.size(file));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write the payment file " + file + ": " + e.getMessage()
                    + "; check that the outbox directory (under hub.work-dir) exists, is a directory and is writable", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        } finally {
            // whatever failed, the validator sees the end of the data and stops; wait so no thread outlives the call
            try {
                toValidator.close();
            } catch (IOException ignored) {
                // interrupted: the validator is left to the interrupt as well
            }
            try {
                validation.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // reported above when it mattered
            }
        }
    }

    private static SchemaValidationResult result(Future<SchemaValidationResult> validation) throws IOException {
        try {
            return validation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while validating the payment file");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("validating the payment file failed: " + e.getCause().getMessage(), e.getCause());
        }
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
