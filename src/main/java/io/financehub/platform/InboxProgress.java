package io.financehub.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.financehub.governance.runtime.Leadership;

/**
 * Readiness of the inboxes this instance takes files from: DOWN when a file has waited longer than
 * {@code hub.inbox.stalled-after} (a flow that cannot make progress: its route stopped, a file that fails before it
 * can be quarantined, the database gone), with the inbox, how many files wait and the oldest. The status inbox is
 * read by the payment-files leader only, so only the leader answers for it.
 */
@Readiness
@ApplicationScoped
public class InboxProgress implements HealthCheck {

    /** The files the inbox routes skip: hidden, and still being written ({@code .tmp}, {@code .part}). */
    static final Pattern SKIPPED = Pattern.compile("^\\..*|.*\\.(tmp|part)$");

    /** One inbox: where, which flow reads it, and whether only the flow's leader does. */
    record Inbox(String name, Flow flow, Path dir, boolean leaderOnly) {
    }

    /** What waits in an inbox: how many files, and the oldest of them. */
    record Waiting(int files, String oldest, Duration oldestAge) {
    }

    @Inject
    HubFlows flows;

    @Inject
    Leadership leadership;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.inbox.stalled-after", defaultValue = "PT15M")
    Duration stalledAfter;

    Clock clock = Clock.systemUTC();

    List<Inbox> inboxes() {
        Path work = Path.of(workDir);
        return List.of(
                new Inbox("bank-statements inbox", Flow.BANK_STATEMENTS, work.resolve("bank-statements/inbox"), false),
                new Inbox("bank-statements uploads", Flow.BANK_STATEMENTS, work.resolve("bank-statements/uploads"), false),
                new Inbox("payment-files status-inbox", Flow.PAYMENT_FILES, work.resolve("payment-files/status-inbox"), true));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("inbox progress").up();
        List<String> stalled = new ArrayList<>();
        for (Inbox inbox : inboxes()) {
            if (!flows.isEnabled(inbox.flow()) || (inbox.leaderOnly() && !leadership.isLeader(inbox.flow()))) {
                continue;
            }
            Optional<Waiting> waiting;
            try {
                waiting = waiting(inbox.dir(), clock.instant());
            } catch (IOException e) {
                response.withData(inbox.name(), "cannot be read: " + e);
                stalled.add(inbox.name());
                continue;
            }
            if (waiting.isEmpty()) {
                continue;
            }
            Waiting w = waiting.get();
            response.withData(inbox.name(), w.files() + " file(s) waiting, the oldest (" + w.oldest() + ") for "
                    + w.oldestAge().toMinutes() + " min");
            if (w.oldestAge().compareTo(stalledAfter) > 0) {
                stalled.add(inbox.name());
            }
        }
        if (!stalled.isEmpty()) {
            response.down().withData("stalled", String.join(", ", stalled) + ": a file has waited longer than "
                    + stalledAfter.toMinutes() + " min (hub.inbox.stalled-after) or it cannot be read; the flow is not taking files. See the log"
                    + " for errors of its inbox route and GET /api/v1/exceptions");
        }
        return response.build();
    }

    /** The files waiting in {@code dir} (none: empty), judged by their last modification, as the inbox's read lock is. */
    static Optional<Waiting> waiting(Path dir, Instant now) throws IOException {
        int files = 0;
        String oldest = null;
        Instant oldestTime = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (SKIPPED.matcher(name).matches()) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException taken) {
                    continue; // taken by the route meanwhile
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                files++;
                Instant modified = a.lastModifiedTime().toInstant();
                if (oldestTime == null || modified.isBefore(oldestTime)) {
                    oldestTime = modified;
                    oldest = name;
                }
            }
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        if (files == 0) {
            return Optional.empty();
        }
        Duration age = Duration.between(oldestTime, now);
        return Optional.of(new Waiting(files, oldest, age.isNegative() ? Duration.ZERO : age));
    }
}
