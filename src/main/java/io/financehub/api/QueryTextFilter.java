package io.financehub.api;

import io.financehub.governance.masking.SafeText;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a query parameter holding a control character (400 naming it) before any resource sees it: such a
 * value is never an id, a name or a file name, the database refuses NUL, and a log line must not carry it.
 */
public class QueryTextFilter {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Optional<Response> refuseControlCharacters(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            String name = parameter.getKey();
            int inName = SafeText.firstControlCharacter(name, false);
            if (inName >= 0) {
                return Optional.of(refusal("A query parameter's name (" + SafeText.quote(name) + ") contains the control character "
                        + StrictJson.codePoint(name.charAt(inName)) + ": send only the documented parameters.", request));
            }
            for (String value : parameter.getValue()) {
                int at = SafeText.firstControlCharacter(value, false);
                if (at >= 0) {
                    return Optional.of(refusal("Query parameter '" + name + "' contains the control character "
                            + StrictJson.codePoint(value.charAt(at)) + " at position " + (at + 1)
                            + ": send plain text without control characters.", request));
                }
            }
        }
        return Optional.empty();
    }

    private static Response refusal(String detail, ContainerRequestContext request) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", detail, CorrelationIdFilter.of(request)).toResponse();
    }
}
