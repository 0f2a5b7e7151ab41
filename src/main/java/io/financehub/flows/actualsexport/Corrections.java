package io.financehub.flows.actualsexport;

import io.financehub.flows.actualsexport.ExportContributions.Contribution;
import java.util.List;

/**
 * What an increment corrects (property {@code HubActualsCorrections}): the net published contributions of moves no
 * longer posted, to be negated, and the moves a correction had cancelled that are posted again, to be read again.
 * A full export corrects nothing.
 */
public record Corrections(List<Contribution> negated, List<Long> reposted) {

    static final Corrections NONE = new Corrections(List.of(), List.of());
}
