package io.financehub.flows.bankstatements;

import io.financehub.governance.audit.AuditHashing;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;

/**
 * The content of one received statement file, readable as often as the import needs (detection, the
 * validation pass, the posting pass, archive or quarantine) without holding it in memory: a file from the
 * inbox (or downloaded from a remote one to its local work directory) is read from disk each time; an upload (bounded in size by the API) or an exception replay is
 * already in memory.
 */
public final class StatementSource {

    private final Path file;
    private final byte[] bytes;
    private final String digest;

    private StatementSource(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
        this.digest = computeDigest();
    }

    /** From an exchange body: a file consumed from the inbox, or bytes (upload, replay, anything convertible). */
    public static StatementSource of(Object body, java.util.function.Supplier<byte[]> asBytes) {
        if (body instanceof GenericFile<?> generic && generic.getFile() instanceof File f && f.isFile()) {
            return new StatementSource(f.toPath(), null);
        }
        // a file from a remote inbox (sftp:, ftp:) downloaded to its localWorkDirectory
        if (body instanceof GenericFile<?> remote && remote.getBody() instanceof File f && f.isFile()) {
            return new StatementSource(f.toPath(), null);
        }
        if (body instanceof File f && f.isFile()) {
            return new StatementSource(f.toPath(), null);
        }
        if (body instanceof Path p && Files.isRegularFile(p)) {
            return new StatementSource(p, null);
        }
        byte[] content = asBytes.get();
        return new StatementSource(null, content == null ? new byte[0] : content);
    }

    /** A fresh stream over the whole content; the caller closes it. */
    public InputStream open() {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("The received file " + file.getFileName() + " cannot be read", e);
        }
    }

    /** SHA-256 of the content, hex. */
    public String digest() {
        return digest;
    }

    /** The first {@code max} bytes and whether they are the whole content. */
    public Head head(int max) {
        try (InputStream in = open()) {
            byte[] head = in.readNBytes(max);
            return new Head(head, in.read() < 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to hand to a file producer (archive, quarantine): the file itself, streamed by Camel, or the bytes. */
    public Object body() {
        return bytes != null ? bytes : file.toFile();
    }

    private String computeDigest() {
        return bytes != null ? AuditHashing.sha256Hex(bytes) : AuditHashing.sha256Hex(file);
    }

    /** First bytes of the content. */
    public record Head(byte[] bytes, boolean complete) {
    }
}
