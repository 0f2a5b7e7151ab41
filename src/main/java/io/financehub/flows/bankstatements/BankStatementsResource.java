package io.financehub.flows.bankstatements;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.governance.HubHeaders;
import io.financehub.platform.Flow;
import io.financehub.platform.FlowEndpoint;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Statement upload (any supported format, detected by content) and the import reports. */
@Path("/api/v1/bank-statements")
@Tag(name = "bank-statements")
public class BankStatementsResource {

    public record Accepted(String importId, String status, String report) {
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    StatementImports imports;


    @Inject
    SecurityIdentity identity;

    @POST
    @FlowEndpoint(Flow.BANK_STATEMENTS)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(summary = "Upload a statement file (CAMT.053/054, MT940 or a configured bank CSV); 202 with the import id")
    public Response upload(byte[] content, @QueryParam("fileName") String fileName, @Context ContainerRequestContext request) {
        String correlationId = CorrelationIdFilter.of(request);
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("The upload is empty: send the statement file as the request body");
        }
        UUID importId = UUID.randomUUID();
        String name = sanitize(fileName, importId);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(BankStatementsFlow.HEADER_IMPORT_ID, importId.toString());
        headers.put(BankStatementsFlow.HEADER_CHANNEL, "upload");
        headers.put(Exchange.FILE_NAME, name);
        headers.put(Exchange.FILE_NAME_ONLY, name);
        headers.put(HubHeaders.CORRELATION_ID, correlationId);
        headers.put(HubHeaders.ACTOR, identity.getPrincipal().getName());
        producer.sendBodyAndHeaders(BankStatementsFlow.ENDPOINT_UPLOAD, content, headers);
        return Response.accepted(new Accepted(importId.toString(), "RECEIVED", "/api/v1/bank-statements/imports/" + importId))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/imports/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "The outcome of an import: lines created, duplicates skipped, errors")
    public ImportReport report(@PathParam("id") UUID id) {
        return imports.find(id).orElseThrow(() -> new java.util.NoSuchElementException("import " + id + " does not exist"));
    }

    /** A file name safe for the archive: the client's name without any path, prefixed with the import id. */
    static String sanitize(String fileName, UUID importId) {
        String base = fileName == null ? "upload" : fileName.replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isBlank() || base.startsWith(".")) {
            base = "upload" + base;
        }
        return importId + "-" + (base.length() > 120 ? base.substring(0, 120) : base);
    }
}
