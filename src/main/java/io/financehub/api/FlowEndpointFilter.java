package io.financehub.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;

/**
 * The one place that refuses a {@link FlowEndpoint} whose flow this process does not run (each Kubernetes deployment
 * runs one flow from the same image): 503 problem {@code flow-not-running}, after authentication and the role check,
 * before the endpoint records or starts anything.
 */
public class FlowEndpointFilter {

    @Inject
    HubFlows flows;

    @ServerRequestFilter
    public Optional<Response> refuseWhenTheFlowDoesNotRunHere(ResourceInfo resource, ContainerRequestContext request) {
        FlowEndpoint endpoint = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(FlowEndpoint.class);
        if (endpoint == null && resource.getResourceClass() != null) {
            endpoint = resource.getResourceClass().getAnnotation(FlowEndpoint.class);
        }
        if (endpoint == null || flows.isEnabled(endpoint.value())) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "flow-not-running", "The " + endpoint.value().id()
                + " flow does not run in this instance (HUB_FLOWS=" + flows.enabled().stream().map(Flow::id).sorted().toList()
                + "): call the deployment that runs it", CorrelationIdFilter.of(request)).toResponse());
    }
}
