package io.financehub.sandbox.odoo;

import static io.financehub.sandbox.odoo.ModelFamily.id;
import static io.financehub.sandbox.odoo.ModelFamily.str;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Journal entry numbers as Odoo's sequence mixin gives them: {@code <P><journal code>/<year>/<month>/<number>}, yearly
 * for sale, bank and cash journals, "P" for payments, the highest number of the prefix plus one (so a number freed
 * by deleting the last move is given again). Moves of statement lines made in one call are named when it ends.
 */
final class MoveNumbering {

    private final Orm orm;
    /** Move numbers in use per sequence prefix, so numbering stays O(log n) with a million moves. */
    private final Map<String, TreeMap<Long, Long>> numbersByPrefix = new HashMap<>();
    private long indexedRollbacks = -1;
    /** Moves of statement lines created in the running call, named when it ends ({@link #nameDeferred}). */
    private final List<Long> deferredNames = new ArrayList<>();

    MoveNumbering(Orm orm) {
        this.orm = orm;
    }

    void assign(long moveId, String name) {
        orm.store.set("account.move", moveId, "name", name);
        index(moveId, name);
    }

    private void index(long moveId, String name) {
        int cut = name.lastIndexOf('/') + 1;
        try {
            numbersByPrefix.computeIfAbsent(name.substring(0, cut), k -> new TreeMap<>())
                    .put(Long.parseLong(name.substring(cut)), moveId);
        } catch (NumberFormatException ignored) {
            // a name outside the numbering scheme (seeded data) takes no part in numbering
        }
    }

    /** Rebuilds the number index after a rolled-back call may have restored deleted moves. */
    private void refreshIndex() {
        if (indexedRollbacks == orm.store.rollbacks()) {
            return;
        }
        numbersByPrefix.clear();
        for (Map<String, Object> m : orm.store.table("account.move").values()) {
            if (m.get("name") != null) {
                index(id(m.get("id")), str(m.get("name")));
            }
        }
        indexedRollbacks = orm.store.rollbacks();
    }

    /** Next number in the journal's sequence, reusing a number freed by deleting the last move (as recorded). */
    String next(Map<String, Object> move) {
        refreshIndex();
        Long journalId = id(move.get("journal_id"));
        Map<String, Object> journal = journalId == null ? null : orm.store.get("account.journal", journalId);
        LocalDate date = LocalDate.parse(str(move.get("date")));
        String type = str(journal.get("type"));
        boolean yearly = "sale".equals(type) || "bank".equals(type) || "cash".equals(type);
        String prefix = (move.get("payment_id") != null || Boolean.TRUE.equals(move.get("is_payment")) ? "P" : "")
                + journal.get("code") + "/" + date.getYear() + "/" + (yearly ? "" : String.format(Locale.ROOT, "%02d/", date.getMonthValue()));
        int digits = yearly ? 5 : 4;
        long max = 0;
        TreeMap<Long, Long> used = numbersByPrefix.get(prefix);
        while (used != null && !used.isEmpty()) {
            Map.Entry<Long, Long> last = used.lastEntry();
            Map<String, Object> holder = orm.store.get("account.move", last.getValue());
            String expected = prefix + String.format(Locale.ROOT, "%0" + digits + "d", last.getKey());
            if (holder != null && expected.equals(holder.get("name")) && !holder.get("id").equals(move.get("id"))) {
                max = last.getKey();
                break;
            }
            used.remove(last.getKey()); // deleted or renamed since: its number is free again
        }
        return prefix + String.format(Locale.ROOT, "%0" + digits + "d", max + 1);
    }

    /** Names the move when the running call ends, with the call's other deferred moves. */
    void defer(long moveId) {
        deferredNames.add(moveId);
    }

    /**
     * Names the moves posted together in one call as Odoo's {@code _compute_name} does: in the order of their date,
     * then their reference (none first), then id, so a statement's lines of one day are numbered by reference.
     */
    void nameDeferred() {
        List<Long> ids = new ArrayList<>();
        for (Long id : deferredNames) {
            Map<String, Object> m = orm.store.get("account.move", id);
            if (m != null && m.get("name") == null) {
                ids.add(id);
            }
        }
        deferredNames.clear();
        for (Long id : inNamingOrder(ids)) {
            assign(id, next(orm.store.get("account.move", id)));
        }
    }

    List<Long> inNamingOrder(List<Long> ids) {
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing((Long id) -> String.valueOf(orm.store.get("account.move", id).get("date")))
                .thenComparing(id -> { Object ref = orm.store.get("account.move", id).get("ref"); return ref == null ? "" : String.valueOf(ref); })
                .thenComparing(id -> id));
        return sorted;
    }
}
