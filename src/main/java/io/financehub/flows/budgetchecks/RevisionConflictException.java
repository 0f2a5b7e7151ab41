package io.financehub.flows.budgetchecks;

/**
 * A revision id sent again with other content than it was decided on (answered 409): a revision names one content, so
 * its stored decision says nothing about the new one, and the ledger will not guess which of the two is meant.
 */
public class RevisionConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public RevisionConflictException(String order, String revision, String storedOutcome) {
        super("Revision '" + revision + "' of order '" + order + "' was decided before (" + storedOutcome + ") for other content "
                + "(supplier, category, month or amounts per cost centre): a revision id names one content. Send the changed order "
                + "with a new revision id; nothing was reserved for this request and the decision of '" + revision + "' stands");
    }
}
