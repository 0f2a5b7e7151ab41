package io.financehub.flows.bankstatements;

import io.financehub.odoo.OdooClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many statement lines the next Odoo call posts, from the rate the Odoo in front has shown. Real Odoo creates a
 * journal entry per statement line, 25-60 lines a second: a fixed part size either outlives {@code odoo.timeout}
 * on a slow server or wastes calls on a fast one. Parts start at {@code hub.bank-statements.first-part-lines}, then
 * follow the measured rate so one call takes about {@code hub.bank-statements.target-call-time} (a third of
 * {@code odoo.timeout} by default), changing at most by half or double from one part to the next, never above
 * {@code hub.bank-statements.lines-per-call}. A call whose answer was lost shrinks the next part to a quarter.
 * Shared by every import of this instance: they post to the same Odoo.
 */
@ApplicationScoped
public class PartSizer {

    /** Smallest part: below this the fixed cost of a call dominates. */
    static final int MIN_LINES = 10;

    @ConfigProperty(name = "hub.bank-statements.lines-per-call", defaultValue = "1000")
    int maxLines;

    @ConfigProperty(name = "hub.bank-statements.first-part-lines", defaultValue = "50")
    int firstLines;

    @ConfigProperty(name = "hub.bank-statements.target-call-time")
    Optional<Duration> targetCallTime;

    @Inject
    OdooClient odoo;

    private Duration target;
    private double secondsPerLine = Double.NaN;
    private int current;

    @PostConstruct
    void init() {
        if (maxLines < 1 || firstLines < 1) {
            throw new IllegalArgumentException("hub.bank-statements.lines-per-call and .first-part-lines must be at least 1");
        }
        target = targetCallTime.orElseGet(() -> odoo.settings().timeout().dividedBy(3));
        current = Math.min(firstLines, maxLines);
    }

    /** Lines the next part may carry. */
    public synchronized int nextPartSize() {
        return current;
    }

    /** A part of {@code lines} lines was created in {@code elapsed}: adapts the next part to the measured rate. */
    public synchronized void measured(int lines, Duration elapsed) {
        if (lines < 1) {
            return;
        }
        double perLine = elapsed.toNanos() / 1e9 / lines;
        secondsPerLine = Double.isNaN(secondsPerLine) ? perLine : (secondsPerLine + perLine) / 2;
        int wanted = (int) Math.floor(target.toNanos() / 1e9 / Math.max(secondsPerLine, 1e-6));
        current = clamp(wanted, current / 2, current * 2);
    }

    /** A part's answer was lost (timeout): the next one is a quarter of it. */
    public synchronized void lost(int lines) {
        current = clamp(lines / 4, 1, lines);
    }

    private int clamp(int wanted, int low, int high) {
        int bounded = Math.max(low, Math.min(high, wanted));
        return Math.max(Math.min(MIN_LINES, maxLines), Math.min(maxLines, bounded));
    }

    /** Seconds per line measured so far (NaN before the first part); for the logs and the benchmark. */
    public synchronized double secondsPerLine() {
        return secondsPerLine;
    }
}
