package io.financehub.odoo.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulated database: records per model in id order (so keyset paging on {@code id} is a range scan),
 * id sequences, and an undo log that makes each RPC call all-or-nothing like Odoo's per-call transaction.
 * Not thread-safe by itself: {@link OdooEmulator} serialises calls with one lock.
 */
final class Store {

    private final Map<String, TreeMap<Long, Map<String, Object>>> tables = new HashMap<>();
    private final Map<String, Long> lastIds = new HashMap<>();
    private final Map<String, Long> namedSequences = new HashMap<>();
    private Deque<Runnable> undo;
    private long rollbacks;
    private Set<String> touched;
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

    private void remember(String model, long id) {
        if (undo == null || !touched.add(model + "#" + id)) {
            return;
        }
        Map<String, Object> before = get(model, id);
        Map<String, Object> copy = before == null ? null : new LinkedHashMap<>(before);
        undo.push(() -> {
            if (copy == null) {
                table(model).remove(id);
            } else {
                table(model).put(id, copy);
            }
        });
    }

    void begin() {
        undo = new ArrayDeque<>();
        touched = new HashSet<>();
        written = new LinkedHashMap<>();
    }

    void commit() {
        undo = null;
        touched = null;
        written = null;
    }

    /** How many transactions were rolled back: caches derived from records must be rebuilt after one. */
    long rollbacks() {
        return rollbacks;
    }

    void rollback() {
        version++;
        rollbacks++;
        if (undo != null) {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }
        commit();
    }

    void clear() {
        version++;
        tables.clear();
        lastIds.clear();
        namedSequences.clear();
        undo = null;
        touched = null;
        written = null;
    }
}
