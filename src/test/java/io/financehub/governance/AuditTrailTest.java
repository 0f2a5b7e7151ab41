package io.financehub.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.governance.audit.AuditEntry;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.financehub.governance.audit.AuditVerification;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The audit trail is append-only and hash-chained: tampering is found, parallel appends form one chain. */
@QuarkusTest
class AuditTrailTest {

    @Inject
    AuditTrail audit;

    @Inject
    AgroalDataSource dataSource;

    private AuditEntry append(String subject) {
        return audit.append(AuditRecord.of("tester", "bank-statements", "corr-" + UUID.randomUUID(), subject,
                "statement.posted", "payload " + subject, "3 lines posted to journal BNK1 of DE89370400440532013000"));
    }

    @Test
    void anUntouchedChainVerifiesAndSummariesAreMasked() {
        AuditEntry e = append("statement:S1");
        assertTrue(audit.verify().valid(), audit.verify().toString());
        assertFalse(e.summary.contains("DE89370400440532013000"), e.summary);
        assertTrue(e.mappingVersion.startsWith("sha256:"), e.mappingVersion);
        given().auth().preemptive().basic("auditor", "auditor-demo").when().get("/api/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void ordinaryUpdatesAndDeletesAreRefusedByTheDatabase() throws SQLException {
        AuditEntry e = append("statement:S2");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("update audit_entry set summary = 'x' where seq = " + e.seq));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_entry where seq = " + e.seq));
        }
    }

    @Test
    void tamperingWithAnyColumnIsReportedAtThatEntry() throws SQLException {
        List<AuditEntry> entries = List.of(append("statement:T1"), append("statement:T2"), append("statement:T3"));
        AuditEntry target = entries.get(1);
        for (String column : List.of("summary", "actor", "subject", "payload_digest", "mapping_version")) {
            String original = column(target.seq, column);
            String forged = column.equals("payload_digest") ? "f".repeat(64) : original + " (edited)";
            privileged("update audit_entry set " + column + " = ? where seq = ?", forged, target.seq);
            try {
                AuditVerification v = audit.verify();
                assertFalse(v.valid(), column);
                assertEquals(target.seq, v.firstBrokenSeq().orElseThrow(), column + ": " + v);
                given().auth().preemptive().basic("auditor", "auditor-demo").when().get("/api/v1/audit/verify")
                        .then().statusCode(200).body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) target.seq));
            } finally {
                privileged("update audit_entry set " + column + " = ? where seq = ?", original, target.seq);
            }
        }
        assertTrue(audit.verify().valid());
    }

    @Test
    void aDeletedEntryIsReportedAsMissing() throws SQLException {
        AuditEntry first = append("statement:D1");
        append("statement:D2");
        String[] row = new String[12];
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select seq, recorded_at, actor, flow, correlation_id, subject, action, payload_digest, summary, "
                        + "mapping_version, prev_hash, entry_hash from audit_entry where seq = ?")) {
            ps.setLong(1, first.seq);
            var rs = ps.executeQuery();
            assertTrue(rs.next());
            for (int i = 0; i < 12; i++) {
                row[i] = rs.getString(i + 1);
            }
        }
        privileged("delete from audit_entry where seq = ?", null, first.seq);
        try {
            AuditVerification v = audit.verify();
            assertFalse(v.valid());
            assertEquals(first.seq, v.firstBrokenSeq().orElseThrow(), v.toString());
        } finally {
            privilegedInsert(row);
        }
        assertTrue(audit.verify().valid());
    }

    @Test
    void eightParallelWritersProduceOneValidChain() throws Exception {
        long before = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> AuditEntry.count());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        append("parallel:" + writer + ":" + i);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 200, (long) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> AuditEntry.count()));
        AuditVerification v = audit.verify();
        assertTrue(v.valid(), v.toString());
    }

    @Test
    void outboxEntriesCommitWithTheFlowsTransactionAndAreChainedAndMaskedOrNotAtAll() throws Exception {
        String kept = "purchase-order:DE01/OB-" + UUID.randomUUID();
        String rolledBack = "purchase-order:DE01/OB-" + UUID.randomUUID();
        for (String subject : List.of(kept, rolledBack)) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(AuditTrail.OUTBOX_INSERT)) {
                    audit.bindOutbox(ps, 1, AuditRecord.of("tester", "budget-checks", "corr-ob", subject, "budget-check.approve",
                            "decision", "paid from DE89370400440532013000"));
                    ps.executeUpdate();
                }
                if (subject.equals(kept)) {
                    c.commit();
                } else {
                    c.rollback();
                }
                c.setAutoCommit(true);
            }
        }
        audit.outboxed();

        // a query links what is committed to the outbox before it reads: the entry is there at once, in the chain
        List<AuditEntry> entries = audit.bySubject(kept);
        assertEquals(1, entries.size(), entries.toString());
        assertFalse(entries.get(0).summary.contains("DE89370400440532013000"), entries.get(0).summary);
        assertTrue(audit.bySubject(rolledBack).isEmpty(), "a rolled-back transaction leaves no audit entry");
        assertTrue(audit.verify().valid(), audit.verify().toString());
        assertEquals(0, count("select count(*) from audit_outbox"), "linked rows leave the outbox");
        // appended directly and through the outbox, one chain
        AuditEntry after = append("statement:OB2");
        assertEquals(entries.get(0).seq + 1, after.seq);
        assertTrue(audit.verify().valid());
    }

    @Test
    void outboxEntriesAreLinkedByTheWriterWithinItsIntervalWithoutAnyQuery() throws Exception {
        String subject = "purchase-order:DE01/LEFT-" + UUID.randomUUID();
        outboxCommitted(subject);
        assertEquals(1, linkedByTheWriter(subject), "linked by the writer within the interval");
        assertTrue(audit.verify().valid());
    }

    @Test
    void anOutboxEntryCommittedAfterALaterOneWasLinkedIsStillChainedAndFound() throws Exception {
        String early = "purchase-order:DE01/EARLY-" + UUID.randomUUID();
        String late = "purchase-order:DE01/LATE-" + UUID.randomUUID();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (PreparedStatement ps = slow.prepareStatement(AuditTrail.OUTBOX_INSERT)) {
                // takes the lower outbox id, commits last
                audit.bindOutbox(ps, 1, AuditRecord.of("tester", "budget-checks", "corr-early", early, "budget-check.approve", "e", "early"));
                ps.executeUpdate();
            }
            outboxCommitted(late);
            assertEquals(1, linkedByTheWriter(late), "the later entry is linked first");
            slow.commit();
        }
        audit.outboxed();
        assertEquals(1, audit.bySubject(early).size(), "a query links what the writer's quick rounds passed over");
        assertTrue(audit.verify().valid(), audit.verify().toString());
        assertEquals(0, count("select count(*) from audit_outbox"));
    }

    /** An entry committed to the outbox on its own (as a flow's transaction would), the writer told. */
    private void outboxCommitted(String subject) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(AuditTrail.OUTBOX_INSERT)) {
            audit.bindOutbox(ps, 1, AuditRecord.of("tester", "budget-checks", "corr-" + subject, subject, "budget-check.approve", "d", subject));
            ps.executeUpdate();
        }
        audit.outboxed();
    }

    /** Chain entries of the subject once the writer linked it (waits up to 10 s, reading the table, not through a query that links). */
    private long linkedByTheWriter(String subject) throws Exception {
        String sql = "select count(*) from audit_entry where subject = '" + subject + "'";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count(sql) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return count(sql);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String column(long seq, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select " + column + " from audit_entry where seq = ?")) {
            ps.setLong(1, seq);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    /** What an attacker with database superuser rights can do: bypass the append-only triggers. */
    private void privileged(String sql, String value, long seq) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (value != null) {
                    ps.setString(i++, value);
                }
                ps.setLong(i, seq);
                ps.executeUpdate();
            } finally {
                s.execute("set session_replication_role = origin");
            }
        }
    }

    private void privilegedInsert(String[] row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into audit_entry values (?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, Long.parseLong(row[0]));
            for (int i = 1; i < 12; i++) {
                ps.setString(i + 1, row[i]);
            }
            ps.executeUpdate();
        }
    }
}
