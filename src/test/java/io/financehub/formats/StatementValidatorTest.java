package io.financehub.formats;

import io.financehub.canonical.Money;
import io.financehub.canonical.statement.AccountReference;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.SourceLocation;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementPeriod;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementValidatorTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);
    private static final AccountReference ACCOUNT = AccountReference.of("DE89370400440532013000", Money.currency("EUR"));

    private static StatementHeader header(String opening, String closing, StatementKind kind) {
        return new StatementHeader("test", kind, Optional.empty(), "S-1", Optional.empty(), Optional.empty(), ACCOUNT,
                Optional.empty(), Optional.of(new StatementPeriod(DAY, DAY)),
                Optional.ofNullable(opening).map(o -> new Balance("OPBD", Money.of(o, "EUR"), DAY)),
                Optional.ofNullable(closing).map(c -> new Balance("CLBD", Money.of(c, "EUR"), DAY)), List.of(),
                SourceLocation.line("s.xml", 3));
    }

    private static StatementLine line(int index, String amount, String currency, LocalDate day, EntryStatus status) {
        return StatementLine.builder().index(index).bookingDate(day).valueDate(day).amount(Money.of(amount, currency)).status(status)
                .location(SourceLocation.line("s.xml", 10 + index)).build();
    }

    private static List<ValidationProblem> validate(StatementHeader header, StatementLine... lines) {
        return new StatementValidator().validate(new BankStatement(header, List.of(lines)));
    }

    @Test
    void balancedStatementHasNoProblems() {
        assertEquals(List.of(), validate(header("100.00", "75.50", StatementKind.STATEMENT),
                line(1, "-30.00", "EUR", DAY, EntryStatus.BOOKED), line(2, "5.5", "EUR", DAY, EntryStatus.BOOKED)));
    }

    @Test
    void unbalancedStatementIsReportedWithTheDifferenceAndWhere() {
        List<ValidationProblem> problems = validate(header("100.00", "80.00", StatementKind.STATEMENT), line(1, "-30.00", "EUR", DAY, EntryStatus.BOOKED));
        assertEquals(1, problems.size());
        ValidationProblem p = problems.get(0);
        assertEquals(ValidationProblem.Code.BALANCE_MISMATCH, p.code());
        assertTrue(p.isError());
        assertTrue(p.message().contains("difference 10.00"), p.message());
        assertEquals(3, p.location().line().getAsInt());
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<ValidationProblem> problems = validate(header("0.00", "1.00", StatementKind.STATEMENT),
                line(1, "1.005", "EUR", DAY, EntryStatus.BOOKED),
                line(2, "2.00", "USD", DAY, EntryStatus.BOOKED),
                line(3, "0.00", "EUR", DAY.plusDays(3), EntryStatus.BOOKED));
        List<ValidationProblem.Code> codes = problems.stream().map(ValidationProblem::code).toList();
        assertTrue(codes.contains(ValidationProblem.Code.EXCESS_DECIMALS), codes.toString());
        assertTrue(codes.contains(ValidationProblem.Code.CURRENCY_MISMATCH), codes.toString());
        assertTrue(codes.contains(ValidationProblem.Code.DATE_OUTSIDE_PERIOD), codes.toString());
        assertTrue(codes.contains(ValidationProblem.Code.BALANCE_MISMATCH), codes.toString());
        ValidationProblem usd = problems.stream().filter(p -> p.code() == ValidationProblem.Code.CURRENCY_MISMATCH).findFirst().orElseThrow();
        assertEquals(12, usd.location().line().getAsInt());
        assertTrue(usd.message().contains("DE****"), "the account is masked: " + usd.message());
    }

    @Test
    void pendingLinesDoNotMoveTheBookedBalance() {
        assertEquals(List.of(), validate(header("10.00", "10.00", StatementKind.STATEMENT), line(1, "99.00", "EUR", DAY, EntryStatus.PENDING)));
    }

    @Test
    void statementWithoutLinesOrBalancesIsAnError() {
        List<ValidationProblem> problems = validate(header(null, null, StatementKind.STATEMENT));
        assertTrue(problems.stream().anyMatch(p -> p.code() == ValidationProblem.Code.NO_LINES && p.isError()), problems.toString());
    }

    @Test
    void notificationWithoutBalancesPassesWithANotBalanceCheckedWarning() {
        List<ValidationProblem> problems = validate(header(null, null, StatementKind.NOTIFICATION), line(1, "1.00", "EUR", DAY, EntryStatus.BOOKED));
        assertEquals(List.of(ValidationProblem.Code.NOT_BALANCE_CHECKED), problems.stream().map(ValidationProblem::code).toList());
        assertFalse(problems.get(0).isError());
        assertTrue(problems.get(0).message().contains("not balance-checked"), problems.get(0).message());
    }

    @Test
    void transactionListOfALayoutWithoutBalancesPassesWithANotBalanceCheckedWarning() {
        List<ValidationProblem> problems = validate(header(null, null, StatementKind.TRANSACTION_LIST), line(1, "1.00", "EUR", DAY, EntryStatus.BOOKED));
        assertEquals(List.of(ValidationProblem.Code.NOT_BALANCE_CHECKED), problems.stream().map(ValidationProblem::code).toList());
        assertTrue(problems.get(0).message().contains("balances: none"), problems.get(0).message());
    }

    @Test
    void statementMissingOneBalanceIsRefusedNotCheckedAgainstZero() {
        List<ValidationProblem> noClosing = validate(header("100.00", null, StatementKind.STATEMENT), line(1, "555000011.00", "EUR", DAY, EntryStatus.BOOKED));
        assertEquals(List.of(ValidationProblem.Code.NO_BALANCES), noClosing.stream().map(ValidationProblem::code).toList());
        assertTrue(noClosing.get(0).isError());
        assertTrue(noClosing.get(0).message().contains("no closing booked balance"), noClosing.get(0).message());
        List<ValidationProblem> none = validate(header(null, null, StatementKind.STATEMENT), line(1, "1.00", "EUR", DAY, EntryStatus.BOOKED));
        assertTrue(none.stream().anyMatch(p -> p.code() == ValidationProblem.Code.NO_BALANCES && p.isError()), none.toString());
    }

    @Test
    void valueDatedClosingBalanceIsAcceptedWithAWarning() {
        StatementLine later = StatementLine.builder().index(2).bookingDate(DAY).valueDate(DAY.plusDays(1)).amount(Money.of("50.00", "EUR"))
                .location(SourceLocation.line("s.xml", 12)).build();
        List<ValidationProblem> problems = validate(header("0.00", "10.00", StatementKind.STATEMENT), line(1, "10.00", "EUR", DAY, EntryStatus.BOOKED), later);
        assertEquals(1, problems.size());
        assertEquals(ValidationProblem.Code.VALUE_DATED_BALANCE, problems.get(0).code());
        assertEquals(ValidationProblem.Severity.WARNING, problems.get(0).severity());
    }

    @Test
    void streamingCheckGivesTheSameResultAsTheWholeStatement() {
        StatementHeader h = header("100.00", "50.00", StatementKind.STATEMENT);
        List<StatementLine> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add(line(i, "-5.00", "EUR", DAY, EntryStatus.BOOKED));
        }
        StatementValidator.Check check = new StatementValidator().begin(h);
        lines.forEach(check::accept);
        assertEquals(new StatementValidator().validate(new BankStatement(h, lines)), check.finish());
        assertEquals(List.of(), check.finish());
    }

    @Test
    void balanceOrAmountOfMoreThanFifteenDigitsBeforeThePointIsRefusedEvenWhenItBalances() {
        // a CSV opening balance derived from a damaged first line (balance minus amount) can exceed any format's digits
        List<ValidationProblem> problems = validate(header("-1234567890123456.50", "10.00", StatementKind.STATEMENT),
                line(1, "1234567890123466.50", "EUR", DAY, EntryStatus.BOOKED));
        List<ValidationProblem.Code> codes = problems.stream().map(ValidationProblem::code).toList();
        assertEquals(List.of(ValidationProblem.Code.AMOUNT_OUT_OF_RANGE, ValidationProblem.Code.AMOUNT_OUT_OF_RANGE), codes, problems.toString());
        assertTrue(problems.stream().allMatch(ValidationProblem::isError));
        assertTrue(problems.get(0).message().contains("more than 15 digits before the decimal point"), problems.get(0).message());
        assertEquals(List.of(), validate(header("-123456789012345.50", "10.00", StatementKind.STATEMENT),
                line(1, "123456789012355.50", "EUR", DAY, EntryStatus.BOOKED)), "15 digits are accepted");
    }

    @Test
    void originalAmountWithMoreDecimalsThanItsCurrencyIsRefused() {
        StatementLine fx = StatementLine.builder().index(1).bookingDate(DAY).valueDate(DAY).amount(Money.of("11.00", "EUR"))
                .originalAmount(Money.of("12.34567", "USD")).location(SourceLocation.line("s.xml", 11)).build();
        List<ValidationProblem> problems = validate(header("0.00", "11.00", StatementKind.STATEMENT), fx);
        assertEquals(List.of(ValidationProblem.Code.EXCESS_DECIMALS), problems.stream().map(ValidationProblem::code).toList());
        assertTrue(problems.get(0).message().contains("original amount"), problems.get(0).message());
    }
}
