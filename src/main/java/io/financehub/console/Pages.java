package io.financehub.console;

import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/** Builds what surrounds every console page ({@link Page}) and the redirect that follows each action. */
@ApplicationScoped
public class Pages {

    @Inject
    Csrf csrf;

    @Inject
    Flash flash;

    @Inject
    HubFlows flows;

    public Page page(ContainerRequestContext request, SecurityIdentity identity, Section section, String title, String flashId) {
        String user = identity.getPrincipal().getName();
        List<Page.Nav> nav = Arrays.stream(Section.values()).filter(s -> s.visibleTo(identity))
                .map(s -> new Page.Nav(s.path(), s.label(), s == section)).toList();
        String cookie = (String) request.getProperty(ConsoleGuard.COOKIE_PROPERTY);
        return new Page(title, section.name(), user, String.join(", ", identity.getRoles().stream().sorted().toList()), nav,
                csrf.token(cookie, user), flash.take(flashId, user).orElse(null),
                String.join(", ", flows.enabled().stream().map(Flow::id).toList()));
    }

    /** 303 to {@code location}, which then shows {@code text} once to this user. */
    public Response redirect(SecurityIdentity identity, boolean ok, String text, String location) {
        String id = flash.put(identity.getPrincipal().getName(), ok, text);
        return Response.seeOther(URI.create(location + (location.contains("?") ? "&" : "?") + "flash=" + id)).build();
    }

    /** A page's answer: 200, HTML in UTF-8. */
    public static Response html(String body) {
        return Response.ok(body, jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
