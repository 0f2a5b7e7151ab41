package io.financehub.governance.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The canonical serialisation an audit entry's hash covers, and SHA-256. Each field is written as
 * {@code <length>:<value>;} so no choice of field values can make two different entries serialise alike.
 */
public final class AuditHashing {

    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditHashing() {
    }

    /** Timestamps are hashed at PostgreSQL's precision (microseconds), as stored. */
    public static Instant storedPrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String entryHash(AuditEntry e) {
        StringBuilder canonical = new StringBuilder(512);
        field(canonical, Long.toString(e.seq));
        field(canonical, DateTimeFormatter.ISO_INSTANT.format(storedPrecision(e.recordedAt)));
        field(canonical, e.actor);
        field(canonical, e.flow);
        field(canonical, e.correlationId);
        field(canonical, e.subject);
        field(canonical, e.action);
        field(canonical, e.payloadDigest);
        field(canonical, e.summary);
        field(canonical, e.mappingVersion);
        field(canonical, e.prevHash);
        return sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void field(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        out.append(v.length()).append(':').append(v).append(';');
    }

    /** SHA-256 of a file, read streaming (files of any size). */
    public static String sha256Hex(java.nio.file.Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + " to compute its digest: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
