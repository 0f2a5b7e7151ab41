package io.financehub.governance.exceptions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A message a flow could not complete (dead letter), kept with what is needed to replay it. */
@Entity
@Table(name = "exception_item")
public class ExceptionItem extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(nullable = false)
    public String flow;
    @Column(name = "route_id", nullable = false)
    public String routeId;
    @Column(name = "replay_endpoint", nullable = false)
    public String replayEndpoint;
    @Column(name = "correlation_id", nullable = false)
    public String correlationId;
    public String subject;
    /** {@code permanent} (fix the cause, then replay) or {@code transient-exhausted} (retries ran out). */
    @Column(name = "error_type", nullable = false)
    public String errorType;
    @Column(name = "error_class", nullable = false)
    public String errorClass;
    @Column(name = "error_message", nullable = false)
    public String errorMessage;
    /** The message body when small; never logged, never returned by the list API. */
    public byte[] payload;
    /** A large payload's kept file, relative to {@code hub.work-dir}; {@link #payload} is then null. */
    @Column(name = "payload_ref")
    public String payloadRef;
    /** SHA-256 (hex) of the payload, inline or kept. */
    @Column(name = "payload_sha256")
    public String payloadSha256;
    @Column(name = "payload_size")
    public Long payloadSize;
    /** Replay-relevant headers as JSON. */
    @Column(nullable = false)
    public String headers;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExceptionState state;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decision_reason")
    public String decisionReason;
    @Version
    public long version;
}
