package io.financehub.flows.budgetchecks;

import io.financehub.canonical.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

/**
 * Money as a person reads it in decisions and Odoo's chatter: the currency's decimals and thousands separators
 * ({@code 2,500.00 USD}, {@code 1,200 JPY}), whatever scale the amount was stored or computed with.
 */
final class MoneyText {

    private MoneyText() {
    }

    static String of(Money money) {
        return of(money.amount(), money.currency());
    }

    static String of(BigDecimal amount, String currency) {
        return of(amount, Money.currency(currency));
    }

    static String of(BigDecimal amount, Currency currency) {
        int decimals = Money.minorUnits(currency);
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount.setScale(decimals, RoundingMode.HALF_EVEN)) + " " + currency.getCurrencyCode();
    }
}
