package io.financehub.canonical.actuals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount by percentages into parts rounded to the currency's minor units that always add up to the
 * amount (largest-remainder method): each part is first rounded toward zero, then the cents left over go one
 * by one to the parts that lost the most in rounding (ties to the earlier part). 100.00 split 33.33/33.33/33.34
 * gives 33.33/33.33/33.34; 0.10 split three ways evenly gives 0.04/0.03/0.03.
 *
 * <p>Percentages that add up to less than 100 leave the rest unallocated: it is returned as an extra, last part
 * so the parts still sum to the amount. Percentages above 100 in total are refused.
 */
public final class LargestRemainderSplit {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private LargestRemainderSplit() {
    }

    /**
     * @param amount      the amount to split, already at {@code scale} decimals (or fewer)
     * @param percentages the shares in percent, each ≥ 0
     * @param scale       the currency's minor units (2 for EUR)
     * @return one part per percentage, plus one last part for the unallocated rest when the percentages sum
     *         to less than 100
     */
    public static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> percentages, int scale) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal p : percentages) {
            if (p.signum() < 0) {
                throw new IllegalArgumentException("A negative analytic percentage (" + p.toPlainString()
                        + ") cannot be split; correct the analytic distribution in Odoo");
            }
            total = total.add(p);
        }
        if (total.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("Analytic percentages add up to " + total.toPlainString()
                    + " (more than 100); correct the analytic distribution in Odoo");
        }
        List<BigDecimal> shares = new ArrayList<>(percentages);
        if (total.compareTo(HUNDRED) < 0) {
            shares.add(HUNDRED.subtract(total));
        }
        // Work on absolute values so rounding toward zero and the remainders behave the same for credits.
        int sign = amount.signum();
        BigDecimal abs = amount.abs();
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        List<BigDecimal> parts = new ArrayList<>(shares.size());
        List<BigDecimal> remainders = new ArrayList<>(shares.size());
        BigDecimal allocated = BigDecimal.ZERO;
        for (BigDecimal share : shares) {
            BigDecimal exact = abs.multiply(share).divide(HUNDRED, scale + 10, RoundingMode.DOWN);
            BigDecimal floor = exact.setScale(scale, RoundingMode.DOWN);
            parts.add(floor);
            remainders.add(exact.subtract(floor));
            allocated = allocated.add(floor);
        }
        long leftover = abs.subtract(allocated).divide(unit, 0, RoundingMode.UNNECESSARY).longValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i));
        for (int k = 0; k < leftover; k++) {
            int i = order.get(k % order.size());
            parts.set(i, parts.get(i).add(unit));
        }
        List<BigDecimal> signed = new ArrayList<>(parts.size());
        for (BigDecimal part : parts) {
            signed.add(sign < 0 ? part.negate() : part);
        }
        return signed;
    }
}
