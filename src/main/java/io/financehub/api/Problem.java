package io.financehub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.financehub.governance.masking.SafeText;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error answer as RFC 9457 problem details ({@code application/problem+json}): a stable {@code type}
 * clients can branch on, a human {@code detail} that says what to do, and the correlation id to quote.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String correlationId, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://odoo-finance-hub.dev/problems/";

    public static Problem of(Response.Status status, String type, String detail, String correlationId) {
        return new Problem(TYPE_PREFIX + type, status.getReasonPhrase(), status.getStatusCode(), detail, correlationId, null);
    }

    /** For statuses {@link Response.Status} lacks, such as 422 Unprocessable Content. */
    public static Problem of(int status, String title, String type, String detail, String correlationId) {
        return new Problem(TYPE_PREFIX + type, title, status, detail, correlationId, null);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (correlationId != null) {
            builder.header(CorrelationIdFilter.HEADER, correlationId);
        }
        if (status == 401) {
            builder.header("WWW-Authenticate", "Basic realm=\"odoo-finance-hub\"");
        }
        return builder.build();
    }
}
