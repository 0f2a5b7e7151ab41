package io.financehub.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's templates ({@code src/main/resources/templates/console/}), checked against these parameters at build time. */
@CheckedTemplate(basePath = "console")
final class Views {

    private Views() {
    }

    static native TemplateInstance login(String csrf, String notice, boolean failed);

    static native TemplateInstance error(int status, String title, String message, String user);

    static native TemplateInstance overview(Page page, List<OverviewPage.Tile> tiles, List<OverviewPage.FlowHealth> flows);

    static native TemplateInstance bankImports(Page page, List<BankImportsPage.ImportRow> problems, List<BankImportsPage.ImportRow> imports,
            String status);

    static native TemplateInstance bankImport(Page page, io.financehub.flows.bankstatements.ImportReport report, boolean problem);

    static native TemplateInstance paymentBatches(Page page, List<PaymentBatchesPage.BatchRow> waiting, List<PaymentBatchesPage.BatchRow> recent,
            boolean approver, boolean flowRunning);

    static native TemplateInstance paymentBatch(Page page, PaymentBatchesPage.BatchDetail batch);

    static native TemplateInstance exceptions(Page page, List<ExceptionsPage.ItemRow> items, List<String> flowIds, List<String> states,
            String flow, String state);

    static native TemplateInstance exception(Page page, ExceptionsPage.ItemDetail item);

    static native TemplateInstance budgets(Page page, List<BudgetsPage.DecisionRow> waiting, List<BudgetsPage.DecisionRow> decisions,
            List<BudgetsPage.BudgetRow> budgets, List<String> outcomes, String outcome);

    static native TemplateInstance actualsExports(Page page, List<ActualsExportsPage.ExportRow> exports, List<String> companies,
            String month, boolean flowRunning);

    static native TemplateInstance actualsExport(Page page, ActualsExportsPage.ExportRow export,
            io.financehub.flows.actualsexport.ReconciliationReport report, List<ActualsExportsPage.Reconciled> lines);

    static native TemplateInstance audit(Page page, List<AuditPage.EntryRow> entries, String correlationId, String subject,
            String searched, AuditPage.Verified verified);
}
