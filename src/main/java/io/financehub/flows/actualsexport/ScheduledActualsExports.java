package io.financehub.flows.actualsexport;

import io.financehub.governance.HubHeaders;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.Mappings;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * The scheduled trigger ({@code hub.actuals-export.schedule}, a Quarkus cron expression; {@code off} by default):
 * an incremental export of the current month for every company of the mappings. Failures are already exception
 * items (the run route records them); the next tick simply tries again. Runs on the instance that leads the flow
 * ({@link io.financehub.governance.runtime.Leadership}).
 */
@ApplicationScoped
public class ScheduledActualsExports {

    private static final Logger LOG = Logger.getLogger(ScheduledActualsExports.class);

    @Inject
    ProducerTemplate producer;

    @Inject
    Mappings mappings;

    @Inject
    HubFlows flows;

    @Inject
    io.financehub.governance.runtime.Leadership leadership;

    Clock clock = Clock.systemUTC();

    @Scheduled(identity = "actuals-export-schedule", cron = "${hub.actuals-export.schedule:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void exportAll() {
        if (!flows.isEnabled(Flow.ACTUALS_EXPORT) || !leadership.isLeader(Flow.ACTUALS_EXPORT)) {
            // another instance leads the flow's singleton work and runs the schedule
            return;
        }
        String period = YearMonth.now(clock).toString();
        for (Company company : mappings.get().companies()) {
            Exchange result = producer.send(ActualsExportFlow.ENDPOINT_RUN, ex -> {
                ex.getMessage().setBody(new ActualsExportRequest(company.key(), period, ExportMode.INCREMENTAL.id(), false));
                ex.getMessage().setHeaders(Map.of(HubHeaders.CORRELATION_ID, UUID.randomUUID().toString(),
                        HubHeaders.ACTOR, "system:" + ActualsExportFlow.FLOW));
            });
            if (result.getException() != null) {
                LOG.warnf("Scheduled actuals export of %s %s failed: %s", company.key(), period, result.getException().getMessage());
            }
        }
    }
}
