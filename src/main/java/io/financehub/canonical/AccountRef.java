package io.financehub.canonical;

import java.util.Objects;

/** A ledger account of a company by its code (Odoo's account code, or a planning account). */
public record AccountRef(CompanyRef company, String code) {

    public AccountRef {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(code, "account code");
    }
}
