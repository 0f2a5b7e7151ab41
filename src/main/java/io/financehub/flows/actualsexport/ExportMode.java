package io.financehub.flows.actualsexport;

import java.util.Locale;

/** {@code incremental}: only postings (and corrections) since the last export; {@code full}: the whole period. */
public enum ExportMode {
    INCREMENTAL, FULL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExportMode parse(String value) {
        if (value == null || value.isBlank()) {
            return INCREMENTAL;
        }
        for (ExportMode m : values()) {
            if (m.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode '" + value + "' is not known; use 'incremental' or 'full'");
    }
}
