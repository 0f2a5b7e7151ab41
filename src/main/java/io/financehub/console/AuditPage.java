package io.financehub.console;

import io.financehub.api.Roles;
import io.financehub.governance.audit.AuditEntry;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.audit.AuditVerification;
import io.financehub.governance.masking.Masking;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** The audit trail for auditors (as the API): search by correlation id or subject, the newest entries, and the hash chain's verification. */
@Path("/console/audit")
@ConsolePage
public class AuditPage {

    static final int LATEST = 100;

    public record EntryRow(long seq, Instant recordedAt, String actor, String flow, String correlationId, String subject, String action,
            String summary, String payloadDigest, String entryHash) {

        static EntryRow of(AuditEntry e) {
            return new EntryRow(e.seq, e.recordedAt, e.actor, e.flow, e.correlationId, Masking.maskIbans(e.subject), e.action,
                    Masking.withoutSecrets().mask(e.summary), e.payloadDigest, e.entryHash);
        }
    }

    /** The chain's verification: valid, how many entries, the first broken one and why. */
    public record Verified(boolean valid, long entriesChecked, Long firstBrokenSeq, String reason, Instant at) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditTrail audit;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.AUDITOR)
    public Response search(@QueryParam("correlationId") String correlationId, @QueryParam("subject") String subject,
            @QueryParam("verify") String verify, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        String c = correlationId == null ? "" : correlationId.trim();
        String s = subject == null ? "" : subject.trim();
        List<AuditEntry> found;
        String searched;
        if (!c.isEmpty()) {
            found = audit.byCorrelationId(c);
            searched = "correlation id " + c;
        } else if (!s.isEmpty()) {
            found = audit.bySubject(s);
            searched = "subject " + s;
        } else {
            found = audit.latest(LATEST);
            searched = null;
        }
        Verified verified = null;
        if (verify != null) {
            AuditVerification v = audit.verify();
            verified = new Verified(v.valid(), v.entriesChecked(), v.firstBrokenSeq().orElse(null), v.reason().orElse(null), Instant.now());
        }
        return Pages.html(Views.audit(pages.page(request, identity, Section.AUDIT, "Audit trail", flash),
                found.stream().map(EntryRow::of).toList(), c, s, searched, verified).render());
    }
}
