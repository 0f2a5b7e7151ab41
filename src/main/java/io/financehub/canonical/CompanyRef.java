package io.financehub.canonical;

import java.util.Objects;

/** A company as the hub knows it: the key of mappings/companies.yaml (e.g. {@code DE01}). */
public record CompanyRef(String key) {

    public CompanyRef {
        Objects.requireNonNull(key, "company key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("company key is blank");
        }
    }
}
