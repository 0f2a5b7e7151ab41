package io.financehub.governance.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which flows this process runs ({@code hub.flows}); beans of a flow ask here before doing any work. */
@ApplicationScoped
public class HubFlows {

    private final Set<Flow> enabled;

    public HubFlows(@ConfigProperty(name = "hub.flows") java.util.Optional<String> flows) {
        this.enabled = Collections.unmodifiableSet(Flow.parseList(flows.orElse("")));
    }

    public boolean isEnabled(Flow flow) {
        return enabled.contains(flow);
    }

    public Set<Flow> enabled() {
        return enabled;
    }
}
