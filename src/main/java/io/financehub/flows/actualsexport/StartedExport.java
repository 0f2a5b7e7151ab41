package io.financehub.flows.actualsexport;

import io.financehub.flows.actualsexport.OdooLedger.Codes;
import io.financehub.flows.actualsexport.OdooLedger.OdooCompany;
import io.financehub.mapping.MappingSet;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A run recorded STAGED and ready to read (property {@code HubActualsRun}): what it exports, as what status, into which
 * file, from which checkpoint ({@code afterId}: the last journal item an earlier increment exported), with the
 * mappings and Odoo's code tables (still on their way) it maps by.
 */
@RegisterForReflection
public record StartedExport(UUID id, String company, YearMonth period, ExportMode mode, String status, List<String> notes,
        String fileName, OdooCompany odooCompany, Codes codes, MappingSet mapping, String checkpointName,
        Optional<String> checkpointSeen, long afterId, String correlationId, String actor) {

    /** The business subject of audit entries and exception items: {@code actuals:<company>/<period>}. */
    public String subject() {
        return "actuals:" + company + "/" + period;
    }

    public boolean incremental() {
        return mode == ExportMode.INCREMENTAL;
    }
}
