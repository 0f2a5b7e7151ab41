package io.financehub.api;

import io.financehub.governance.audit.AuditEntry;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.audit.AuditVerification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail for auditors: query by correlation id or subject, and verify the hash chain. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    public record AuditView(long seq, Instant recordedAt, String actor, String flow, String correlationId, String subject,
            String action, String payloadDigest, String summary, String mappingVersion, String entryHash) {

        static AuditView of(AuditEntry e) {
            return new AuditView(e.seq, e.recordedAt, e.actor, e.flow, e.correlationId, e.subject, e.action,
                    e.payloadDigest, e.summary, e.mappingVersion, e.entryHash);
        }
    }

    public record VerifyView(boolean valid, long entriesChecked, Long firstBrokenSeq, String reason) {
    }

    @Inject
    AuditTrail audit;

    @GET
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Audit entries by correlation id or by subject")
    public List<AuditView> query(@QueryParam("correlationId") String correlationId, @QueryParam("subject") String subject) {
        if (correlationId != null && !correlationId.isBlank()) {
            return audit.byCorrelationId(correlationId).stream().map(AuditView::of).toList();
        }
        if (subject != null && !subject.isBlank()) {
            return audit.bySubject(subject).stream().map(AuditView::of).toList();
        }
        throw new IllegalArgumentException("Give correlationId or subject as a query parameter");
    }

    @GET
    @Path("/verify")
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Verify the audit trail's hash chain; names the first broken entry")
    public VerifyView verify() {
        AuditVerification v = audit.verify();
        return new VerifyView(v.valid(), v.entriesChecked(), v.firstBrokenSeq().orElse(null), v.reason().orElse(null));
    }
}
