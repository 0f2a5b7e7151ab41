package io.financehub.governance.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of the append-only, hash-chained audit trail. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public long seq;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
    @Column(nullable = false)
    public String actor;
    @Column(nullable = false)
    public String flow;
    @Column(name = "correlation_id", nullable = false)
    public String correlationId;
    @Column(nullable = false)
    public String subject;
    @Column(nullable = false)
    public String action;
    @Column(name = "payload_digest", nullable = false)
    public String payloadDigest;
    @Column(nullable = false)
    public String summary;
    @Column(name = "mapping_version", nullable = false)
    public String mappingVersion;
    @Column(name = "prev_hash", nullable = false)
    public String prevHash;
    @Column(name = "entry_hash", nullable = false)
    public String entryHash;
}
