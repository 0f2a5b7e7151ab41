package io.financehub.api.bankstatements;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.runtime.Flow;
import io.financehub.api.FlowEndpoint;
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
import io.financehub.flows.bankstatements.ImportReport;
import io.financehub.flows.bankstatements.StatementImports;

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
    public Response upload(java.io.InputStream content, @QueryParam("fileName") String fileName,
            @Context ContainerRequestContext request) throws java.io.IOException {
        String correlationId = CorrelationIdFilter.of(request);
        UUID importId = UUID.randomUUID();
        String name = sanitize(fileName, importId);
        // written to the upload folder (temporary name, then rename) before the answer: an accepted upload survives a
        // restart and is read from there like an inbox file, streaming, whatever its size
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(workDir, "bank-statements", "uploads"));
        java.nio.file.Path tmp = dir.resolve("." + name + ".tmp");
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (java.io.InputStream in = new java.security.DigestInputStream(content, sha)) {
            size = java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (size == 0) {
            java.nio.file.Files.deleteIfExists(tmp);
            throw new IllegalArgumentException("The upload is empty: send the statement file as the request body");
        }
        imports.received(importId, name, correlationId, identity.getPrincipal().getName(), java.util.HexFormat.of().formatHex(sha.digest()));
        java.nio.file.Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return Response.accepted(new Accepted(importId.toString(), "RECEIVED", "/api/v1/bank-statements/imports/" + importId))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hub.work-dir")
    String workDir;

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
