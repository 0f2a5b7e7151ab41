package io.financehub.flows.actualsexport;

import io.financehub.canonical.actuals.ActualsLine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * The documented CSV layout of actuals extracts (README "actuals-export"): comma separated, UTF-8, one header
 * line, one line per aggregated actuals line. Amounts are plain decimals with a dot and the currency's minor
 * units (debit positive, credit negative); {@code amount} is in the company currency {@code currency},
 * {@code original_amount} in {@code original_currency}. {@code status} is FINAL or PROVISIONAL.
 */
@RegisterForReflection
@CsvRecord(separator = ",", generateHeaderColumns = true, crlf = "UNIX", quoting = true)
public class ActualsCsvRecord {

    @DataField(pos = 1, columnName = "company")
    private String company;
    @DataField(pos = 2, columnName = "period")
    private String period;
    @DataField(pos = 3, columnName = "planning_account")
    private String planningAccount;
    @DataField(pos = 4, columnName = "cost_centre")
    private String costCentre;
    @DataField(pos = 5, columnName = "currency")
    private String currency;
    @DataField(pos = 6, columnName = "amount")
    private String amount;
    @DataField(pos = 7, columnName = "original_currency")
    private String originalCurrency;
    @DataField(pos = 8, columnName = "original_amount")
    private String originalAmount;
    @DataField(pos = 9, columnName = "status")
    private String status;
    @DataField(pos = 10, columnName = "export_id")
    private String exportId;

    public ActualsCsvRecord() {
        // Bindy instantiates records reflectively when reading
    }

    static ActualsCsvRecord of(ActualsLine line, String status, String exportId) {
        ActualsCsvRecord r = new ActualsCsvRecord();
        r.company = line.company();
        r.period = line.period().toString();
        r.planningAccount = line.planningAccount();
        r.costCentre = line.costCentre();
        r.currency = line.amount().currencyCode();
        r.amount = line.amount().roundedToMinorUnits().amount().toPlainString();
        r.originalCurrency = line.originalAmount().currencyCode();
        r.originalAmount = line.originalAmount().roundedToMinorUnits().amount().toPlainString();
        r.status = status;
        r.exportId = exportId;
        return r;
    }

    public String getCompany() { return company; }
    public String getPeriod() { return period; }
    public String getPlanningAccount() { return planningAccount; }
    public String getCostCentre() { return costCentre; }
    public String getCurrency() { return currency; }
    public String getAmount() { return amount; }
    public String getOriginalCurrency() { return originalCurrency; }
    public String getOriginalAmount() { return originalAmount; }
    public String getStatus() { return status; }
    public String getExportId() { return exportId; }
}
