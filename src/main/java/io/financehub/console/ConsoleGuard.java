package io.financehub.console;

import io.financehub.api.FlowEndpoint;
import io.financehub.governance.runtime.HubFlows;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The one gate of every console request ({@link ConsolePage} classes), before any page or action runs: the caller is
 * authenticated (console login, or the API's HTTP Basic or bearer token) or sent to the login page; holds one of the
 * roles of the method's {@link ConsoleAccess} or gets 403; every POST carries the CSRF token of its cookie and user
 * ({@link Csrf}) or gets 403 and nothing is done; an action of a flow this instance does not run ({@link FlowEndpoint})
 * answers 503 as the API does. Answers carry the CSRF cookie and headers that keep pages out of caches and frames.
 */
public class ConsoleGuard {

    private static final Logger LOG = Logger.getLogger(ConsoleGuard.class);

    static final String COOKIE_PROPERTY = "hub.console.csrfCookie";
    static final String NEW_COOKIE_PROPERTY = "hub.console.newCsrfCookie";
    /** Where a signed-out visitor wanted to go, taken up after login ({@link LoginPage#start}). */
    static final String NEXT_COOKIE = "fh-console-next";
    static final String PATH = "/console";

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    Csrf csrf;

    @Inject
    HubFlows flows;

    @Inject
    ErrorPages errors;

    @ConsolePage
    @WithFormRead
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> guard(ResourceInfo resource, ContainerRequestContext request) {
        String cookie = Optional.ofNullable(request.getCookies().get(Csrf.COOKIE)).map(Cookie::getValue)
                .filter(Csrf::wellFormed).orElse(null);
        if (cookie == null) {
            cookie = csrf.newCookieValue();
            request.setProperty(NEW_COOKIE_PROPERTY, cookie);
        }
        request.setProperty(COOKIE_PROPERTY, cookie);
        Method method = resource.getResourceMethod();
        ConsoleAccess access = method == null ? null : method.getAnnotation(ConsoleAccess.class);
        if (access == null && resource.getResourceClass() != null) {
            access = resource.getResourceClass().getAnnotation(ConsoleAccess.class);
        }
        if (access == null) {
            LOG.errorf("Console method %s declares no @ConsoleAccess: refused to everyone", method);
            return Uni.createFrom().item(errors.answer(403, "Not allowed", "This page declares no role; it is refused to everyone.", null));
        }
        if (Arrays.asList(access.value()).contains(ConsoleAccess.PUBLIC)) {
            return Uni.createFrom().nullItem();
        }
        String sessionCookie = cookie;
        ConsoleAccess needed = access;
        // the form was read before this filter (@WithFormRead); taken here, on the request's own thread
        Object sent = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()) ? null
                : CurrentRequestManager.get().getFormParameter(Csrf.FIELD, true, false);
        String token = sent instanceof String s ? s : null;
        return identities.getDeferredIdentity().map(identity -> decide(identity, needed, method, request, sessionCookie, token));
    }

    private Response decide(SecurityIdentity identity, ConsoleAccess access, Method method, ContainerRequestContext request,
            String cookie, String token) {
        if (identity == null || identity.isAnonymous()) {
            Response.ResponseBuilder login = Response.seeOther(URI.create(PATH + "/login"));
            if (HttpMethod.GET.equals(request.getMethod())) {
                URI uri = request.getUriInfo().getRequestUri();
                String next = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                login.cookie(new NewCookie.Builder(NEXT_COOKIE).value(next).path(PATH).httpOnly(true).maxAge(600)
                        .sameSite(NewCookie.SameSite.STRICT).secure(secure(request)).build());
            }
            return login.build();
        }
        String user = identity.getPrincipal().getName();
        boolean anyUser = Arrays.asList(access.value()).contains(ConsoleAccess.ANY_USER);
        if (!anyUser && Arrays.stream(access.value()).noneMatch(identity::hasRole)) {
            return errors.answer(403, "Not for your role", "Your roles (" + String.join(", ", identity.getRoles().stream().sorted().toList())
                    + ") do not include " + String.join(" or ", access.value()) + ", which this page needs.", user);
        }
        if (!HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod())) {
            if (!csrf.matches(cookie, user, token)) {
                LOG.warnf("Console: %s %s by %s refused: missing or wrong CSRF token", request.getMethod(),
                        request.getUriInfo().getPath(), user);
                return errors.answer(403, "Form expired or not from this console", "The form did not carry this session's"
                        + " security token, so nothing was done. Reload the page and try again.", user);
            }
        }
        FlowEndpoint flowEndpoint = method == null ? null : method.getAnnotation(FlowEndpoint.class);
        if (flowEndpoint != null && !flows.isEnabled(flowEndpoint.value())) {
            return errors.flowNotRunning(flowEndpoint.value(), user);
        }
        return null;
    }

    @ConsolePage
    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        Object fresh = request.getProperty(NEW_COOKIE_PROPERTY);
        if (fresh != null) {
            headers.add("Set-Cookie", new NewCookie.Builder(Csrf.COOKIE).value(fresh.toString()).path(PATH).httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT).secure(secure(request)).build());
        }
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
    }

    static boolean secure(ContainerRequestContext request) {
        return "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme());
    }
}
