package io.financehub.formats;

import io.financehub.canonical.Money;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvStatementReader;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.financehub.formats.dispatch.StatementReaders;
import io.financehub.formats.dispatch.DetectedFormat;

/**
 * What any input, valid or not, may make of the statement readers, as the fuzz tests check it: the file is read as
 * the flow reads it (detection, a cursor to the end, validation), and then
 * <ul>
 *   <li>the only failure is a {@link StatementFormatException} with a reason, a location in the file and an action
 *       (anything else thrown reaches the caller, which is the finding);</li>
 *   <li>a statement that passes validation is one a valid file could give: an end-of-day statement has both balances
 *       and balances exactly (opening + booked lines = closing, or by value date with the warning saying so), every
 *       amount and balance fits its format's grammar and its currency's decimals, and every text is free of control
 *       characters and within its field's length;</li>
 *   <li>reading the same bytes twice gives the same statements (the flow reads a file once to check and once to post).</li>
 * </ul>
 * The limits here are written down independently of the readers' own constants, from the formats.
 */
public final class StatementOracle {

    /** How an input ended. */
    public enum Outcome {
        /** A reader refused it (a {@link StatementFormatException}). */
        REFUSED,
        /** It read, and validation found an error in a statement: the flow quarantines it. */
        REJECTED,
        /** Every statement passed: the flow would post it. */
        ACCEPTED
    }

    /** The most a text of each kind may have, per format. */
    private record Limits(int statementId, int remittance, int name, int bankReference, int shortId, int additionalInfo,
                          int creditorReference, int counterpartyAccount, int amountDigits, int amountDecimals) {
    }

    private static final Limits CAMT = new Limits(35, 1000, 140, 35, 35, 500, 1000, 34, 18, 5);
    private static final Limits MT940 = new Limits(16, 390, 140, 16, 35, 390, 35, 34, 14, 14);
    private static final Limits CSV = new Limits(Integer.MAX_VALUE, 1000, 140, 35, 35, 0, 35, 34, 18, 18);

    private final StatementReaders readers = new StatementReaders(TestLayouts.all(), CsvStatementReader.standalone(),
            Charset.forName("windows-1252"), CamtStatementReader.Options.DEFAULT);
    private final StatementValidator validator = new StatementValidator();

    /** Checks one input; throws {@link AssertionError} naming the broken rule, or whatever the readers threw that they must not. */
    public Outcome check(String fileName, byte[] content) {
        List<BankStatement> statements;
        try {
            statements = read(fileName, content);
        } catch (StatementFormatException e) {
            require(!e.reason().isBlank() && !e.action().isBlank(), "a refusal says what and what to do: " + e.getMessage());
            require(e.location().fileName().equals(fileName), "a refusal names the file: " + e.getMessage());
            return Outcome.REFUSED;
        }
        List<BankStatement> again = read(fileName, content);
        require(summary(statements).equals(summary(again)), "reading twice gives the same statements");
        Outcome outcome = Outcome.ACCEPTED;
        for (BankStatement s : statements) {
            List<ValidationProblem> problems = validator.validate(s);
            if (problems.stream().anyMatch(ValidationProblem::isError)) {
                outcome = Outcome.REJECTED;
                continue;
            }
            accepted(s, problems);
        }
        return statements.isEmpty() ? Outcome.REFUSED : outcome;
    }

    private List<BankStatement> read(String fileName, byte[] content) {
        DetectedFormat format = readers.detector().detect(fileName, content);
        try (StatementCursor cursor = readers.open(format, fileName, new ByteArrayInputStream(content))) {
            List<BankStatement> all = cursor.readAll();
            for (ValidationProblem w : cursor.warnings()) {
                require(!w.isError(), "what a reader changed is a warning: " + w);
            }
            return all;
        }
    }

    private void accepted(BankStatement s, List<ValidationProblem> warnings) {
        StatementHeader h = s.header();
        Limits limits = h.format().startsWith("camt") ? CAMT : h.format().equals("MT940") ? MT940 : CSV;
        String where = "accepted statement " + h.statementId() + " (" + h.format() + ")";
        require(h.statementId().length() <= limits.statementId(), where + ": statement id within " + limits.statementId());
        text(h.statementId(), Integer.MAX_VALUE, where + " id");
        if (h.kind() == StatementKind.STATEMENT) {
            require(h.hasBalances(), where + ": an end-of-day statement that passes has both balances");
            Balance opening = h.openingBalance().orElseThrow();
            Balance closing = h.closingBalance().orElseThrow();
            amount(opening.amount(), limits, where + " opening balance");
            amount(closing.amount(), limits, where + " closing balance");
            BigDecimal booked = opening.amount().amount();
            BigDecimal byValueDate = opening.amount().amount();
            for (StatementLine l : s.lines()) {
                if (l.status().isPostable()) {
                    booked = booked.add(l.amount().amount());
                    if (!l.valueDate().isAfter(closing.date())) {
                        byValueDate = byValueDate.add(l.amount().amount());
                    }
                }
            }
            boolean valueDated = warnings.stream().anyMatch(w -> w.code() == ValidationProblem.Code.VALUE_DATED_BALANCE);
            require(booked.compareTo(closing.amount().amount()) == 0 || (valueDated && byValueDate.compareTo(closing.amount().amount()) == 0),
                    where + ": opening " + opening.amount() + " + booked lines = " + booked.toPlainString() + " but closing is " + closing.amount());
        } else {
            require(warnings.stream().anyMatch(w -> w.code() == ValidationProblem.Code.NOT_BALANCE_CHECKED)
                            || h.hasBalances(), where + ": a statement without balances passes only with a NOT_BALANCE_CHECKED warning");
        }
        for (StatementLine l : s.lines()) {
            String at = where + " line " + l.index();
            require(l.amount().currency().equals(h.account().currency()), at + ": in the account's currency");
            amount(l.amount(), limits, at + " amount");
            text(l.remittanceUnstructured().orElse(null), limits.remittance(), at + " remittance");
            text(l.counterpartyName().orElse(null), limits.name(), at + " counterparty name");
            text(l.bankReference().orElse(null), limits.bankReference(), at + " bank reference");
            text(l.entryReference().orElse(null), limits.shortId(), at + " entry reference");
            text(l.endToEndId().orElse(null), limits.shortId(), at + " end-to-end id");
            text(l.instructionId().orElse(null), limits.shortId(), at + " instruction id");
            text(l.mandateId().orElse(null), limits.shortId(), at + " mandate id");
            text(l.returnReason().orElse(null), limits.shortId(), at + " return reason");
            text(l.creditorReference().orElse(null), limits.creditorReference(), at + " creditor reference");
            text(l.additionalInfo().orElse(null), Math.max(limits.additionalInfo(), limits.remittance()), at + " additional information");
            text(l.counterpartyAccount().map(a -> a.identifier()).orElse(null), limits.counterpartyAccount(), at + " counterparty account");
            text(l.label(), Math.max(limits.remittance(), limits.additionalInfo()), at + " label");
            l.originalAmount().ifPresent(m -> amount(m, limits, at + " original amount"));
        }
    }

    private static void amount(Money money, Limits limits, String what) {
        BigDecimal stripped = money.amount().stripTrailingZeros();
        int decimals = Math.max(0, stripped.scale());
        int digits = stripped.signum() == 0 ? 0 : stripped.scale() >= 0 ? stripped.precision() : stripped.precision() - stripped.scale();
        require(digits <= limits.amountDigits(), what + " " + money + " has " + digits + " digits; the format allows " + limits.amountDigits());
        require(money.amount().precision() - money.amount().scale() <= Money.MAX_INTEGER_DIGITS,
                what + " " + money + " has more digits before the point than the hub accepts");
        require(decimals <= limits.amountDecimals(), what + " " + money + " has " + decimals + " decimals");
        require(decimals <= Money.minorUnits(money.currency()), what + " " + money + " has more decimals than its currency");
    }

    private static void text(String value, int max, String what) {
        if (value == null) {
            return;
        }
        require(value.length() <= max, what + " has " + value.length() + " characters; at most " + max);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            require(Character.getType(c) != Character.CONTROL, what + " holds the control character U+" + String.format("%04X", (int) c));
        }
    }

    private static List<String> summary(List<BankStatement> statements) {
        List<String> out = new ArrayList<>();
        for (BankStatement s : statements) {
            out.add(s.header().statementId() + "|" + s.header().openingBalance().map(b -> b.amount().toString()).orElse("-")
                    + "|" + s.header().closingBalance().map(b -> b.amount().toString()).orElse("-"));
            for (StatementLine l : s.lines()) {
                out.add(l.amount() + "|" + l.bookingDate() + "|" + l.label() + "|" + Optional.ofNullable(l.bankReference().orElse(null)));
            }
        }
        return out;
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw new AssertionError(rule);
        }
    }
}
