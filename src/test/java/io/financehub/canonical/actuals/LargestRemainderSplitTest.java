package io.financehub.canonical.actuals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargestRemainderSplitTest {

    static List<BigDecimal> pct(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    static List<String> split(String amount, int scale, String... percentages) {
        return LargestRemainderSplit.split(new BigDecimal(amount), pct(percentages), scale).stream()
                .map(BigDecimal::toPlainString).toList();
    }

    @Test
    void thirdsOfAHundredAreSplitToTheCentAsOdooShowsThem() {
        assertEquals(List.of("33.33", "33.33", "33.34"), split("100.00", 2, "33.33", "33.33", "33.34"));
    }

    @Test
    void leftoverCentsGoToTheLargestRemaindersAndTiesToTheFirst() {
        assertEquals(List.of("0.03", "0.03", "0.04"), split("0.10", 2, "33.3333", "33.3333", "33.3334"));
        assertEquals(List.of("0.01", "0.00"), split("0.01", 2, "50", "50"));
        assertEquals(List.of("6.67", "6.66", "6.67"), split("20.00", 2, "33.33", "33.33", "33.34"));
    }

    @Test
    void creditsAreSplitLikeDebitsWithTheSignKept() {
        assertEquals(List.of("-0.03", "-0.03", "-0.04"), split("-0.10", 2, "33.33", "33.33", "33.34"));
    }

    @Test
    void anUnallocatedRestBecomesALastPart() {
        assertEquals(List.of("60.00", "40.00"), split("100.00", 2, "60"));
    }

    @Test
    void currenciesWithoutDecimalsSplitInWholeUnits() {
        assertEquals(List.of("333", "333", "334"), split("1000", 0, "33.3333", "33.3333", "33.3334"));
    }

    @Test
    void partsAlwaysSumToTheAmount() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 10_000_000, 2);
            int a = random.nextInt(10_000);
            int b = random.nextInt(10_000 - a);
            List<BigDecimal> p = List.of(BigDecimal.valueOf(a, 2), BigDecimal.valueOf(b, 2), BigDecimal.valueOf(10_000 - a - b, 2));
            BigDecimal sum = LargestRemainderSplit.split(amount, p, 2).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, amount.compareTo(sum), amount + " split " + p);
        }
    }

    @Test
    void percentagesAboveHundredAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> split("1.00", 2, "60", "50"));
        assertEquals(true, e.getMessage().contains("110"));
    }
}
