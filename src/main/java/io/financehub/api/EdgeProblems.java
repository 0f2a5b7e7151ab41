package io.financehub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.governance.masking.SafeText;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem details for what is answered before any resource runs: a body larger than the hub takes (413, from its
 * declared length, before a byte of it is read), and authentication or role refusals of the non-API paths
 * ({@code /q/metrics}, {@code /q/openapi}), which Quarkus security answers outside JAX-RS.
 */
@ApplicationScoped
public class EdgeProblems {

    /** Largest request body of any kind (statement uploads): Quarkus' own limit, enforced again while reading. */
    public static final String BODY_LIMIT_KEY = "quarkus.http.limits.max-body-size";
    /** Largest JSON request body; also enforced while parsing (a body sent without a length). */
    public static final String JSON_LIMIT_KEY = "hub.http.json.max-size";

    /** The HTTP permission that puts metrics and the API description behind the operator role. */
    static final String OPERATOR_PATHS_KEY = "quarkus.http.auth.permission.observability.paths";
    /** Where the console's login form posts its credentials (Quarkus form login). */
    static final String FORM_POST_KEY = "quarkus.http.auth.form.post-location";

    private final long bodyLimit;
    private final long jsonLimit;
    private final List<String> operatorPaths;
    private final String formPostLocation;
    private final ObjectMapper json;

    public EdgeProblems(@ConfigProperty(name = BODY_LIMIT_KEY) MemorySize bodyLimit,
            @ConfigProperty(name = JSON_LIMIT_KEY) MemorySize jsonLimit,
            @ConfigProperty(name = OPERATOR_PATHS_KEY) List<String> operatorPaths,
            @ConfigProperty(name = FORM_POST_KEY, defaultValue = "/j_security_check") String formPostLocation, ObjectMapper json) {
        this.bodyLimit = bodyLimit.asLongValue();
        this.jsonLimit = Math.min(jsonLimit.asLongValue(), this.bodyLimit);
        this.operatorPaths = List.copyOf(operatorPaths);
        this.formPostLocation = formPostLocation;
        this.json = json;
    }

    void install(@Observes Router router) {
        // between CORS and authentication (Quarkus orders its security handlers at minus their priority): Quarkus
        // would answer an anonymous call of an operator path with a challenge and no body
        router.route().order(-(SecurityHandlerPriorities.AUTHENTICATION + 50)).handler(this::challengeAnonymous);
        // just before Quarkus' own check of the declared length, which would answer 413 without a body
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseOversizedBody);
        // before Quarkus' own handler of authentication failures, which would answer without a body
        router.route().order(Integer.MIN_VALUE).failureHandler(this::securityFailure);
    }

    private void challengeAnonymous(RoutingContext context) {
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null || !isOperatorPath(context.normalizedPath())) {
            context.next();
            return;
        }
        context.response().putHeader("WWW-Authenticate", "Basic realm=\"odoo-finance-hub\"");
        send(context, Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", ProblemMappers.AUTHENTICATION_REQUIRED
                + " Metrics and the API description are for the operator role.", correlationId(context)));
    }

    private boolean isOperatorPath(String path) {
        for (String pattern : operatorPaths) {
            String p = pattern.trim();
            if (p.endsWith("/*") ? path.equals(p.substring(0, p.length() - 2)) || path.startsWith(p.substring(0, p.length() - 1))
                    : path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private void refuseOversizedBody(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1; // Vert.x refuses a malformed length itself
        }
        boolean isJson = isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
        long limit = isJson ? jsonLimit : bodyLimit;
        if (length <= limit) {
            context.next();
            return;
        }
        // the body is not read: close the connection once the answer is out, as Quarkus' own check does
        context.response().putHeader(HttpHeaders.CONNECTION, "close").endHandler(done -> context.request().connection().close());
        send(context, tooLarge(length, isJson, correlationId(context)));
    }

    /** The 413 problem for a body of {@code length} bytes (-1: not known in advance, stopped at the limit). */
    Problem tooLarge(long length, boolean isJson, String correlationId) {
        String sent = length < 0 ? "The request body is larger than " : "The request body has " + bytes(length) + "; ";
        String detail = isJson
                ? sent + "a JSON request may have at most " + bytes(jsonLimit) + " (setting " + JSON_LIMIT_KEY + ")."
                        + " Send fewer entries per request."
                : sent + "a request may have at most " + bytes(bodyLimit) + " (setting " + BODY_LIMIT_KEY + ")."
                        + " Put larger statement files in the bank-statements inbox, or raise the setting.";
        return Problem.of(413, "Content Too Large", "request-too-large", detail, correlationId);
    }

    long jsonLimit() {
        return jsonLimit;
    }

    private void securityFailure(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().headWritten() || context.normalizedPath().equals(formPostLocation)) {
            context.next();
            return;
        }
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            context.response().putHeader("WWW-Authenticate", "Basic realm=\"odoo-finance-hub\"");
            send(context, Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", failure instanceof UnauthorizedException
                    ? ProblemMappers.AUTHENTICATION_REQUIRED : ProblemMappers.CREDENTIALS_REFUSED, correlationId(context)));
        } else if (failure instanceof ForbiddenException) {
            send(context, Problem.of(Response.Status.FORBIDDEN, "forbidden", "Your role does not allow access to "
                    + SafeText.quote(context.normalizedPath()) + ": metrics and the API description are for the operator role.", correlationId(context)));
        } else {
            context.next();
        }
    }

    private void send(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document could not be written", e);
        }
        context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(CorrelationIdFilter.HEADER, problem.correlationId()).end(body);
    }

    private static String correlationId(RoutingContext context) {
        return CorrelationIdFilter.idFrom(context.request().getHeader(CorrelationIdFilter.HEADER));
    }

    /** {@code application/json} or a {@code +json} type such as {@code application/merge-patch+json}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    static String bytes(long n) {
        String exact = NumberFormat.getIntegerInstance(Locale.ROOT).format(n) + " bytes";
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB (" + exact + ")";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB (" + exact + ")";
        }
        return exact;
    }
}
