package io.financehub.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.financehub.governance.runtime.HubFlows;

class InboxProgressTest {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path work;

    InboxProgress check(String flows) {
        InboxProgress check = new InboxProgress();
        check.flows = new HubFlows(Optional.of(flows));
        check.workDir = work.toString();
        check.stalledAfter = Duration.ofMinutes(15);
        check.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return check;
    }

    Path file(String relative, Duration age) throws Exception {
        Path p = work.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    @Test
    void anEmptyOrMissingInboxIsUp() throws Exception {
        assertEquals(HealthCheckResponse.Status.UP, check("bank-statements").call().getStatus());
        Files.createDirectories(work.resolve("bank-statements/inbox"));
        assertEquals(HealthCheckResponse.Status.UP, check("bank-statements").call().getStatus());
    }

    @Test
    void filesWaitingLessThanTheLimitAreReportedButUp() throws Exception {
        file("bank-statements/inbox/a.xml", Duration.ofMinutes(14));
        file("bank-statements/inbox/b.xml", Duration.ofMinutes(2));
        HealthCheckResponse r = check("bank-statements").call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals("2 file(s) waiting, the oldest (a.xml) for 14 min", r.getData().orElseThrow().get("bank-statements inbox"));
    }

    @Test
    void aFileWaitingLongerThanTheLimitIsDownNamingTheInbox() throws Exception {
        file("bank-statements/uploads/0192-stuck.xml", Duration.ofMinutes(16));
        file("bank-statements/inbox/fresh.xml", Duration.ofMinutes(1));
        HealthCheckResponse r = check("bank-statements").call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        String stalled = r.getData().orElseThrow().get("stalled").toString();
        assertTrue(stalled.startsWith("bank-statements uploads: a file has waited longer than 15 min"), stalled);
        assertEquals("1 file(s) waiting, the oldest (0192-stuck.xml) for 16 min",
                r.getData().orElseThrow().get("bank-statements uploads"));
    }

    @Test
    void filesBeingWrittenOrHiddenAndOtherFlowsInboxesDoNotCount() throws Exception {
        file("bank-statements/inbox/big.xml.part", Duration.ofHours(2));
        file("bank-statements/inbox/.claim", Duration.ofHours(2));
        file("bank-statements/inbox/upload.tmp", Duration.ofHours(2));
        Files.createDirectories(work.resolve("bank-statements/inbox/sub"));
        file("payment-files/status-inbox/old.xml", Duration.ofHours(2));
        assertEquals(HealthCheckResponse.Status.UP, check("bank-statements").call().getStatus());
    }
}
