package io.financehub.api;

import io.financehub.governance.masking.Masking;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.NoSuchElementException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as problem details with the request's correlation id. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated",
                "Authentication is required: send HTTP Basic credentials (embedded default) or a bearer token.",
                CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated",
                "The credentials were not accepted.", CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden",
                e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                        : "Your role does not allow this operation.", CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-request", Masking.maskIbans(e.getMessage()),
                CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NoSuchElementException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.NOT_FOUND, "not-found", e.getMessage(), CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(IllegalStateException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.CONFLICT, "conflict", Masking.maskIbans(e.getMessage()),
                CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        return Problem.of(status, status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                e.getMessage(), CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, ContainerRequestContext request) {
        String correlationId = CorrelationIdFilter.of(request);
        LOG.errorf(e, "Unexpected error answering %s %s (correlation id %s)", request.getMethod(),
                request.getUriInfo().getPath(), correlationId);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "The hub could not complete the request; quote the correlation id to the operators.", correlationId).toResponse();
    }
}
