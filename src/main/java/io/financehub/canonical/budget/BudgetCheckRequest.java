package io.financehub.canonical.budget;

import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to commit spend (a purchase order revision): who buys what from whom, split over cost centres.
 * {@code revision} identifies the order's content, so re-checking an unchanged order is recognisably the same.
 */
public record BudgetCheckRequest(String orderReference, String revision, CompanyRef company, String supplier,
        Optional<String> category, String requestedBy, LocalDate orderDate, List<Line> lines) {

    /** The part of the order charged to one cost centre. */
    public record Line(CostCentreRef costCentre, Money amount) {
        public Line {
            Objects.requireNonNull(costCentre, "costCentre");
            Objects.requireNonNull(amount, "amount");
        }
    }

    public BudgetCheckRequest {
        Objects.requireNonNull(orderReference, "orderReference");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(orderDate, "orderDate");
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a budget check needs at least one cost-centre line");
        }
        String currency = lines.get(0).amount().currencyCode();
        if (lines.stream().anyMatch(l -> !l.amount().currencyCode().equals(currency))) {
            throw new IllegalArgumentException("all lines of one order are in one currency");
        }
    }

    public Money total() {
        return lines.stream().map(Line::amount).reduce(Money::plus).orElseThrow();
    }
}
