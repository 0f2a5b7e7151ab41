package io.financehub.console;

import io.financehub.api.Roles;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.governance.exceptions.ReplayOutcome;
import io.financehub.governance.masking.Masking;
import io.financehub.governance.masking.SafeText;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The exception queue for operators (as the API): filter, each item with a summary of its payload with bank data masked,
 * replay and discard with a reason, all through {@link ExceptionQueue} (which audits them). A replay of an item whose
 * flow this instance does not run is refused with 503: its route is not here.
 */
@Path("/console/exceptions")
@ConsolePage
public class ExceptionsPage {

    /** How much of a payload the summary shows. */
    static final int PREVIEW_BYTES = 4096;
    private static final Masking MASKING = Masking.withoutSecrets();

    public record ItemRow(String id, String flow, String subject, String errorType, String errorMessage, String state, int attempts,
            Instant createdAt, String decidedBy) {

        static ItemRow of(ExceptionItem e) {
            return new ItemRow(e.id.toString(), e.flow, MASKING.mask(e.subject), e.errorType, MASKING.mask(e.errorMessage),
                    e.state.name(), e.attempts, e.createdAt, e.decidedBy);
        }
    }

    /** An item with what its payload is: where it is kept, its size and digest, and its beginning with bank data masked. */
    public record ItemDetail(ItemRow item, String routeId, String correlationId, String errorClass, Instant updatedAt,
            String decisionReason, String payloadWhere, long payloadSize, String payloadSha256, String preview, boolean previewCut,
            boolean replayable, boolean flowRunning, boolean notice) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    ExceptionQueue queue;

    @Inject
    HubFlows flows;

    @Inject
    ErrorPages errors;

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response list(@QueryParam("flow") String flow, @QueryParam("state") String state, @QueryParam("flash") String flash,
            @Context ContainerRequestContext request) {
        Optional<String> f = Optional.ofNullable(flow).filter(s -> !s.isBlank());
        if (f.isPresent() && Flow.byId(f.get()).isEmpty()) {
            return errors.answer(400, "Unknown flow", "Flow " + SafeText.quote(flow) + " is not one of "
                    + Flow.validIds() + ".", identity.getPrincipal().getName());
        }
        String s = state == null ? "NEW" : state.trim().toUpperCase(Locale.ROOT);
        Optional<ExceptionState> st;
        try {
            st = s.isEmpty() || s.equals("ALL") ? Optional.empty() : Optional.of(ExceptionState.valueOf(s));
        } catch (IllegalArgumentException e) {
            return errors.answer(400, "Unknown state", "State " + SafeText.quote(state) + " is not one of "
                    + Arrays.toString(ExceptionState.values()) + " or ALL.", identity.getPrincipal().getName());
        }
        List<ItemRow> items = queue.list(f, st, 200).stream().map(ItemRow::of).toList();
        List<String> states = new java.util.ArrayList<>(Arrays.stream(ExceptionState.values()).map(Enum::name).toList());
        states.add("ALL");
        return Pages.html(Views.exceptions(pages.page(request, identity, Section.EXCEPTIONS, "Exception queue", flash), items,
                Arrays.stream(Flow.values()).map(Flow::id).toList(), states, f.orElse(""), st.map(Enum::name).orElse("ALL")).render());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(Roles.OPERATOR)
    public Response item(@PathParam("id") UUID id, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Optional<ExceptionItem> found = queue.find(id);
        if (found.isEmpty()) {
            return errors.answer(404, "No such exception item", "There is no exception item " + id + ".", identity.getPrincipal().getName());
        }
        ExceptionItem e = found.get();
        Preview preview = preview(e);
        boolean notice = e.errorClass != null && e.errorClass.endsWith("NotReplayableException");
        boolean running = Flow.byId(e.flow).map(flows::isEnabled).orElse(true);
        ItemDetail detail = new ItemDetail(ItemRow.of(e), e.routeId, e.correlationId, e.errorClass, e.updatedAt,
                MASKING.mask(e.decisionReason), e.payloadRef == null ? "kept in the hub's database" : "file " + e.payloadRef
                        + " (under hub.work-dir)", e.payloadSize == null ? 0 : e.payloadSize, e.payloadSha256, preview.text(),
                preview.cut(), e.state == ExceptionState.NEW && !notice, running, notice);
        return Pages.html(Views.exception(pages.page(request, identity, Section.EXCEPTIONS, "Exception item", flash), detail).render());
    }

    @POST
    @Path("/{id}/replay")
    @ConsoleAccess(Roles.OPERATOR)
    public Response replay(@PathParam("id") UUID id) {
        String back = Section.EXCEPTIONS.path() + "/" + id;
        Optional<ExceptionItem> item = queue.find(id);
        if (item.isEmpty()) {
            return pages.redirect(identity, false, "There is no exception item " + id + ".", Section.EXCEPTIONS.path());
        }
        Optional<Flow> flow = Flow.byId(item.get().flow);
        if (flow.isPresent() && !flows.isEnabled(flow.get())) {
            return errors.flowNotRunning(flow.get(), identity.getPrincipal().getName());
        }
        ReplayOutcome outcome = queue.replay(id, identity.getPrincipal().getName());
        return switch (outcome.result()) {
            case REPLAYED -> pages.redirect(identity, true, "Replayed: the item's message went through its route again and"
                    + " completed (correlation id " + item.get().correlationId + ").", back);
            case FAILED -> pages.redirect(identity, false, "The replay failed again: " + MASKING.mask(outcome.failure().orElse(""))
                    + ". The item is NEW again; fix the cause and replay.", back);
            case PAYLOAD_UNUSABLE -> pages.redirect(identity, false, MASKING.mask(outcome.failure().orElse("")) + " Nothing was"
                    + " sent; the item stays NEW. Put the original file back, or discard the item with your reason.", back);
            case NOT_REPLAYABLE -> pages.redirect(identity, false, outcome.isNotice()
                    ? "This item is a notice for a person, not a failed message, and cannot be replayed: "
                            + MASKING.mask(outcome.failure().get()) + " Once it is settled, discard it with your reason."
                    : "This item is " + outcome.stateFound().map(Enum::name).orElse("?") + "; only NEW items are replayed"
                            + " (nothing was done).", back);
        };
    }

    @POST
    @Path("/{id}/discard")
    @ConsoleAccess(Roles.OPERATOR)
    public Response discard(@PathParam("id") UUID id, @FormParam("reason") String reason) {
        String back = Section.EXCEPTIONS.path() + "/" + id;
        Optional<String> problem = FormText.problem("reason", reason);
        if (problem.isPresent()) {
            return pages.redirect(identity, false, "Not discarded: " + problem.get(), back);
        }
        try {
            ExceptionItem discarded = queue.discard(id, identity.getPrincipal().getName(), reason);
            return pages.redirect(identity, true, "Discarded by " + discarded.decidedBy + ": " + discarded.decisionReason, back);
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            return pages.redirect(identity, false, "Not discarded: " + e.getMessage(), back);
        }
    }

    private record Preview(String text, boolean cut) {
    }

    /** The payload's first {@link #PREVIEW_BYTES} bytes as text with bank data masked; a binary payload is only named. */
    private Preview preview(ExceptionItem e) {
        byte[] head;
        long size;
        try {
            if (e.payloadRef != null) {
                java.nio.file.Path root = java.nio.file.Path.of(workDir).toAbsolutePath().normalize();
                java.nio.file.Path file = root.resolve(e.payloadRef).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    return new Preview("(the kept file is no longer there: a replay would have nothing to send)", false);
                }
                size = Files.size(file);
                try (InputStream in = Files.newInputStream(file)) {
                    head = in.readNBytes(PREVIEW_BYTES);
                }
            } else {
                byte[] body = e.payload == null ? new byte[0] : e.payload;
                size = body.length;
                head = Arrays.copyOf(body, (int) Math.min(body.length, PREVIEW_BYTES));
            }
        } catch (IOException io) {
            return new Preview("(the payload cannot be read: " + MASKING.mask(io.getMessage()) + ")", false);
        }
        if (head.length == 0) {
            return new Preview("(empty)", false);
        }
        String text = text(head);
        if (text == null) {
            return new Preview("(binary content, " + size + " bytes: not shown)", false);
        }
        return new Preview(MASKING.mask(readable(text)), size > head.length);
    }

    /** XML written on one line (as banks and the hub's own files often are) broken after each element that closes. */
    static String readable(String text) {
        String start = text.stripLeading();
        if (!start.startsWith("<") || text.chars().filter(c -> c == '\n').count() > text.length() / 200) {
            return text;
        }
        return text.replaceAll("(</[^>]{1,200}>|<\\?xml[^>]{0,200}\\?>)(?=<)", "$1\n");
    }

    /** UTF-8 (a sequence cut at the end is dropped) or Latin-1; null for content that is not text. */
    private static String text(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, utf8Boundary(bytes))).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        long control = text.chars().filter(c -> Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t').count();
        return control > text.length() / 20 ? null : text;
    }

    /** The length of {@code bytes} without a UTF-8 sequence cut at its end. */
    private static int utf8Boundary(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? end - back : end;
        }
        return end;
    }

}
