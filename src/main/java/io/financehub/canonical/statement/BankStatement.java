package io.financehub.canonical.statement;

import java.util.List;
import java.util.Objects;

/**
 * One statement (camt {@code Stmt}/{@code Ntfctn}/{@code Rpt}, one MT940 {@code :20:} block, one CSV
 * file) with all of its lines. For very large statements prefer the formats' streaming cursor, which
 * hands out the header and then the lines one at a time.
 */
public record BankStatement(StatementHeader header, List<StatementLine> lines) {

    public BankStatement {
        Objects.requireNonNull(header, "header");
        lines = List.copyOf(lines);
    }

    public AccountReference account() {
        return header.account();
    }

    /** Lines that may be posted to the ledger (booked only). */
    public List<StatementLine> bookedLines() {
        return lines.stream().filter(l -> l.status().isPostable()).toList();
    }
}
