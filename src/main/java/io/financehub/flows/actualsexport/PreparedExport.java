package io.financehub.flows.actualsexport;

import io.financehub.canonical.actuals.ActualsLine;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A validated export waiting to be published: its lines, report and the checkpoint it advances. */
record PreparedExport(UUID id, String company, YearMonth period, ExportMode mode, String status, String fileName,
        List<ActualsLine> lines, ReconciliationReport report, String checkpointName, Optional<String> checkpointSeen,
        Optional<String> checkpointNext, String correlationId, String actor) {
}
