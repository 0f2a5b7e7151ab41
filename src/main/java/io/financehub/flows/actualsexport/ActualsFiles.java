package io.financehub.flows.actualsexport;

import io.financehub.flows.actualsexport.ExportLedgerStore.Run;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The files of an export on their way to the planning tool. A run writes its CSV and reconciliation report to
 * {@code actuals-export/staging}; only once the run is published in the governance store are they moved to
 * {@code actuals-export/outbox} (report first, so a consumer that sees the CSV finds its report). A file in the
 * outbox therefore always belongs to a published run, and a run killed at any moment is completed by
 * {@link #recover}: a published run's files still in staging are delivered, and a run left STAGED longer than
 * {@code hub.actuals-export.stale-after} is recorded as interrupted and its staged files removed.
 */
@ApplicationScoped
@Named("actualsFiles")
@RegisterForReflection
public class ActualsFiles {

    private static final Logger LOG = Logger.getLogger(ActualsFiles.class);

    /** The report of a run whose process ended before it was published. */
    private static final String INTERRUPTED = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("error", "Interrupted").put("message", "the process running this export ended before it was published; nothing of it"
                    + " was published, and its journal items are in the next export").toString();
    static final String REPORT_SUFFIX = ".reconciliation.json";
    /** Camel's file producer writes under this prefix and renames when the file is complete. */
    static final String WRITING = ".writing-";

    @Inject
    ExportLedgerStore store;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.actuals-export.stale-after", defaultValue = "PT30M")
    Duration staleAfter;

    Path staging() {
        return Path.of(workDir, "actuals-export", "staging");
    }

    Path outbox() {
        return Path.of(workDir, "actuals-export", "outbox");
    }

    /** Moves a published run's report, then its CSV, from staging to the outbox; what cannot be moved now, recovery moves later. */
    public void deliver(String fileName) {
        for (String name : List.of(fileName + REPORT_SUFFIX, fileName)) {
            try {
                Files.createDirectories(outbox());
                Files.move(staging().resolve(name), outbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException alreadyMoved) {
                // delivered by recovery meanwhile
            } catch (IOException e) {
                LOG.errorf("Actuals export file %s is published but could not be moved to the outbox (%s); the flow's recovery"
                        + " moves it once the outbox is writable", name, e.getMessage());
            }
        }
    }

    /** Removes a run's staged files (the run failed or was interrupted: nothing of it is published). */
    public void discard(String fileName) {
        for (String name : List.of(fileName, fileName + REPORT_SUFFIX, WRITING + fileName, WRITING + fileName + REPORT_SUFFIX)) {
            try {
                Files.deleteIfExists(staging().resolve(name));
            } catch (IOException e) {
                LOG.errorf("Actuals export: cannot remove staged file %s of a run that was not published: %s; delete it by hand",
                        name, e.getMessage());
            }
        }
    }

    /**
     * Completes what killed processes left: runs STAGED for longer than {@code hub.actuals-export.stale-after} become
     * FAILED (interrupted) with their staged files removed; staged files of published runs are delivered. Runs on
     * the flow's leader (route actuals-export-recovery); the age bound keeps it away from runs still in progress.
     */
    public void recover() throws IOException {
        Instant before = Instant.now().minus(staleAfter);
        for (Run run : store.stagedBefore(before)) {
            if (store.failed(run.id(), INTERRUPTED)) {
                LOG.warnf("Actuals export %s was interrupted (its process ended before it was published): recorded as failed,"
                        + " staged files removed; its journal items go into the next export", run.id());
            }
            discard(run.fileName());
        }
        if (!Files.isDirectory(staging())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String csv = name.startsWith(WRITING) ? name.substring(WRITING.length()) : name;
                csv = csv.endsWith(REPORT_SUFFIX) ? csv.substring(0, csv.length() - REPORT_SUFFIX.length()) : csv;
                Optional<Run> run = store.byFileName(csv);
                String status = run.map(Run::status).orElse("UNKNOWN");
                if (status.equals("PUBLISHED") && !name.startsWith(WRITING)) {
                    LOG.infof("Actuals export file %s of published run %s delivered by recovery", name, run.get().id());
                    deliver(csv);
                } else if (!status.equals("STAGED") && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    LOG.warnf("Actuals export: removing staged file %s (run %s)", name, status);
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
