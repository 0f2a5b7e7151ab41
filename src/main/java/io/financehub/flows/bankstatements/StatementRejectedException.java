package io.financehub.flows.bankstatements;

import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A file whose statements cannot be posted as they are (unbalanced, unknown account, currency mismatch,
 * ...): the whole file is quarantined and nothing is posted. Permanent: retrying changes nothing until the
 * file or the mappings are corrected.
 */
public class StatementRejectedException extends RuntimeException {

    private final List<ImportProblem> problems;

    public StatementRejectedException(List<ImportProblem> problems) {
        super(problems.size() + " problem(s), nothing was posted: " + problems.stream()
                .map(p -> p.reason() + " at " + p.location()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    public boolean isRetryable() {
        return false;
    }
}
