package io.financehub.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.financehub.governance.masking.SafeText;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the API as problem details with the request's correlation id, whatever its status: a stable
 * {@code type}, a detail that says what was wrong and what to do. Text from the database never reaches a caller:
 * a failure of the store is answered in general words and logged (masked by the logging pipeline).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static final String AUTHENTICATION_REQUIRED =
            "Authentication is required: send HTTP Basic credentials (embedded default) or a bearer token.";
    static final String CREDENTIALS_REFUSED = "The credentials were not accepted: check user and password, or that the "
            + "bearer token is current and issued by the configured issuer.";

    @Inject
    EdgeProblems limits;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", AUTHENTICATION_REQUIRED,
                CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, ContainerRequestContext request) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", CREDENTIALS_REFUSED,
                CorrelationIdFilter.of(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request, ResourceInfo resource) {
        String detail = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : "Your role does not allow "
                + request.getMethod() + " " + SafeText.clean(request.getUriInfo().getPath()) + rolesNeeded(resource) + ".";
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", detail, CorrelationIdFilter.of(request)).toResponse();
    }

    /** ": it needs the role operator", from the operation's {@code @RolesAllowed}; empty when unknown. */
    private static String rolesNeeded(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed roles = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (roles == null && resource != null && resource.getResourceClass() != null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (roles == null || roles.value().length == 0) {
            return "";
        }
        return ": it needs the role " + String.join(" or ", roles.value());
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, ContainerRequestContext request) {
        return storeFailure(e, request).orElseGet(() -> Problem.of(Response.Status.BAD_REQUEST, "invalid-request",
                SafeText.clean(e.getMessage()), CorrelationIdFilter.of(request)).toResponse());
    }

    @ServerExceptionMapper
    public Response notFound(NoSuchElementException e, ContainerRequestContext request) {
        return storeFailure(e, request).orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "not-found",
                SafeText.clean(e.getMessage()), CorrelationIdFilter.of(request)).toResponse());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalStateException e, ContainerRequestContext request) {
        return storeFailure(e, request).orElseGet(() -> Problem.of(Response.Status.CONFLICT, "conflict",
                SafeText.clean(e.getMessage()), CorrelationIdFilter.of(request)).toResponse());
    }

    /** A request body that is not the JSON the operation takes ({@link StrictJson}). */
    @ServerExceptionMapper
    public Response json(JacksonException e, ContainerRequestContext request) {
        return JsonProblems.of(e, CorrelationIdFilter.of(request), limits).map(Problem::toResponse)
                .orElseGet(() -> unexpected(e, request));
    }

    /** The same, named apart: Quarkus' own mapper of this type would answer with a body of its own shape. */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request, ResourceInfo resource) {
        if (e.getCause() instanceof JacksonException json) {
            return json(json, request);
        }
        String correlationId = CorrelationIdFilter.of(request);
        int status = e.getResponse().getStatus();
        String operation = request.getMethod() + " " + SafeText.clean(request.getUriInfo().getPath());
        Method method = resource == null ? null : resource.getResourceMethod();
        if (status == 404 && e.getCause() != null && method != null) {
            Optional<Problem> parameter = parameterProblem(method, request, correlationId);
            if (parameter.isPresent()) {
                return parameter.get().toResponse();
            }
        }
        String detail = switch (status) {
            case 404 -> method == null ? "There is no operation " + operation + ": the API description (/q/openapi, operator role) "
                    + "lists them." : SafeText.clean(e.getMessage());
            case 405 -> request.getMethod() + " is not allowed on " + SafeText.clean(request.getUriInfo().getPath())
                    + (e.getResponse().getAllowedMethods().isEmpty() ? "" : "; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(e.getResponse().getAllowedMethods())))
                    + ": the API description (/q/openapi, operator role) lists the operations.";
            case 406 -> "None of the media types the request accepts (Accept: " + SafeText.quote(request.getHeaderString(HttpHeaders.ACCEPT))
                    + ") can be answered by " + operation + ": the API answers application/json, and errors as application/problem+json.";
            case 415 -> operation + " does not take a body of type " + SafeText.quote(request.getHeaderString(HttpHeaders.CONTENT_TYPE))
                    + ": send JSON with Content-Type: application/json (the statement upload takes the file itself, "
                    + "e.g. application/octet-stream).";
            default -> SafeText.clean(e.getMessage());
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        String type = known == null ? "http-" + status : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return Problem.of(status, title, type, detail, correlationId).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, ContainerRequestContext request) {
        return storeFailure(e, request).orElseGet(() -> {
            String correlationId = CorrelationIdFilter.of(request);
            LOG.errorf(e, "Unexpected error answering %s %s (correlation id %s)", request.getMethod(),
                    SafeText.clean(request.getUriInfo().getPath()), correlationId);
            return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                    "The hub could not complete the request; quote the correlation id to the operators.", correlationId).toResponse();
        });
    }

    /**
     * A failure of the governance store anywhere in {@code e}'s causes: 503 when it cannot be reached (try again),
     * 500 otherwise; the database's own text goes to the log only.
     */
    private static Optional<Response> storeFailure(Throwable e, ContainerRequestContext request) {
        Throwable store = storeCause(e);
        if (store == null) {
            return Optional.empty();
        }
        String correlationId = CorrelationIdFilter.of(request);
        boolean unreachable = unreachable(store);
        LOG.errorf(e, "The governance store %s answering %s %s (correlation id %s)", unreachable ? "was unreachable" : "failed",
                request.getMethod(), SafeText.clean(request.getUriInfo().getPath()), correlationId);
        Problem problem = unreachable
                ? Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "The hub's database cannot be reached "
                        + "just now; nothing was done. Try again in a minute; if it lasts, quote the correlation id to the operators.",
                        correlationId)
                : Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "store-failure", "The hub's database refused to store or "
                        + "read what this request needs; the cause is in the hub's log under the correlation id. Quote it to "
                        + "the operators.", correlationId);
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        if (unreachable) {
            response.header("Retry-After", "60");
        }
        return Optional.of(response.build());
    }

    private static Throwable storeCause(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException || t instanceof jakarta.persistence.PersistenceException
                    || t.getClass().getName().startsWith("org.hibernate.")) {
                return t;
            }
        }
        return null;
    }

    private static boolean unreachable(Throwable store) {
        int depth = 0;
        for (Throwable t = store; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The query or path parameter of {@code method} whose value could not be converted to its type: 400 for a query
     * parameter, 404 for a path segment (there is no such resource), each naming the parameter and what it takes.
     */
    private static Optional<Problem> parameterProblem(Method method, ContainerRequestContext request, String correlationId) {
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            PathParam path = parameter.getAnnotation(PathParam.class);
            String name = query != null ? query.value() : path != null ? path.value() : null;
            if (name == null) {
                continue;
            }
            String raw = (query != null ? request.getUriInfo().getQueryParameters() : request.getUriInfo().getPathParameters())
                    .getFirst(name);
            if (raw == null || converts(parameter.getType(), raw)) {
                continue;
            }
            String expected = JsonProblems.expected(parameter.getType());
            if (query != null) {
                return Optional.of(Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Query parameter '" + name
                        + "' is " + SafeText.quote(raw) + ", which is not " + expected + ".", correlationId));
            }
            return Optional.of(Problem.of(Response.Status.NOT_FOUND, "not-found", "There is nothing at "
                    + SafeText.clean(request.getUriInfo().getPath()) + ": " + SafeText.quote(raw) + " is not a valid {" + name
                    + "}, which is " + expected + ". Take ids from the listing of this resource.", correlationId));
        }
        return Optional.empty();
    }

    private static boolean converts(Class<?> type, String raw) {
        try {
            if (type == Integer.class || type == int.class) {
                Integer.parseInt(raw);
            } else if (type == Long.class || type == long.class) {
                Long.parseLong(raw);
            } else if (type == UUID.class) {
                UUID.fromString(raw);
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(raw)) {
                        return true;
                    }
                }
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
