package io.financehub.odoo;

import java.util.OptionalInt;

/**
 * Offset, limit and order of a search ({@code order} in Odoo's SQL-like form, e.g. {@code "date desc, id"}).
 * Immutable; {@link #none()} means Odoo's defaults (no limit, the model's order).
 */
public final class SearchOptions {

    private static final SearchOptions NONE = new SearchOptions(null, null, null);

    private final Integer offset;
    private final Integer limit;
    private final String order;

    private SearchOptions(Integer offset, Integer limit, String order) {
        if (offset != null && offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        this.offset = offset;
        this.limit = limit;
        this.order = order;
    }

    public static SearchOptions none() {
        return NONE;
    }

    public static SearchOptions limit(int limit) {
        return NONE.withLimit(limit);
    }

    public static SearchOptions orderBy(String order) {
        return NONE.withOrder(order);
    }

    public SearchOptions withOffset(int offset) {
        return new SearchOptions(offset, limit, order);
    }

    public SearchOptions withLimit(int limit) {
        return new SearchOptions(offset, limit, order);
    }

    public SearchOptions withOrder(String order) {
        return new SearchOptions(offset, limit, order);
    }

    public OptionalInt offset() {
        return offset == null ? OptionalInt.empty() : OptionalInt.of(offset);
    }

    public OptionalInt limit() {
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    public java.util.Optional<String> order() {
        return java.util.Optional.ofNullable(order);
    }

    @Override
    public String toString() {
        return "SearchOptions[offset=" + offset + ", limit=" + limit + ", order=" + order + "]";
    }
}
