package io.financehub.flows.bankstatements;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The stored import report of one received file. */
@Entity
@Table(name = "statement_import")
public class StatementImportRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "file_name", nullable = false)
    public String fileName;
    @Column(nullable = false)
    public String channel;
    @Column(nullable = false)
    public String status;
    public String format;
    @Column(name = "correlation_id", nullable = false)
    public String correlationId;
    /** Who handed the file over: the uploading user, or {@code system:bank-statements} for the inbox. */
    public String actor;
    @Column(name = "file_digest", nullable = false)
    public String fileDigest;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "lines_created", nullable = false)
    public int linesCreated;
    @Column(nullable = false)
    public int duplicates;
    @Column(nullable = false)
    public String report;
}
