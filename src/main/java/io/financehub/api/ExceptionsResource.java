package io.financehub.api;

import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.governance.exceptions.ReplayOutcome;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The exception queue for operators: list, replay, discard with a reason. */
@Path("/api/v1/exceptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exceptions")
public class ExceptionsResource {

    /**
     * An exception item as operators see it: never the payload, but where a large one is kept (a file under
     * {@code hub.work-dir}), its SHA-256 and size.
     */
    public record ExceptionView(UUID id, String flow, String routeId, String correlationId, String subject,
            String errorType, String errorClass, String errorMessage, String state, int attempts, Instant createdAt,
            Instant updatedAt, String decidedBy, String decisionReason, String payloadFile, String payloadSha256,
            Long payloadSize) {

        static ExceptionView of(ExceptionItem e) {
            return new ExceptionView(e.id, e.flow, e.routeId, e.correlationId, e.subject, e.errorType, e.errorClass,
                    e.errorMessage, e.state.name(), e.attempts, e.createdAt, e.updatedAt, e.decidedBy, e.decisionReason,
                    e.payloadRef, e.payloadSha256, e.payloadSize);
        }
    }

    /** Why the item is discarded (required; audited). */
    public record DiscardRequest(@FreeText String reason) {
    }

    public record ReplayResult(UUID id, String result) {
    }

    @Inject
    ExceptionQueue queue;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List exception items (dead letters), newest first")
    public List<ExceptionView> list(@QueryParam("flow") String flow, @QueryParam("state") String state,
            @QueryParam("limit") Integer limit) {
        Optional<ExceptionState> s = Optional.ofNullable(state).filter(v -> !v.isBlank()).map(v -> {
            try {
                return ExceptionState.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state must be one of " + List.of(ExceptionState.values()));
            }
        });
        int max = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return queue.list(Optional.ofNullable(flow).filter(v -> !v.isBlank()), s, max).stream().map(ExceptionView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "One exception item")
    public ExceptionView get(@PathParam("id") UUID id) {
        return queue.find(id).map(ExceptionView::of)
                .orElseThrow(() -> new java.util.NoSuchElementException("exception item " + id + " does not exist"));
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replay an exception item to its original route, with its original correlation id")
    public Response replay(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        String correlationId = CorrelationIdFilter.of(request);
        ReplayOutcome outcome = queue.replay(id, identity.getPrincipal().getName());
        return switch (outcome.result()) {
            case REPLAYED -> Response.ok(new ReplayResult(id, "REPLAYED")).build();
            case FAILED -> Problem.of(422, "Unprocessable Content", "replay-failed",
                    "The replay failed again: " + outcome.failure().orElse("") + ". The item is NEW again; fix the cause and replay.",
                    correlationId).toResponse();
            case PAYLOAD_UNUSABLE -> Problem.of(Response.Status.CONFLICT, "exception-payload-unusable", outcome.failure().orElse("")
                    + " Nothing was sent; the item stays NEW. Put the original file back, or discard the item with your reason.",
                    correlationId).toResponse();
            case NOT_REPLAYABLE -> Problem.of(Response.Status.CONFLICT, "exception-not-replayable", outcome.isNotice()
                    ? "Exception item " + id + " is a notice, not a failed message, and cannot be replayed: " + outcome.failure().get()
                            + " Nothing was done; once it is settled, discard the item with your reason."
                    : "Exception item " + id + " is " + outcome.stateFound().map(Enum::name).orElse("?")
                            + "; only NEW items are replayed (nothing was done).", correlationId).toResponse();
        };
    }

    @POST
    @Path("/{id}/discard")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Discard an exception item; a reason is required and audited")
    public ExceptionView discard(@PathParam("id") UUID id, DiscardRequest body) {
        return ExceptionView.of(queue.discard(id, identity.getPrincipal().getName(), body == null ? null : body.reason()));
    }
}
