package io.financehub.flows.budgetchecks;

import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.governance.audit.AuditHashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the ledger accepts in a budget check, whatever the entry point: commitments (amounts above zero, a credit is
 * not a commitment), in the currency's decimals and within what the ledger can hold, on cost centres of the order's
 * own company. Every violation is named by its JSON field, all of them at once.
 */
final class BudgetRequestRules {

    /** The ledger's columns: order references and revisions up to 128 characters, amounts below 10^15 (numeric(19,4)). */
    static final int MAX_REFERENCE = 128;
    static final BigDecimal MAX_TOTAL = BigDecimal.TEN.pow(Money.MAX_INTEGER_DIGITS);

    private BudgetRequestRules() {
    }

    /** @throws IllegalArgumentException listing every field that breaks a rule; nothing was reserved */
    static void validate(BudgetCheckRequest r) {
        List<String> errors = new ArrayList<>();
        reference(errors, "orderReference", r.orderReference());
        reference(errors, "revision", r.revision());
        String company = r.company().key();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < r.lines().size(); i++) {
            BudgetCheckRequest.Line line = r.lines().get(i);
            String where = "lines[" + i + "]";
            if (!line.costCentre().company().key().equals(company)) {
                errors.add(where + ".costCentre.company.key: cost centre " + line.costCentre().code() + " of company '"
                        + line.costCentre().company().key() + "' cannot be charged by an order of company '" + company
                        + "': charge a cost centre of " + company);
            }
            Money amount = line.amount();
            String field = where + ".amount.amount";
            java.util.Optional<String> problem = Money.amountProblem(amount.amount(), amount.currency());
            if (amount.amount().signum() <= 0) {
                errors.add(field + ": " + shown(amount.amount()) + " is not a commitment: the ledger takes amounts above zero only "
                        + "(a reduction is a new revision of the order with the lower amount, a credit is not a budget check)");
            } else if (problem.isEmpty()) {
                total = total.add(amount.amount());
            }
            // the one rule for amounts from outside: the currency's decimals, at most 15 digits before the point
            problem.ifPresent(p -> errors.add(field + ": " + p));
        }
        if (total.compareTo(MAX_TOTAL) >= 0) {
            errors.add("lines: the order's total is beyond what the ledger holds (below "
                    + MoneyText.of(MAX_TOTAL, r.lines().get(0).amount().currency()) + "): split the order");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("The budget check of order '" + shown(r.orderReference()) + "' was refused, nothing was "
                    + "reserved: " + String.join("; ", errors));
        }
    }

    private static void reference(List<String> errors, String field, String value) {
        if (value.isBlank()) {
            errors.add(field + ": must not be blank");
        } else if (value.length() > MAX_REFERENCE) {
            errors.add(field + ": " + value.length() + " characters, at most " + MAX_REFERENCE);
        }
    }

    /** A value as an error message repeats it: a long one is cut, so a 400-digit amount does not fill the answer. */
    private static String shown(Object value) {
        String text = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }

    /**
     * The digest of what a revision decides on: company, supplier, category, the order date's month (it picks the
     * budgets) and the amount per cost centre with its currency. Stored with the revision's decision, so the same
     * revision id sent again with other content is refused instead of answered with a decision about something else.
     */
    static String contentDigest(BudgetCheckRequest r) {
        Map<String, BigDecimal> byCostCentre = new TreeMap<>();
        for (BudgetCheckRequest.Line line : r.lines()) {
            byCostCentre.merge(line.costCentre().code(), line.amount().amount(), BigDecimal::add);
        }
        String content = String.join("\u001f", r.company().key(), r.supplier(), r.category().orElse(""),
                YearMonth.from(r.orderDate()).toString(), r.lines().get(0).amount().currencyCode(),
                byCostCentre.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().stripTrailingZeros().toPlainString())
                        .collect(Collectors.joining("\u001e")));
        return AuditHashing.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }
}
