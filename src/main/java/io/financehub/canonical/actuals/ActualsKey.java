package io.financehub.canonical.actuals;

import java.time.YearMonth;
import java.util.Comparator;

/** The aggregation key of actuals: postings with the same key add up to one {@link ActualsLine}. */
public record ActualsKey(String company, YearMonth period, String planningAccount, String costCentre,
        String currency, String originalCurrency) implements Comparable<ActualsKey> {

    private static final Comparator<ActualsKey> ORDER = Comparator.comparing(ActualsKey::company)
            .thenComparing(ActualsKey::period).thenComparing(ActualsKey::planningAccount)
            .thenComparing(ActualsKey::costCentre).thenComparing(ActualsKey::currency)
            .thenComparing(ActualsKey::originalCurrency);

    /** Stable text form: the event business key and the subject of audit entries. */
    public String asText() {
        return company + "/" + period + "/" + planningAccount + "/" + costCentre + "/" + currency + "/" + originalCurrency;
    }

    @Override
    public int compareTo(ActualsKey other) {
        return ORDER.compare(this, other);
    }
}
