package io.financehub.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * An amount of money in one ISO 4217 currency. Arithmetic never mixes currencies and never rounds
 * implicitly: rounding to the currency's minor units happens only where a target format asks for it
 * ({@link #roundedToMinorUnits()}).
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /**
     * Most digits before the decimal point the hub accepts in an amount from outside: what its store keeps
     * ({@code numeric(19,4)}) and far beyond any real order or budget.
     */
    public static final int MAX_INTEGER_DIGITS = 15;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), currency(currencyCode));
    }

    public static Money of(BigDecimal amount, String currencyCode) {
        return new Money(amount, currency(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO.setScale(minorUnits(currency)), currency);
    }

    /** Resolves an ISO 4217 code, with an error that names the offending value. */
    public static Currency currency(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("Currency code is missing");
        }
        try {
            return Currency.getInstance(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code", e);
        }
    }

    /** Number of decimals of the currency (EUR 2, JPY 0, BHD 3); 2 for codes without a defined minor unit. */
    public static int minorUnits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        return digits < 0 ? 2 : digits;
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public Money abs() {
        return amount.signum() < 0 ? negate() : this;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** The amount rounded half-even to the currency's minor units (banking rounding). */
    public Money roundedToMinorUnits() {
        return new Money(amount.setScale(minorUnits(currency), RoundingMode.HALF_EVEN), currency);
    }

    /** True when the amount carries more decimals than the currency has (e.g. 1.005 EUR). */
    public boolean exceedsMinorUnits() {
        return amount.stripTrailingZeros().scale() > minorUnits(currency);
    }

    /**
     * Why {@code amount} is not an amount of {@code currency} the hub accepts from outside, in words that say
     * what to send instead, or empty when it is one: more decimals than the currency has (1.005 EUR), or more
     * than {@link #MAX_INTEGER_DIGITS} digits before the decimal point (1e20). Sign is the caller's business.
     */
    public static Optional<String> amountProblem(BigDecimal amount, Currency currency) {
        if (amount == null) {
            return Optional.of("the amount is missing");
        }
        int integerDigits = amount.precision() - amount.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            return Optional.of("the amount has " + integerDigits + " digits before the decimal point; at most "
                    + MAX_INTEGER_DIGITS + " are accepted");
        }
        int decimals = Math.max(0, amount.stripTrailingZeros().scale());
        int allowed = minorUnits(currency);
        if (decimals > allowed) {
            return Optional.of("the amount has " + decimals + (decimals == 1 ? " decimal; " : " decimals; ")
                    + currency.getCurrencyCode() + " has " + allowed
                    + (allowed == 0 ? ": send a whole number" : ": round it to " + allowed + " decimals"));
        }
        return Optional.empty();
    }

    /** Value equality regardless of scale: 1.0 EUR equals 1.00 EUR. */
    public boolean isEqualTo(Money other) {
        return currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "Cannot combine " + currency.getCurrencyCode() + " with " + other.currency.getCurrencyCode());
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
