package io.financehub.canonical.actuals;

import io.financehub.canonical.Money;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One aggregated line of an actuals extract: what planning and BI receive for a company, period, planning
 * account, cost centre and original currency. {@code amount} is in the company currency (what balances),
 * {@code originalAmount} in the currency the postings were made in. Debits are positive, credits negative.
 *
 * @param costCentre the mapped cost centre, or empty when the postings carried no analytic distribution
 */
public record ActualsLine(String company, YearMonth period, String planningAccount, String costCentre,
        Money amount, Money originalAmount) {

    public ActualsLine {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(planningAccount, "planningAccount");
        Objects.requireNonNull(costCentre, "costCentre");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(originalAmount, "originalAmount");
    }

    /** What identifies the line within its export (and its event's business key). */
    public ActualsKey key() {
        return new ActualsKey(company, period, planningAccount, costCentre, amount.currencyCode(),
                originalAmount.currencyCode());
    }
}
