package io.financehub.sandbox.odoo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** Holds the injected {@link Fault}s and decides which one applies to an incoming call. Thread-safe. */
public final class FaultInjector {

    private static final class Armed {
        final Fault fault;
        final long baseCall;
        final long baseWrite;
        long matches;

        Armed(Fault fault, long baseCall, long baseWrite) {
            this.fault = fault;
            this.baseCall = baseCall;
            this.baseWrite = baseWrite;
        }
    }

    private final List<Armed> armed = new ArrayList<>();
    private long calls;
    private long writes;

    /** Arms a fault; a call (or write) index counts from now. */
    public synchronized FaultInjector inject(Fault fault) {
        armed.add(new Armed(Objects.requireNonNull(fault), calls, writes));
        return this;
    }

    public synchronized void clear() {
        armed.clear();
    }

    /** Number of faults still armed. */
    public synchronized int pending() {
        return armed.size();
    }

    /** Counts the call and returns the fault that fires on it, or null. */
    synchronized Fault next(String model, String method) {
        calls++;
        boolean write = model != null && RecordedCall.isWriteMethod(method);
        if (write) {
            writes++;
        }
        Fault fired = null;
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            Fault f = a.fault;
            boolean hit;
            if (f.method() != null) {
                if (!Objects.equals(f.model(), model) || !f.method().equals(method)) {
                    continue;
                }
                a.matches++;
                hit = f.isRepeating() ? a.matches >= f.occurrence() : a.matches == f.occurrence();
            } else if (f.writesOnly()) {
                if (!write) {
                    continue;
                }
                long n = writes - a.baseWrite;
                hit = f.isRepeating() ? n >= f.callIndex() : n == f.callIndex();
            } else {
                long n = calls - a.baseCall;
                hit = f.isRepeating() ? n >= f.callIndex() : n == f.callIndex();
            }
            if (hit && fired == null) {
                fired = f;
                if (!f.isRepeating()) {
                    it.remove();
                }
            }
        }
        return fired;
    }
}
