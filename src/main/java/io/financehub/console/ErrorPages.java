package io.financehub.console;

import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's refusals as pages a person reads: what happened and what to do, with the status of the API's answer. */
@ApplicationScoped
public class ErrorPages {

    @Inject
    HubFlows flows;

    public Response answer(int status, String title, String message, String user) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Views.error(status, title, message, user).render()).build();
    }

    /** The 503 of an action whose flow this instance does not run (the API's {@code flow-not-running}). */
    public Response flowNotRunning(Flow flow, String user) {
        return answer(503, "Flow not running here", "The " + flow.id() + " flow does not run in this instance (HUB_FLOWS="
                + flows.enabled().stream().map(Flow::id).sorted().toList() + "): nothing was done. Use the console of the"
                + " deployment that runs it.", user);
    }
}
