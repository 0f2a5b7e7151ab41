package io.financehub.governance.audit;

import io.financehub.governance.masking.Masking;
import io.financehub.mapping.MappingVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The tamper-evident audit trail: appends hash-chained entries and verifies the chain. Appends take the
 * chain head's row lock, so parallel routes and several hub instances on one database still produce one
 * unbroken chain. Each append commits on its own: the entry records a movement that has happened.
 */
@ApplicationScoped
@Named("auditTrail")
public class AuditTrail {

    private static final int VERIFY_PAGE = 1000;

    @Inject
    EntityManager em;

    @Inject
    MappingVersion mappingVersion;

    Clock clock = Clock.systemUTC();

    private final Masking masking = Masking.withoutSecrets();

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AuditEntry append(AuditRecord record) {
        Object[] head = (Object[]) em.createNativeQuery(
                "select last_seq, last_hash from audit_chain_head where id = 1 for update").getSingleResult();
        AuditEntry entry = new AuditEntry();
        entry.seq = ((Number) head[0]).longValue() + 1;
        entry.prevHash = ((String) head[1]).trim();
        entry.recordedAt = AuditHashing.storedPrecision(clock.instant());
        entry.actor = record.actor();
        entry.flow = record.flow();
        entry.correlationId = record.correlationId();
        entry.subject = masking.mask(record.subject());
        entry.action = record.action();
        entry.payloadDigest = record.payloadDigest();
        entry.summary = masking.mask(record.summary());
        entry.mappingVersion = mappingVersion.current();
        entry.entryHash = AuditHashing.entryHash(entry);
        em.persist(entry);
        em.createNativeQuery("update audit_chain_head set last_seq = ?1, last_hash = ?2 where id = 1")
                .setParameter(1, entry.seq).setParameter(2, entry.entryHash).executeUpdate();
        return entry;
    }

    @Transactional
    public List<AuditEntry> byCorrelationId(String correlationId) {
        return AuditEntry.list("correlationId = ?1 order by seq", correlationId);
    }

    @Transactional
    public List<AuditEntry> bySubject(String subject) {
        return AuditEntry.list("subject = ?1 order by seq", masking.mask(subject));
    }

    /**
     * Recomputes every entry's hash in order and checks the links, the sequence (a deleted row is a gap)
     * and the chain head (a removed tail). Reads page by page, so the trail's size does not matter.
     */
    @Transactional
    public AuditVerification verify() {
        String expectedPrev = AuditHashing.GENESIS_HASH;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> page = em.createQuery("from AuditEntry where seq >= :from order by seq", AuditEntry.class)
                    .setParameter("from", expectedSeq).setMaxResults(VERIFY_PAGE).getResultList();
            if (page.isEmpty()) {
                break;
            }
            for (AuditEntry e : page) {
                if (e.seq != expectedSeq) {
                    return AuditVerification.broken(checked, expectedSeq,
                            "entry " + expectedSeq + " is missing (the next entry is " + e.seq + ")");
                }
                if (!Objects.equals(e.prevHash == null ? null : e.prevHash.trim(), expectedPrev)) {
                    return AuditVerification.broken(checked, e.seq,
                            "entry " + e.seq + " does not link to the previous entry's hash");
                }
                String recomputed = AuditHashing.entryHash(e);
                if (!recomputed.equals(e.entryHash == null ? null : e.entryHash.trim())) {
                    return AuditVerification.broken(checked, e.seq,
                            "entry " + e.seq + " was altered: its content no longer matches its hash");
                }
                expectedPrev = recomputed;
                expectedSeq++;
                checked++;
            }
            em.clear();
        }
        Object[] head = (Object[]) em.createNativeQuery("select last_seq, last_hash from audit_chain_head where id = 1")
                .getSingleResult();
        long headSeq = ((Number) head[0]).longValue();
        if (headSeq != checked || !((String) head[1]).trim().equals(expectedPrev)) {
            return AuditVerification.broken(checked, checked + 1,
                    "the chain ends at entry " + checked + " but the chain head records entry " + headSeq
                            + ": entries were removed from the end");
        }
        return AuditVerification.ok(checked);
    }
}
