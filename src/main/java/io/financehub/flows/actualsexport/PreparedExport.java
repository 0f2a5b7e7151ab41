package io.financehub.flows.actualsexport;

import io.financehub.canonical.actuals.ActualsLine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated export (property {@code HubActualsExport}): its lines, report and the checkpoint it advances.
 * {@code publishes} is false for an increment with nothing new: it is recorded, and no file or event is made.
 */
@RegisterForReflection
public record PreparedExport(UUID id, String company, YearMonth period, ExportMode mode, String status, String fileName,
        List<ActualsLine> lines, ReconciliationReport report, boolean publishes, String checkpointName,
        Optional<String> checkpointSeen, Optional<String> checkpointNext, String correlationId, String actor) {
}
