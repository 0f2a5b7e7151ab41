package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Direct, thread-safe access to the emulated database for test assertions and seeding, bypassing HTTP.
 * Values are the raw stored ones (many2one as id, x2many as id lists, null for empty).
 */
public final class EmulatorStore {
    private final OdooEmulator emulator;

    EmulatorStore(OdooEmulator emulator) {
        this.emulator = emulator;
    }

    private ReentrantLock lock() {
        return emulator.lock;
    }

    /** All records of a model in id order (copies of the stored values). */
    public List<Map<String, Object>> records(String model) {
        lock().lock();
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> r : emulator.orm().store.table(model).values()) {
                out.add(new LinkedHashMap<>(r));
            }
            return out;
        } finally {
            lock().unlock();
        }
    }

    public Optional<Map<String, Object>> record(String model, long id) {
        lock().lock();
        try {
            Map<String, Object> r = emulator.orm().store.get(model, id);
            return r == null ? Optional.empty() : Optional.of(new LinkedHashMap<>(r));
        } finally {
            lock().unlock();
        }
    }

    /** Reads fields of a record as the RPC API would answer them (computed fields included). */
    public Optional<JsonNode> read(String model, long id, String... fields) {
        lock().lock();
        try {
            var arr = Orm.F.arrayNode();
            for (String f : fields) {
                arr.add(f);
            }
            JsonNode rows = emulator.orm().read(new Env(Env.SUPERUSER, null, true), model, List.of(id), arr, true);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        } finally {
            lock().unlock();
        }
    }

    /** Creates a record as superuser with the same defaults and side effects as an RPC create. */
    public long create(String model, Map<String, ?> values) {
        ObjectNode vals = emulator.json().valueToTree(values);
        return emulator.execute(() -> emulator.orm().createOne(new Env(Env.SUPERUSER, null, true), model, vals));
    }

    /**
     * Sets stored values as Odoo's own server code does, readonly fields included, and marks the record written
     * (write_uid, write_date) when the change commits: what, for example, posting a vendor bill does to a purchase line's {@code qty_invoiced}.
     */
    public void writeStored(String model, long id, Map<String, ?> values) {
        emulator.execute(() -> {
            Store store = emulator.orm().store;
            if (!store.exists(model, id)) {
                throw new IllegalArgumentException(model + " has no record " + id);
            }
            values.forEach((field, value) -> store.set(model, id, field, value));
            return null;
        });
    }

    /** Ids matching a domain given as JSON text, e.g. {@code [["state","=","posted"]]}, in the model's order. */
    public List<Long> search(String model, String domainJson) {
        lock().lock();
        try {
            JsonNode domain = emulator.json().readTree(domainJson);
            return emulator.orm().search(new Env(Env.SUPERUSER, null, true), model, domain, 0, null, null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Domain is not valid JSON: " + domainJson, e);
        } finally {
            lock().unlock();
        }
    }
}
