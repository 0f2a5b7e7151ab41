package io.financehub.sandbox.odoo;

import java.time.Duration;

/**
 * How long the emulated server takes for a call, so tests and benchmarks can meet an Odoo as slow as a real one.
 * Every call costs {@code perCall}; a create adds {@code perCreate} plus {@code perCreatedRecord} for every record it
 * creates (a statement with 1,000 lines creates 1,001; more per record above 1,000); a write or model method adds
 * {@code perActedRecord} for every record id it acts on; a read adds one record per {@code readRecordsPerSecond}. Real Odoo takes that time inside its
 * transaction, so a write's effect becomes visible only when its time is up (see {@link OdooEmulator#speed}).
 *
 * @param perCall fixed cost of any call (HTTP, authentication, ORM set-up)
 * @param perCreate fixed cost a create adds (for a statement: the statement, its balance checks)
 * @param perCreatedRecord cost of each record a create makes, nested x2many lines included
 * @param perActedRecord cost of each record a write or a model method (action_post, message_post, ...) acts on
 * @param readRecordsPerSecond records a read returns per second; 0 means reads take only {@code perCall}
 */
public record Speed(Duration perCall, Duration perCreate, Duration perCreatedRecord, Duration perActedRecord,
        double readRecordsPerSecond) {

    /** No cost at all: the emulator answers as fast as it can (the default). */
    public static Speed instant() {
        return new Speed(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    /**
     * The rates measured on real Odoo Community servers of this version on a 2-core machine with little else running
     * (recordings {@code speed/}, 2026-12-06): a search by reference takes 7-19 ms; an
     * {@code account.bank.statement} create costs 0.05-0.13 s plus 17-18 ms per line on 16 and 17, 11.5 ms on 18 and
     * 10.5 ms on 19 (a busy machine doubles that); paged {@code search_read} returns 8,600-17,000 records/s; a model
     * action such as {@code message_post} or {@code button_approve} takes 15-30 ms.
     */
    public static Speed realistic(int version) {
        return switch (version) {
            case 16 -> new Speed(ms(8), ms(90), Duration.ofNanos(17_700_000L), ms(10), 11_400);
            case 17 -> new Speed(ms(15), ms(95), Duration.ofNanos(17_000_000L), ms(10), 8_600);
            case 18 -> new Speed(ms(8), ms(120), Duration.ofNanos(11_500_000L), ms(10), 11_300);
            default -> new Speed(ms(7), ms(45), Duration.ofNanos(10_500_000L), ms(8), 17_000);
        };
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** This speed with every cost divided by {@code factor} (a faster machine). */
    public Speed fasterBy(double factor) {
        return new Speed(scale(perCall, factor), scale(perCreate, factor), scale(perCreatedRecord, factor),
                scale(perActedRecord, factor), readRecordsPerSecond * factor);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() / factor));
    }

    boolean isInstant() {
        return perCall.isZero() && perCreate.isZero() && perCreatedRecord.isZero() && perActedRecord.isZero()
                && readRecordsPerSecond == 0;
    }

    /**
     * A write's cost. Above 1,000 records in one call each record costs more (real Odoo took 1.2-1.6 times the linear
     * figure for 2,000 statement lines): the share above 1,000 is charged 1 + n/2,500 times.
     */
    Duration write(int created, int acted) {
        double superlinear = 1 + Math.max(0, created - 1000) / 2500.0;
        return perCall.plus(created > 0 ? perCreate : Duration.ZERO)
                .plusNanos((long) (perCreatedRecord.toNanos() * (double) created * superlinear))
                .plus(perActedRecord.multipliedBy(acted));
    }

    Duration read(int records) {
        return readRecordsPerSecond <= 0 ? perCall : perCall.plusNanos((long) (records / readRecordsPerSecond * 1e9));
    }
}
