package io.financehub.flows.actualsexport;

import io.financehub.governance.masking.SafeText;
import io.financehub.canonical.Periods;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What to export: a company (hub key from mappings/companies.yaml), a period {@code YYYY-MM}, the mode, and
 * whether the caller wants a final export (granted only when the period is locked in Odoo).
 */
@RegisterForReflection
public record ActualsExportRequest(
        @Schema(description = "hub company key (mappings/companies.yaml)", examples = "DE01", required = true) String company,
        @Schema(description = "the month, YYYY-MM (1900-01 to 2999-12)", examples = "2026-11", required = true) String period,
        @Schema(description = "incremental (default: what changed since the last export) or full", enumeration = { "incremental",
                "full" }) String mode,
        @Schema(description = "ask for a FINAL export, granted only when the period is locked in Odoo (default false)")
        Boolean finalExport) {

    public YearMonth yearMonth() {
        if (period == null || period.isBlank()) {
            throw new IllegalArgumentException("period is missing: give the month to export as YYYY-MM, e.g. 2026-11");
        }
        YearMonth month;
        try {
            month = period.trim().matches("\\d{4}-\\d{2}") ? YearMonth.parse(period.trim()) : null;
        } catch (DateTimeParseException e) {
            month = null;
        }
        if (month == null) {
            throw new IllegalArgumentException("period " + SafeText.quote(period) + " is not a month: give it as YYYY-MM, e.g. 2026-11");
        }
        Periods.yearProblem(month.getYear()).ifPresent(problem -> {
            throw new IllegalArgumentException("period " + SafeText.quote(period) + " cannot be exported: " + problem);
        });
        return month;
    }

    /** The hub company key as given, without surrounding blanks ("" when missing). */
    public String companyKey() {
        return company == null ? "" : company.trim();
    }

    /** The business subject of the export's audit entries and exception items: {@code actuals:<company>/<period>}. */
    public String subject() {
        return "actuals:" + companyKey() + "/" + yearMonth();
    }

    public ExportMode exportMode() {
        return ExportMode.parse(mode);
    }

    public boolean wantsFinal() {
        return Boolean.TRUE.equals(finalExport);
    }
}
