package io.financehub.flows.actualsexport;

import io.financehub.flows.actualsexport.ExportContributions.KnownMoves;
import io.financehub.flows.actualsexport.OdooLedger.Item;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Set;
import org.apache.camel.ExchangeProperty;

/**
 * Reads a started run's journal items from Odoo (route actuals-export-prepare). Either stage that fails records its
 * run as failed before the error goes on, so a retry, which starts a new run, never counts a half-read one.
 */
@ApplicationScoped
@Named("actualsLedgerReader")
@RegisterForReflection
public class ActualsLedgerReader {

    @Inject
    OdooLedger ledger;

    @Inject
    ExportContributions contributions;

    @Inject
    ExportLedgerStore runs;

    /**
     * An increment's corrections: moves an earlier export published that Odoo no longer has posted (reset to draft,
     * cancelled, deleted) are negated; moves such a correction cancelled that are posted again are read again.
     */
    public Corrections corrections(@ExchangeProperty(ActualsExportFlow.PROPERTY_RUN) StartedExport run) {
        if (!run.incremental()) {
            return Corrections.NONE;
        }
        try {
            KnownMoves known = contributions.knownMoves(run.company(), run.period());
            Set<Long> notPosted = ledger.movesInState(run.odooCompany(), known.live(), "posted", true);
            return new Corrections(contributions.netContributions(run.company(), run.period(), notPosted),
                    new ArrayList<>(ledger.movesInState(run.odooCompany(), known.cancelled(), "posted", false)));
        } catch (RuntimeException e) {
            runs.failed(run.id(), e);
            throw e;
        }
    }

    /**
     * The period's posted journal items after the checkpoint (and the moves posted again), in keyset pages: the next
     * page is on its way from Odoo while this one is mapped and aggregated, and an increment stages each page's
     * contributions as it goes, so only one page is in memory.
     */
    public ActualsAggregation read(@ExchangeProperty(ActualsExportFlow.PROPERTY_RUN) StartedExport run,
            @ExchangeProperty(ActualsExportFlow.PROPERTY_CORRECTIONS) Corrections corrections) {
        try {
            ActualsAggregation agg = new ActualsAggregation(run.company(), run.period(), run.odooCompany().currency(),
                    run.mapping(), run.codes()::accountCodes, run.codes()::analyticCodes);
            if (run.incremental()) {
                agg.correct(corrections.negated());
            }
            ledger.postedItems(run.odooCompany(), run.period(), run.afterId(), corrections.reposted(), page -> {
                for (Item item : page) {
                    agg.add(item);
                }
                if (run.incremental()) {
                    contributions.stage(run.id(), agg.drainContributions());
                }
            });
            if (run.incremental()) {
                contributions.stage(run.id(), agg.drainContributions());
            }
            return agg;
        } catch (RuntimeException e) {
            runs.failed(run.id(), e);
            throw e;
        }
    }
}
