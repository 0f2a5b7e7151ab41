package io.financehub.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Signing in and out of the console. The embedded default signs in with the hub's users (Quarkus form login:
 * {@code /console/j_security_check}, an encrypted session cookie limited to {@code /console}, so a browser never
 * sends it to the API); the login form is CSRF-checked too (below). Behind an OIDC proxy the console takes the
 * bearer token the proxy adds, as the API does (README "Finance operations console").
 */
@Path("/console")
@ConsolePage
public class LoginPage {

    static final String POST_LOCATION = "/console/j_security_check";
    static final String FAILED_PAGE = "/console/login?failed=1";

    @Inject
    Csrf csrf;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(ConsoleAccess.PUBLIC)
    public String login(@QueryParam("failed") String failed, @QueryParam("signed-out") String signedOut,
            @Context ContainerRequestContext request) {
        String cookie = (String) request.getProperty(ConsoleGuard.COOKIE_PROPERTY);
        String notice = signedOut != null ? "You are signed out." : null;
        return Views.login(csrf.token(cookie, ""), notice, failed != null).render();
    }

    /** The landing page after login: back to the page the visitor asked for, if it was a console page. */
    @GET
    @Path("/start")
    @ConsoleAccess(ConsoleAccess.ANY_USER)
    public Response start(@CookieParam(ConsoleGuard.NEXT_COOKIE) String next, @Context ContainerRequestContext request) {
        String target = next != null && (next.equals("/console") || next.startsWith("/console/")) && !next.contains("//")
                && !next.contains("\\") && !next.startsWith("/console/login") ? next : "/console";
        return Response.seeOther(URI.create(target)).cookie(new NewCookie.Builder(ConsoleGuard.NEXT_COOKIE).value("")
                .path(ConsoleGuard.PATH).maxAge(0).httpOnly(true).secure(ConsoleGuard.secure(request)).build()).build();
    }

    @POST
    @Path("/logout")
    @ConsoleAccess(ConsoleAccess.ANY_USER)
    public Response logout() {
        FormAuthenticationMechanism.logout(identity);
        return Response.seeOther(URI.create("/console/login?signed-out=1")).build();
    }

    /**
     * The login form's CSRF check, before Quarkus' form login reads the credentials: its token (in the form's action
     * URL, as the credentials in its body are Quarkus' to read) must be that of the browser's console cookie.
     */
    void guardLoginForm(@Observes Router router) {
        router.route(HttpMethod.POST, POST_LOCATION).order(-(SecurityHandlerPriorities.AUTHENTICATION + 100))
                .handler(this::checkLoginToken);
        // before the API's problem+json answer to refused credentials: a person gets the login page again
        router.route(HttpMethod.POST, POST_LOCATION).order(Integer.MIN_VALUE).failureHandler(this::signInRefused);
    }

    /** Refused credentials on the login form: back to the login page, which says so (303, the form is not resent). */
    private void signInRefused(RoutingContext context) {
        if (!(context.failure() instanceof AuthenticationFailedException) || context.response().headWritten()) {
            context.next();
            return;
        }
        context.response().setStatusCode(303).putHeader("Location", FAILED_PAGE).putHeader("Cache-Control", "no-store").end();
    }

    private void checkLoginToken(RoutingContext context) {
        Cookie cookie = context.request().getCookie(Csrf.COOKIE);
        if (cookie != null && csrf.matches(cookie.getValue(), "", context.request().getParam(Csrf.FIELD))) {
            context.next();
            return;
        }
        context.response().setStatusCode(403).putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end(Views.error(403, "Login form expired", "The login form did not carry this browser's security token,"
                        + " so the sign-in was not attempted. Open the login page again and sign in.", null).render());
    }
}
