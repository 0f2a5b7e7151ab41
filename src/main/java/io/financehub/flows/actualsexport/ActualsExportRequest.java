package io.financehub.flows.actualsexport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * What to export: a company (hub key from mappings/companies.yaml), a period {@code YYYY-MM}, the mode, and
 * whether the caller wants a final export (granted only when the period is locked in Odoo).
 */
@RegisterForReflection
public record ActualsExportRequest(String company, String period, String mode, Boolean finalExport) {

    public YearMonth yearMonth() {
        if (period == null || period.isBlank()) {
            throw new IllegalArgumentException("period is missing: give the month to export as YYYY-MM, e.g. 2026-11");
        }
        try {
            return YearMonth.parse(period.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period '" + period + "' is not a month: give it as YYYY-MM, e.g. 2026-11");
        }
    }

    public ExportMode exportMode() {
        return ExportMode.parse(mode);
    }

    public boolean wantsFinal() {
        return Boolean.TRUE.equals(finalExport);
    }
}
