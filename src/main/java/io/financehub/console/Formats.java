package io.financehub.console;

import io.financehub.canonical.Money;
import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/** How the console writes times and money for a person: UTC times to the second, amounts with the currency's decimals. */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    public static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** {@code 15,600.00 EUR}, {@code 1,200 JPY}; an amount in an unknown currency is written as it is. */
    public static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "—";
        }
        try {
            Currency c = Money.currency(currency);
            int decimals = Money.minorUnits(c);
            DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                    DecimalFormatSymbols.getInstance(Locale.ROOT));
            return format.format(amount.setScale(Math.max(decimals, 0), RoundingMode.HALF_EVEN)) + " " + c.getCurrencyCode();
        } catch (IllegalArgumentException e) {
            return amount.toPlainString() + " " + currency;
        }
    }

    public static String money(Money money) {
        return money == null ? "—" : money(money.amount(), money.currencyCode());
    }

    /** A plain decimal string (as reports carry them) with thousands separators, no currency. */
    public static String amount(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            return "—";
        }
        try {
            BigDecimal value = new BigDecimal(decimal);
            DecimalFormat format = new DecimalFormat("#,##0." + "0".repeat(Math.max(2, value.scale())),
                    DecimalFormatSymbols.getInstance(Locale.ROOT));
            return format.format(value);
        } catch (NumberFormatException e) {
            return decimal;
        }
    }

    /** The first eight characters of an id (the full id is in the link and the title). */
    public static String shortId(String id) {
        return id == null ? "—" : id.length() <= 8 ? id : id.substring(0, 8);
    }

    /** A query parameter's value, URL-encoded. */
    public static String url(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
