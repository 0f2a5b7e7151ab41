package io.financehub.sandbox.odoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls the emulator received, in arrival order; thread-safe, for test assertions. It keeps the most
 * recent calls up to a capacity so that a long-running embedded emulator does not grow without bound.
 */
public final class CallJournal {
    private final java.util.ArrayDeque<RecordedCall> calls = new java.util.ArrayDeque<>();
    private final AtomicLong counter = new AtomicLong();
    private final int capacity;
    /** Told of every call as it is added (the standalone emulator's {@code --print-writes}); none by default. */
    private volatile java.util.function.Consumer<RecordedCall> listener = c -> { };

    CallJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("journal capacity must be positive; got " + capacity);
        }
        this.capacity = capacity;
    }

    long nextIndex() {
        return counter.incrementAndGet();
    }

    synchronized void add(RecordedCall call) {
        if (calls.size() == capacity) {
            calls.removeFirst();
        }
        calls.addLast(call);
        listener.accept(call);
    }

    /** Tells {@code listener} of each call from now on, as it is added, in the adding thread. */
    public void onAdd(java.util.function.Consumer<RecordedCall> listener) {
        this.listener = Objects.requireNonNull(listener);
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
