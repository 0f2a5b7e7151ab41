package io.financehub.governance.audit;

import java.util.Optional;

/** Outcome of verifying the audit chain: valid, or the first entry where it breaks and why. */
public record AuditVerification(boolean valid, long entriesChecked, Optional<Long> firstBrokenSeq, Optional<String> reason) {

    public static AuditVerification ok(long checked) {
        return new AuditVerification(true, checked, Optional.empty(), Optional.empty());
    }

    public static AuditVerification broken(long checked, long seq, String reason) {
        return new AuditVerification(false, checked, Optional.of(seq), Optional.of(reason));
    }
}
