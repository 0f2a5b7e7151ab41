package io.financehub.flows.actualsexport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.actuals.ActualsLine;
import io.financehub.events.EventOutbox;
import io.financehub.events.HubEvents;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

/**
 * Publishes a run whose files are staged, in one database transaction: checkpoint compare-and-set, run PUBLISHED,
 * audit entry, one CloudEvent per aggregated line (keyed by company and period) into the event outbox. A concurrent
 * run of the same increment that published first wins the compare-and-set; this one then publishes nothing.
 */
@ApplicationScoped
@Named("actualsPublication")
@RegisterForReflection
public class ActualsPublication {

    private static final Logger LOG = Logger.getLogger(ActualsPublication.class);

    @Inject
    ExportLedgerStore runs;

    @Inject
    AuditTrail audit;

    @Inject
    HubEvents events;

    @Inject
    ObjectMapper json;

    public void publish(@ExchangeProperty(ActualsExportFlow.PROPERTY_EXPORT) PreparedExport export) {
        String reportJson;
        try {
            reportJson = json.writerWithDefaultPrettyPrinter().writeValueAsString(export.report());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the reconciliation report: " + e.getMessage(), e);
        }
        AuditRecord entry = AuditRecord.of(export.actor(), ActualsExportFlow.FLOW, export.correlationId(),
                "actuals:" + export.company() + "/" + export.period(), "actuals.exported", reportJson,
                export.mode().id() + " export " + export.id() + " (" + export.status() + "): " + export.lines().size()
                        + " lines, " + export.report().sourceLineCount() + " journal items, "
                        + export.report().correctedMoves() + " corrected moves, file " + export.fileName());
        if (!runs.publish(export.id(), reportJson, export.checkpointName(), export.checkpointSeen(), export.checkpointNext(),
                audit, entry, events(export))) {
            throw new ConcurrentExportException("another actuals export of " + export.company() + " " + export.period()
                    + " ran at the same time and published first; nothing of this run was published, run it again");
        }
        LOG.infof("Actuals export %s of %s %s published: %d lines in %s", export.id(), export.company(), export.period(),
                export.lines().size(), export.fileName());
    }

    /** One CloudEvent per aggregated line; its id is stable (export and line), so a consumer can drop a repeat. */
    private List<EventOutbox.Pending> events(PreparedExport export) {
        List<EventOutbox.Pending> out = new ArrayList<>(export.lines().size());
        for (ActualsLine line : export.lines()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("exportId", export.id().toString());
            data.put("mode", export.mode().id());
            data.put("status", export.status());
            data.put("company", line.company());
            data.put("period", line.period().toString());
            data.put("planningAccount", line.planningAccount());
            data.put("costCentre", line.costCentre());
            data.put("currency", line.amount().currencyCode());
            data.put("amount", line.amount().roundedToMinorUnits().amount().toPlainString());
            data.put("originalCurrency", line.originalAmount().currencyCode());
            data.put("originalAmount", line.originalAmount().roundedToMinorUnits().amount().toPlainString());
            byte[] event = events.structured(ActualsExportFlow.FLOW, ActualsExportFlow.EVENT_TYPE,
                    "actuals:" + line.key().asText(), export.correlationId(), export.id() + "/" + line.key().asText(), data);
            out.add(new EventOutbox.Pending(ActualsExportFlow.TOPIC, line.company() + "/" + line.period(),
                    new String(event, StandardCharsets.UTF_8)));
        }
        return out;
    }
}
