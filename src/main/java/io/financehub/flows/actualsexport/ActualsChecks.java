package io.financehub.flows.actualsexport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;

/**
 * The checkpoints an aggregated run passes before anything is published (route actuals-export-prepare): every code
 * mapped, debits equal credits, source totals equal exported totals. A failed check lists every problem it found.
 */
@ApplicationScoped
@Named("actualsChecks")
@RegisterForReflection
public class ActualsChecks {

    /** Every account and analytic account of the period resolves in Odoo and maps through mappings/. */
    public void mapped(@ExchangeProperty(ActualsExportFlow.PROPERTY_LEDGER) ActualsAggregation ledger) {
        if (!ledger.unmapped().isEmpty()) {
            throw new ActualsRejectedException("unmapped-codes", "Actuals of " + ledger.company() + " " + ledger.period()
                    + " not exported: " + ledger.unmapped().size() + " unmapped code(s); add them to mappings/ and run again",
                    new ArrayList<>(ledger.unmapped()));
        }
    }

    /** Debits equal credits in company currency. */
    public void balanced(@ExchangeProperty(ActualsExportFlow.PROPERTY_LEDGER) ActualsAggregation ledger) {
        BigDecimal balance = ledger.balance();
        if (balance.signum() != 0) {
            throw new ActualsRejectedException("unbalanced", "Actuals of " + ledger.company() + " " + ledger.period()
                    + " not exported", List.of("debits " + ledger.debit().toPlainString() + " and credits "
                            + ledger.credit().toPlainString() + " " + ledger.currency() + " differ by "
                            + balance.toPlainString() + "; check the period's entries in Odoo"));
        }
    }

    /** Per planning account, the source total (corrections included) equals the sum of the exported lines. */
    public void reconciled(@ExchangeProperty(ActualsExportFlow.PROPERTY_LEDGER) ActualsAggregation ledger) {
        List<String> differences = new ArrayList<>();
        ledger.differences().forEach((account, diff) -> {
            if (diff.signum() != 0) {
                differences.add(account + ": source and exported totals differ by " + diff.toPlainString());
            }
        });
        if (!differences.isEmpty()) {
            throw new ActualsRejectedException("not-reconciled", "Actuals of " + ledger.company() + " " + ledger.period()
                    + " not exported: totals do not reconcile", differences);
        }
    }
}
