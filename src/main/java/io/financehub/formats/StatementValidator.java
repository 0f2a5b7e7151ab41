package io.financehub.formats;

import io.financehub.canonical.Money;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a statement is internally consistent before anything is posted: opening balance plus
 * the booked lines equals the closing balance (exact {@link BigDecimal}, no rounding), every amount is
 * in the account currency, booking dates lie within the statement period, no amount carries more
 * decimals than its currency has (reported, never rounded silently) nor more than
 * {@link Money#MAX_INTEGER_DIGITS} digits before the decimal point (the hub's rule for amounts from outside; a
 * balance derived from a damaged CSV line can have more), and the statement has lines
 * unless it explicitly says it is empty (balances present and equal).
 *
 * <p>Data problems are returned, all of them with their locations, never thrown. Pending and
 * informational lines are not part of the balance: the closing <em>booked</em> balance only moves by
 * booked lines. An end-of-day {@link StatementKind#STATEMENT} without both balances is refused
 * ({@code NO_BALANCES}): the balance check is the main guard against a damaged file, and a file that lost
 * its balances may have lost lines too. Kinds that carry no balances by definition (camt.054 notifications,
 * CSV exports whose layout declares {@code balances: none}) pass with a {@code NOT_BALANCE_CHECKED} warning.
 *
 * <p>Some banks (Swiss PostFinance, for one) report a value-dated closing balance that leaves out booked
 * lines valued after the closing date. When the booked sum does not match but the value-dated sum does,
 * the statement is accepted with a {@code VALUE_DATED_BALANCE} warning instead of a mismatch.
 *
 * <p>{@link Check} validates a streamed statement line by line, so the cursor can be used for very large
 * files without holding the lines.
 */
public final class StatementValidator {

    /** Digits before the decimal point, as {@link Money#amountProblem} counts them. */
    static int integerDigits(BigDecimal n) {
        return n.precision() - n.scale();
    }

    public List<ValidationProblem> validate(BankStatement statement) {
        Check check = begin(statement.header());
        for (StatementLine line : statement.lines()) {
            check.accept(line);
        }
        return check.finish();
    }

    public Check begin(StatementHeader header) {
        return new Check(header);
    }

    /** Incremental validation of one statement: {@link #accept} each line, then {@link #finish}. */
    public static final class Check {
        private final StatementHeader header;
        private final List<ValidationProblem> problems = new ArrayList<>();
        private BigDecimal bookedSum = BigDecimal.ZERO;
        private BigDecimal bookedUpToClosingValueDate = BigDecimal.ZERO;
        private int lines;

        Check(StatementHeader header) {
            this.header = Objects.requireNonNull(header, "header");
            String account = header.account().currency().getCurrencyCode();
            header.openingBalance().ifPresent(b -> balanceCurrency(b, account));
            header.closingBalance().ifPresent(b -> balanceCurrency(b, account));
            header.openingBalance().ifPresent(this::decimals);
            header.closingBalance().ifPresent(this::decimals);
        }

        public void accept(StatementLine line) {
            lines++;
            Money amount = line.amount();
            if (!amount.currency().equals(header.account().currency())) {
                problems.add(new ValidationProblem(ValidationProblem.Code.CURRENCY_MISMATCH,
                        "Line " + line.index() + " is in " + amount.currencyCode() + " but the account "
                                + header.account().masked() + " is in " + header.account().currency().getCurrencyCode(),
                        line.location()));
                return;
            }
            if (integerDigits(amount.amount()) > Money.MAX_INTEGER_DIGITS) {
                problems.add(new ValidationProblem(ValidationProblem.Code.AMOUNT_OUT_OF_RANGE,
                        "Line " + line.index() + " amount " + amount + " has more than " + Money.MAX_INTEGER_DIGITS
                                + " digits before the decimal point", line.location()));
            }
            if (amount.exceedsMinorUnits()) {
                problems.add(new ValidationProblem(ValidationProblem.Code.EXCESS_DECIMALS,
                        "Line " + line.index() + " amount " + amount + " has more decimals than "
                                + amount.currencyCode() + " allows (" + Money.minorUnits(amount.currency()) + ")",
                        line.location()));
            }
            line.originalAmount().filter(Money::exceedsMinorUnits).ifPresent(original -> problems.add(new ValidationProblem(
                    ValidationProblem.Code.EXCESS_DECIMALS, "Line " + line.index() + " original amount " + original
                    + " has more decimals than " + original.currencyCode() + " allows (" + Money.minorUnits(original.currency()) + ")",
                    line.location())));
            header.period().ifPresent(p -> {
                if (!p.contains(line.bookingDate())) {
                    problems.add(new ValidationProblem(ValidationProblem.Code.DATE_OUTSIDE_PERIOD,
                            "Line " + line.index() + " is booked on " + line.bookingDate() + ", outside the statement period "
                                    + p.from() + " to " + p.to(), line.location()));
                }
            });
            if (line.status().isPostable()) {
                bookedSum = bookedSum.add(amount.amount());
                if (header.closingBalance().isEmpty() || !line.valueDate().isAfter(header.closingBalance().get().date())) {
                    bookedUpToClosingValueDate = bookedUpToClosingValueDate.add(amount.amount());
                }
            }
        }

        /** All problems found; may be called more than once. */
        public List<ValidationProblem> finish() {
            List<ValidationProblem> problems = new ArrayList<>(this.problems);
            if (header.hasBalances()) {
                Balance opening = header.openingBalance().orElseThrow();
                Balance closing = header.closingBalance().orElseThrow();
                if (opening.amount().currency().equals(closing.amount().currency())) {
                    BigDecimal expected = opening.amount().amount().add(bookedSum);
                    BigDecimal valueDated = opening.amount().amount().add(bookedUpToClosingValueDate);
                    if (expected.compareTo(closing.amount().amount()) != 0
                            && valueDated.compareTo(closing.amount().amount()) == 0) {
                        problems.add(new ValidationProblem(ValidationProblem.Code.VALUE_DATED_BALANCE,
                                "Statement " + header.statementId() + " balances by value date: its closing balance leaves out "
                                        + "booked lines valued after " + closing.date(), header.location()));
                    } else if (expected.compareTo(closing.amount().amount()) != 0) {
                        problems.add(new ValidationProblem(ValidationProblem.Code.BALANCE_MISMATCH,
                                "Statement " + header.statementId() + " does not balance: opening " + opening.amount()
                                        + " + booked lines " + bookedSum.toPlainString() + " = " + expected.toPlainString()
                                        + " but the closing balance is " + closing.amount()
                                        + " (difference " + closing.amount().amount().subtract(expected).toPlainString() + ")",
                                header.location()));
                    }
                }
                if (lines == 0 && opening.amount().amount().compareTo(closing.amount().amount()) != 0) {
                    problems.add(new ValidationProblem(ValidationProblem.Code.NO_LINES,
                            "Statement " + header.statementId() + " has no lines but its balances differ", header.location()));
                }
            } else {
                if (header.kind() == StatementKind.STATEMENT) {
                    String missing = header.openingBalance().isEmpty() && header.closingBalance().isEmpty() ? "opening and closing"
                            : header.openingBalance().isEmpty() ? "opening" : "closing";
                    problems.add(new ValidationProblem(ValidationProblem.Code.NO_BALANCES,
                            "Statement " + header.statementId() + " has no " + missing + " booked balance"
                                    + (header.otherBalances().isEmpty() ? "" : " (only " + String.join(", ",
                                    header.otherBalances().stream().map(Balance::typeCode).distinct().toList()) + ")")
                                    + ", so opening + lines = closing cannot be checked; a statement file that lost its balances may have lost lines too",
                            header.location()));
                } else {
                    problems.add(new ValidationProblem(ValidationProblem.Code.NOT_BALANCE_CHECKED, notCheckedReason(), header.location()));
                }
                if (lines == 0 && header.otherBalances().isEmpty() && header.openingBalance().isEmpty()
                        && header.closingBalance().isEmpty()) {
                    problems.add(new ValidationProblem(ValidationProblem.Code.NO_LINES,
                            "Statement " + header.statementId() + " has neither lines nor balances", header.location()));
                }
            }
            return List.copyOf(problems);
        }

        private String notCheckedReason() {
            String id = header.statementId();
            return switch (header.kind()) {
                case NOTIFICATION -> "Notification " + id + " is not balance-checked: a " + header.format()
                        + " notification carries no balances, so its lines are posted as the bank sent them";
                case TRANSACTION_LIST -> "Statement " + id + " is not balance-checked: its CSV layout (" + header.format()
                        + ") declares balances: none, so its lines are posted as the export lists them";
                default -> "Report " + id + " is not balance-checked: it carries no opening and closing booked balance";
            };
        }

        private void balanceCurrency(Balance balance, String accountCurrency) {
            if (!balance.amount().currencyCode().equals(accountCurrency)) {
                problems.add(new ValidationProblem(ValidationProblem.Code.CURRENCY_MISMATCH,
                        "Balance " + balance.typeCode() + " is in " + balance.amount().currencyCode()
                                + " but the account is in " + accountCurrency, header.location()));
            }
        }

        private void decimals(Balance balance) {
            if (integerDigits(balance.amount().amount()) > Money.MAX_INTEGER_DIGITS) {
                problems.add(new ValidationProblem(ValidationProblem.Code.AMOUNT_OUT_OF_RANGE,
                        "Balance " + balance.typeCode() + " " + balance.amount() + " has more than " + Money.MAX_INTEGER_DIGITS
                                + " digits before the decimal point"
                                + (balance.typeCode().equals("CSV-DERIVED") ? " (it is derived from the first line's balance minus its amount)" : ""),
                        header.location()));
            }
            if (balance.amount().exceedsMinorUnits()) {
                problems.add(new ValidationProblem(ValidationProblem.Code.EXCESS_DECIMALS,
                        "Balance " + balance.typeCode() + " " + balance.amount() + " has more decimals than the currency allows",
                        header.location()));
            }
        }
    }
}
