package io.financehub.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Amounts from outside: at most the currency's decimals and 15 digits before the point, whatever the notation. */
class MoneyAmountProblemTest {

    static Optional<String> problem(String amount, String currency) {
        return Money.amountProblem(new BigDecimal(amount), Money.currency(currency));
    }

    @Test
    void amountsWithinTheCurrencysDecimalsAndTheStoresDigitsAreAccepted() {
        for (String[] ok : new String[][] { { "800", "EUR" }, { "800.00", "EUR" }, { "800.5", "EUR" }, { "800.000", "EUR" },
                { "1E+3", "EUR" }, { "999999999999999.99", "EUR" }, { "-12.34", "EUR" }, { "1500", "JPY" }, { "1500.000", "JPY" },
                { "12.345", "BHD" }, { "0", "EUR" } }) {
            assertEquals(Optional.empty(), problem(ok[0], ok[1]), ok[0] + " " + ok[1]);
        }
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreNamedWithTheCurrencysNumber() {
        assertEquals(Optional.of("the amount has 3 decimals; EUR has 2: round it to 2 decimals"), problem("1.005", "EUR"));
        assertEquals(Optional.of("the amount has 1 decimal; JPY has 0: send a whole number"), problem("1500.5", "JPY"));
        assertTrue(problem("12.3456", "BHD").orElseThrow().contains("BHD has 3"));
        assertTrue(problem("1E-400", "EUR").orElseThrow().contains("400 decimals"));
    }

    @Test
    void moreThanFifteenDigitsBeforeThePointAreRefusedInAnyNotation() {
        assertEquals(Optional.of("the amount has 21 digits before the decimal point; at most 15 are accepted"), problem("1e20", "EUR"));
        assertTrue(problem("1000000000000000", "EUR").isPresent());
        assertTrue(problem("-1000000000000000.00", "EUR").isPresent());
    }
}
