package io.financehub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every API request a correlation id: the caller's {@code X-Correlation-Id} when it sends a sane one,
 * otherwise a new one; echoed on every answer, carried into routes, audit entries and problem details.
 */
public class CorrelationIdFilter {

    public static final String HEADER = "X-Correlation-Id";
    static final String PROPERTY = "hub.correlationId";
    private static final java.util.regex.Pattern SANE = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        request.setProperty(PROPERTY, idFrom(request.getHeaderString(HEADER)));
    }

    /** The caller's id when it is sane (letters, digits, {@code . _ : -}, at most 100), else a new one. */
    public static String idFrom(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null && !response.getHeaders().containsKey(HEADER)) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
    }

    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
