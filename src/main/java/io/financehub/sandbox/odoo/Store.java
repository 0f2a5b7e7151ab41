package io.financehub.sandbox.odoo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulated database: records per model in id order (so keyset paging on {@code id} is a range scan),
 * id sequences, and the before-images of what the running transaction changed, which make each RPC call
 * all-or-nothing like Odoo's per-call transaction and let the emulator show other callers the data as committed
 * while a transaction is held open ({@link #suspend}). Not thread-safe by itself: {@link OdooEmulator} serialises
 * calls with one lock.
 */
final class Store {

    private final Map<String, TreeMap<Long, Map<String, Object>>> tables = new HashMap<>();
    private final Map<String, Long> lastIds = new HashMap<>();
    private final Map<String, Long> namedSequences = new HashMap<>();
    /** What the running transaction changed, as it was before (a null copy: the record did not exist), in change order. */
    private Map<String, Image> before;
    private long rollbacks;
    /** Existing records the running transaction changed (model to ids, in change order): what Odoo stamps. */
    private Map<String, Set<Long>> written;
    /** Counts every change of the data, so derived indexes know when to rebuild. */
    private long version;

    NavigableMap<Long, Map<String, Object>> table(String model) {
        return tables.computeIfAbsent(model, k -> new TreeMap<>());
    }

    /** Changes with every insert, update, delete, rollback and clear. */
    long version() {
        return version;
    }

    /** Removes every record of a model (seed reset). */
    void clearTable(String model) {
        version++;
        table(model).clear();
    }

    Map<String, Object> get(String model, long id) {
        TreeMap<Long, Map<String, Object>> t = tables.get(model);
        return t == null ? null : t.get(id);
    }

    boolean exists(String model, long id) {
        return get(model, id) != null;
    }

    /** Next database id of a model. Like PostgreSQL sequences it is not rolled back with the transaction. */
    long nextId(String model) {
        long next = lastIds.getOrDefault(model, maxId(model)) + 1;
        lastIds.put(model, next);
        return next;
    }

    private long maxId(String model) {
        TreeMap<Long, Map<String, Object>> t = tables.get(model);
        return t == null || t.isEmpty() ? 0 : t.lastKey();
    }

    /** Makes the id sequence of a model continue after {@code lastId} (seed data). */
    void bumpSequence(String model, long lastId) {
        lastIds.merge(model, lastId, Math::max);
    }

    /** Next number of a named business sequence (e.g. purchase order names); not transactional either. */
    long nextNumber(String sequence) {
        return namedSequences.merge(sequence, 1L, Long::sum);
    }

    void insert(String model, long id, Map<String, Object> values) {
        version++;
        remember(model, id);
        values.put("id", id);
        table(model).put(id, values);
        bumpSequence(model, id);
    }

    void set(String model, long id, String field, Object value) {
        Map<String, Object> rec = get(model, id);
        if (rec == null) {
            throw new IllegalStateException(model + "(" + id + ") does not exist");
        }
        version++;
        remember(model, id);
        rec.put(field, value);
        if (!LOG_ACCESS.contains(field)) {
            addWritten(written, model, id);
        }
    }

    private static void addWritten(Map<String, Set<Long>> into, String model, long id) {
        if (into != null) {
            into.computeIfAbsent(model, k -> new java.util.LinkedHashSet<>()).add(id);
        }
    }

    /**
     * Marks an existing record written by the running transaction even if none of its own columns changes (Odoo's
     * {@code write()} stamps the record whatever it writes, lines through one2many commands included).
     */
    void markWritten(String model, long id) {
        if (exists(model, id)) {
            addWritten(written, model, id);
        }
    }

    /** Odoo's log-access ("magic") fields of a change: set by the stamp, not a change to stamp. */
    static final Set<String> LOG_ACCESS = Set.of("create_uid", "create_date", "write_uid", "write_date");

    /** The records (still existing) the running transaction changed, by model; empty outside a transaction. */
    Map<String, Set<Long>> written() {
        if (written == null) {
            return Map.of();
        }
        Map<String, Set<Long>> out = new LinkedHashMap<>();
        written.forEach((model, ids) -> ids.stream().filter(id -> exists(model, id)).forEach(id -> addWritten(out, model, id)));
        return out;
    }

    void delete(String model, long id) {
        version++;
        remember(model, id);
        table(model).remove(id);
    }

    /** A record as it was before the running transaction changed it; {@code values} null when it did not exist. */
    record Image(String model, long id, Map<String, Object> values) {
    }

    /** A record the running transaction changed: as it was before and as it is now (either null: absent). */
    record Change(long id, Map<String, Object> before, Map<String, Object> after) {
    }

    private void remember(String model, long id) {
        if (before == null) {
            return;
        }
        String key = model + "#" + id;
        if (!before.containsKey(key)) {
            Map<String, Object> current = get(model, id);
            before.put(key, new Image(model, id, current == null ? null : new LinkedHashMap<>(current)));
        }
    }

    private void put(Image image) {
        if (image.values() == null) {
            table(image.model()).remove(image.id());
        } else {
            table(image.model()).put(image.id(), new LinkedHashMap<>(image.values()));
        }
    }

    void begin() {
        before = new LinkedHashMap<>();
        written = new LinkedHashMap<>();
    }

    void commit() {
        before = null;
        written = null;
    }

    /** Whether the running transaction changed any record. */
    boolean changedAnything() {
        return before != null && !before.isEmpty();
    }

    /** The records of a model the running transaction changed (created, written, deleted), in change order. */
    List<Change> changes(String model) {
        List<Change> out = new ArrayList<>();
        if (before != null) {
            for (Image image : before.values()) {
                if (image.model().equals(model)) {
                    Map<String, Object> now = get(model, image.id());
                    out.add(new Change(image.id(), image.values(), now == null ? null : new LinkedHashMap<>(now)));
                }
            }
        }
        return out;
    }

    /** A transaction held open: its changes, out of the data until {@link #resume}. */
    static final class Suspended {
        private final Map<String, Image> before;
        private final Map<String, Set<Long>> written;
        private final List<Image> after;

        private Suspended(Map<String, Image> before, Map<String, Set<Long>> written, List<Image> after) {
            this.before = before;
            this.written = written;
            this.after = after;
        }
    }

    /**
     * Holds the running transaction open without showing it: its changes are taken out of the data (which is again as
     * last committed, what another connection reads while the transaction has not committed) and kept for {@link #resume}.
     * Other transactions may run meanwhile; they must not change what this one changed.
     */
    Suspended suspend() {
        List<Image> after = new ArrayList<>();
        for (Image image : before.values()) {
            Map<String, Object> now = get(image.model(), image.id());
            after.add(new Image(image.model(), image.id(), now == null ? null : new LinkedHashMap<>(now)));
            put(image);
        }
        Suspended suspended = new Suspended(before, written, after);
        version++;
        rollbacks++;
        before = null;
        written = null;
        return suspended;
    }

    /** Puts a suspended transaction's changes back into the data; it runs on (and commits or rolls back) as before. */
    void resume(Suspended suspended) {
        suspended.after.forEach(this::put);
        version++;
        rollbacks++;
        before = suspended.before;
        written = suspended.written;
    }

    /** How many transactions were rolled back: caches derived from records must be rebuilt after one. */
    long rollbacks() {
        return rollbacks;
    }

    void rollback() {
        version++;
        rollbacks++;
        if (before != null) {
            before.values().forEach(this::put);
        }
        commit();
    }

    void clear() {
        version++;
        tables.clear();
        lastIds.clear();
        namedSequences.clear();
        before = null;
        written = null;
    }
}
