package io.financehub.canonical.statement;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about a statement except its lines, complete before the first line is read, so that a
 * streaming reader can hand it out first and the lines after it.
 *
 * <p>{@code format} is the source format with version ({@code camt.053.001.08}, {@code MT940},
 * {@code csv:<layout-id>}). Sequence numbers are the bank's electronic ({@code ElctrncSeqNb}, MT940
 * {@code :28C:} statement number) and legal ({@code LglSeqNb}, MT940 sequence number) numbers when present.
 * {@code creationTime} is the bank's local clock as written, offset dropped.
 */
public record StatementHeader(
        String format,
        StatementKind kind,
        Optional<String> messageId,
        String statementId,
        Optional<String> electronicSequenceNumber,
        Optional<String> legalSequenceNumber,
        AccountReference account,
        Optional<LocalDateTime> creationTime,
        Optional<StatementPeriod> period,
        Optional<Balance> openingBalance,
        Optional<Balance> closingBalance,
        List<Balance> otherBalances,
        SourceLocation location) {

    public StatementHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(electronicSequenceNumber, "electronicSequenceNumber");
        Objects.requireNonNull(legalSequenceNumber, "legalSequenceNumber");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(openingBalance, "openingBalance");
        Objects.requireNonNull(closingBalance, "closingBalance");
        otherBalances = List.copyOf(otherBalances);
        Objects.requireNonNull(location, "location");
    }

    /** True when both balances are present, i.e. opening + Σ lines = closing can be checked. */
    public boolean hasBalances() {
        return openingBalance.isPresent() && closingBalance.isPresent();
    }

    /** Available balances (camt {@code OPAV/CLAV/FWAV/ITAV}, MT940 {@code :64:/:65:}). */
    public List<Balance> availableBalances() {
        return otherBalances.stream()
                .filter(b -> b.typeCode().endsWith("AV") || b.typeCode().equals("64") || b.typeCode().equals("65"))
                .toList();
    }
}
