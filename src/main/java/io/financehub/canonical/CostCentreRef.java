package io.financehub.canonical;

import java.util.Objects;

/** A cost centre of a company (mapped from an Odoo analytic account in mappings/cost-centres.csv). */
public record CostCentreRef(CompanyRef company, String code) {

    public CostCentreRef {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(code, "cost centre code");
    }
}
