package io.financehub.formats.pain;

import java.util.List;

/**
 * Outcome of validating one document: every problem found (up to a cap that keeps a broken 100,000-payment file
 * from filling the heap) and how many there were in total.
 */
public record SchemaValidationResult(String documentName, String schemaName, List<SchemaProblem> problems,
                                     int totalProblems) {

    public SchemaValidationResult {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return totalProblems == 0;
    }

    /** A message for a person: which document, which schema, then one problem per line. */
    public String describe() {
        if (isValid()) {
            return documentName + " is valid against " + schemaName;
        }
        StringBuilder s = new StringBuilder();
        s.append(documentName).append(" is not valid against ").append(schemaName).append(" (")
                .append(totalProblems).append(totalProblems == 1 ? " problem" : " problems").append("):");
        for (SchemaProblem p : problems) {
            s.append("\n  ").append(p.describe());
        }
        if (totalProblems > problems.size()) {
            s.append("\n  ... and ").append(totalProblems - problems.size()).append(" more");
        }
        return s.toString();
    }

    /** Throws {@link PaymentFormatException} with {@link #describe()} unless the document is valid. */
    public void requireValid() {
        if (!isValid()) {
            throw new PaymentFormatException(describe());
        }
    }
}
