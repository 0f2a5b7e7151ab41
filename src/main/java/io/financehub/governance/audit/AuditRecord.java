package io.financehub.governance.audit;

import java.nio.charset.StandardCharsets;

/**
 * What a flow asks the audit trail to record: who did what to which business subject, under which
 * correlation id, with a digest of the payload and a human summary (masked before it is stored).
 */
public record AuditRecord(String actor, String flow, String correlationId, String subject, String action,
        String payloadDigest, String summary) {

    public AuditRecord {
        require(actor, "actor");
        require(flow, "flow");
        require(correlationId, "correlationId");
        require(subject, "subject");
        require(action, "action");
        require(payloadDigest, "payloadDigest");
        summary = summary == null ? "" : summary;
    }

    public static AuditRecord of(String actor, String flow, String correlationId, String subject, String action,
            byte[] payload, String summary) {
        return new AuditRecord(actor, flow, correlationId, subject, action, AuditHashing.sha256Hex(payload), summary);
    }

    public static AuditRecord of(String actor, String flow, String correlationId, String subject, String action,
            String payload, String summary) {
        return of(actor, flow, correlationId, subject, action,
                payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8), summary);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit record needs a " + name);
        }
    }
}
