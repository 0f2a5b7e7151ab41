package io.financehub.odoo.emulator;

import java.time.Duration;

/**
 * How long the emulated server takes for a call, so tests and benchmarks can meet an Odoo as slow as a real one.
 * A write costs {@code perCall} plus {@code perCreatedRecord} for every record it creates (a statement with 1,000
 * lines creates 1,001) plus {@code perActedRecord} for every record id a model method acts on; a read costs
 * {@code perCall} plus one record per {@code readRecordsPerSecond}. Real Odoo takes that time inside its
 * transaction, so a write's effect becomes visible only when its time is up (see {@link OdooEmulator#speed}).
 *
 * @param perCall fixed cost of any call (HTTP, authentication, ORM set-up)
 * @param perCreatedRecord cost of each record a create makes, nested x2many lines included
 * @param perActedRecord cost of each record a write or a model method (action_post, message_post, ...) acts on
 * @param readRecordsPerSecond records a read returns per second; 0 means reads take only {@code perCall}
 */
public record Speed(Duration perCall, Duration perCreatedRecord, Duration perActedRecord, double readRecordsPerSecond) {

    /** No cost at all: the emulator answers as fast as it can (the default). */
    public static Speed instant() {
        return new Speed(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    /**
     * The rates measured on real Odoo Community servers of this version on a 2-core machine (see the emulator's
     * README): bank statement lines created in one call 25-35/s on 16 and 17 and 45-60/s on 18 and 19, about
     * 4,500 records/s read by paged search_read, and tens of milliseconds per call.
     */
    public static Speed realistic(int version) {
        Duration perLine = version >= 18 ? Duration.ofMillis(19) : Duration.ofMillis(33);
        return new Speed(Duration.ofMillis(40), perLine, Duration.ofMillis(60), 4_500);
    }

    /** This speed with every cost divided by {@code factor} (a faster machine). */
    public Speed fasterBy(double factor) {
        return new Speed(scale(perCall, factor), scale(perCreatedRecord, factor), scale(perActedRecord, factor),
                readRecordsPerSecond * factor);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() / factor));
    }

    boolean isInstant() {
        return perCall.isZero() && perCreatedRecord.isZero() && perActedRecord.isZero() && readRecordsPerSecond == 0;
    }

    Duration write(int created, int acted) {
        return perCall.plus(perCreatedRecord.multipliedBy(created)).plus(perActedRecord.multipliedBy(acted));
    }

    Duration read(int records) {
        return readRecordsPerSecond <= 0 ? perCall : perCall.plusNanos((long) (records / readRecordsPerSecond * 1e9));
    }
}
