package io.financehub.odoo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Odoo context sent with one call: {@code allowed_company_ids} (the first is the active company),
 * {@code lang}, {@code tz}, {@code active_test} and any extra key. Immutable: every {@code with*} returns a copy.
 */
public final class OdooContext {

    private static final OdooContext EMPTY = new OdooContext(Map.of());

    private final Map<String, Object> values;

    private OdooContext(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static OdooContext empty() {
        return EMPTY;
    }

    /** A context from a map (for example a route header); values must be JSON-friendly. */
    public static OdooContext of(Map<String, ?> values) {
        return new OdooContext(new LinkedHashMap<>(values));
    }

    /** Restricts reads and writes to these companies; the first is the active company. */
    public OdooContext withAllowedCompanyIds(List<Long> companyIds) {
        if (companyIds.isEmpty()) {
            throw new IllegalArgumentException("allowed_company_ids needs at least one company id");
        }
        return with("allowed_company_ids", List.copyOf(companyIds));
    }

    public OdooContext withAllowedCompanyIds(Long... companyIds) {
        return withAllowedCompanyIds(List.of(companyIds));
    }

    public OdooContext withLang(String lang) {
        return with("lang", lang);
    }

    public OdooContext withTz(String tz) {
        return with("tz", tz);
    }

    /** {@code false} makes archived records visible. */
    public OdooContext withActiveTest(boolean activeTest) {
        return with("active_test", activeTest);
    }

    public OdooContext with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new OdooContext(copy);
    }

    /** This context with the other one's keys on top. */
    public OdooContext merge(OdooContext other) {
        if (other.values.isEmpty()) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.putAll(other.values);
        return new OdooContext(copy);
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public ObjectNode toJson() {
        return (ObjectNode) OdooValues.toOdooJson(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OdooContext && values.equals(((OdooContext) other).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "OdooContext" + values;
    }
}
