package io.financehub.flows.actualsexport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation report of one export: written next to the CSV as {@code <name>.reconciliation.json} and
 * answered by {@code POST /api/v1/actuals-exports}. Amounts are plain decimal strings in the company currency.
 *
 * @param sourceLineCount            journal items read from Odoo
 * @param correctedMoves             earlier exported moves no longer posted, exported as negating deltas
 * @param sourceTotalsByAccount      Odoo account code → sum of the items' balances
 * @param sourceTotalsByPlanningAccount the same, mapped to planning accounts, corrections included
 * @param exportedTotalsByPlanningAccount sums of the exported lines per planning account
 * @param differences                planning account → source minus exported (all zero when published)
 * @param fileName                   the CSV in the outbox; null when there was nothing to publish
 */
@RegisterForReflection
public record ReconciliationReport(String exportId, String company, String period, String mode, String status,
        String currency, String fileName, boolean published, long sourceLineCount, int correctedMoves,
        int exportedLineCount, String totalDebit, String totalCredit, String sourceTotal, String exportedTotal,
        Map<String, String> sourceTotalsByAccount, Map<String, String> sourceTotalsByPlanningAccount,
        Map<String, String> exportedTotalsByPlanningAccount, Map<String, String> differences, List<String> notes) {
}
