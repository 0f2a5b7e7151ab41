package io.financehub.flows.bankstatements;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementLineKey;
import java.util.List;

/** A validated statement with the Odoo journal it posts to and the idempotency key of every booked line. */
public record PreparedStatement(BankStatement statement, BankJournal journal, List<KeyedLine> lines) {

    /** A booked line and its deterministic idempotency key. */
    public record KeyedLine(StatementLine line, StatementLineKey key) {
    }
}
