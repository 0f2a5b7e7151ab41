package io.financehub.odoo.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** The calls the emulator received, in arrival order; thread-safe, for test assertions. */
public final class CallJournal {
    private final List<RecordedCall> calls = new ArrayList<>();
    private final AtomicLong counter = new AtomicLong();

    long nextIndex() {
        return counter.incrementAndGet();
    }

    synchronized void add(RecordedCall call) {
        calls.add(call);
    }

    /** All calls so far. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one model method (for {@code common}/{@code db} services: model null, method the service method). */
    public synchronized List<RecordedCall> calls(String model, String method) {
        List<RecordedCall> out = new ArrayList<>();
        for (RecordedCall c : calls) {
            if (Objects.equals(model, c.model()) && Objects.equals(method, c.method())) {
                out.add(c);
            }
        }
        return out;
    }

    public synchronized long count(String model, String method) {
        return calls(model, method).size();
    }

    public synchronized void clear() {
        calls.clear();
    }
}
