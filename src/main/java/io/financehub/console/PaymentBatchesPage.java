package io.financehub.console;

import io.financehub.api.CorrelationIdFilter;
import io.financehub.api.Roles;
import io.financehub.canonical.AccountMasking;
import io.financehub.flows.payments.BatchSnapshot;
import io.financehub.flows.payments.PaymentApprovals;
import io.financehub.flows.payments.PaymentBatchStore;
import io.financehub.flows.payments.PaymentBatchView;
import io.financehub.flows.payments.PaymentFilesFlow;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.masking.Masking;
import io.financehub.governance.runtime.Flow;
import io.financehub.api.FlowEndpoint;
import io.financehub.governance.runtime.HubFlows;
import io.quarkus.security.ForbiddenException;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;

/**
 * Payment batches waiting for release, with their payments, totals, preparer and who may decide them; approval and
 * rejection go through {@link PaymentApprovals}, the API's own four-eyes service, and an approved batch is sent by the
 * same saga as after the API's approval. Operators see batches; payment-approvers see and decide them. Only a
 * payment-approver sees the accounts in full (it is what they release money to); everyone else sees them masked.
 */
@Path("/console/payment-batches")
@ConsolePage
public class PaymentBatchesPage {

    private static final Masking MASKING = Masking.withoutSecrets();

    /** A batch in the lists. */
    public record BatchRow(String id, long number, String company, String journal, LocalDate executionDate, String currency,
            BigDecimal controlSum, int payments, String state, String preparedBy, String decidedBy, Instant createdAt) {

        static BatchRow of(PaymentBatchView v) {
            return new BatchRow(v.id(), v.batchNumber(), v.company(), v.journal(), v.executionDate(), v.currency(), v.controlSum(),
                    v.paymentCount(), v.state(), v.preparedBy(), v.decidedBy(), v.createdAt());
        }
    }

    /** A payment of the batch as the page shows it (the account masked unless the reader releases payments). */
    public record PaymentRow(long odooPaymentId, String odooReference, String creditor, String account, String bic, BigDecimal amount,
            String endToEndId, String remittance, boolean active, String bankStatus, String odooUsers) {
    }

    /** Who the four-eyes rule keeps from deciding the batch, and why. */
    public record Excluded(String user, String why) {
    }

    /** The batch page: the batch, its payments, who may not decide it, and what the reader may do. */
    public record BatchDetail(PaymentBatchView batch, String debtorName, String debtorAccount, List<PaymentRow> payments,
            List<Excluded> excluded, boolean waiting, boolean approver, boolean flowRunning, String standing, boolean youAreExcluded) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    PaymentBatchStore store;

    @Inject
    PaymentApprovals approvals;

    @Inject
    ProducerTemplate producer;

    @Inject
    HubFlows flows;

    @Inject
    ErrorPages errors;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess({Roles.OPERATOR, Roles.PAYMENT_APPROVER})
    public Response list(@QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        List<BatchRow> waiting = store.list(Optional.of("PENDING_APPROVAL"), 500).stream().map(BatchRow::of).toList();
        List<BatchRow> recent = store.list(Optional.empty(), 50).stream().filter(b -> !"PENDING_APPROVAL".equals(b.state()))
                .map(BatchRow::of).toList();
        return Pages.html(Views.paymentBatches(pages.page(request, identity, Section.PAYMENT_BATCHES, "Payment batches", flash), waiting,
                recent, identity.hasRole(Roles.PAYMENT_APPROVER), flows.isEnabled(Flow.PAYMENT_FILES)).render());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess({Roles.OPERATOR, Roles.PAYMENT_APPROVER})
    public Response batch(@PathParam("id") UUID id, @QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Optional<PaymentBatchStore.StoredBatch> found = store.find(id);
        if (found.isEmpty()) {
            return errors.answer(404, "No such payment batch", "There is no payment batch " + id + ". The list of batches links"
                    + " to each one.", identity.getPrincipal().getName());
        }
        PaymentBatchView v = found.get().view();
        BatchSnapshot snapshot = found.get().snapshot();
        boolean approver = identity.hasRole(Roles.PAYMENT_APPROVER);
        String user = identity.getPrincipal().getName();
        Map<Long, PaymentBatchView.Payment> stored = new LinkedHashMap<>();
        v.payments().forEach(p -> stored.put(p.odooPaymentId(), p));
        List<PaymentRow> rows = new ArrayList<>();
        Map<String, List<String>> odooAuthors = new LinkedHashMap<>();
        for (BatchSnapshot.Line line : snapshot.lines()) {
            PaymentBatchView.Payment p = stored.get(line.odooPaymentId());
            List<String> users = line.odooUsers() == null ? List.of() : line.odooUsers();
            users.forEach(u -> odooAuthors.computeIfAbsent(u, k -> new ArrayList<>()).add(line.odooReference()));
            rows.add(new PaymentRow(line.odooPaymentId(), line.odooReference(), line.creditorName(),
                    approver ? group(line.creditorAccount()) : AccountMasking.mask(line.creditorAccount()), line.creditorBic(),
                    new BigDecimal(line.amount()), line.endToEndId(), MASKING.mask(line.remittance()), p == null || p.active(),
                    p == null ? null : p.bankStatus(), String.join(", ", users)));
        }
        List<Excluded> excluded = new ArrayList<>();
        if (v.preparedBy() != null) {
            excluded.add(new Excluded(v.preparedBy(), "prepared the batch (started the payment run)"));
        }
        odooAuthors.forEach((u, refs) -> excluded.add(new Excluded(u, "created or last changed Odoo payment" + (refs.size() > 1 ? "s " : " ")
                + String.join(", ", refs))));
        boolean waiting = "PENDING_APPROVAL".equals(v.state());
        boolean youAreExcluded = excluded.stream().anyMatch(e -> e.user().equals(user));
        String standing = !waiting ? "This batch is " + v.state() + (v.decidedBy() == null ? "" : ", decided by " + v.decidedBy())
                + "; only a batch waiting for release can be approved or rejected."
                : !approver ? "Only a payment-approver can approve or reject this batch; your roles do not include payment-approver."
                : youAreExcluded ? "You are named below: the four-eyes rule will refuse your approval or rejection. A second"
                        + " payment-approver must decide."
                : "You may approve or reject this batch.";
        String debtor = approver ? group(snapshot.debtorIban()) : AccountMasking.mask(snapshot.debtorIban());
        return Pages.html(Views.paymentBatch(pages.page(request, identity, Section.PAYMENT_BATCHES, "Payment batch #" + v.batchNumber(), flash),
                new BatchDetail(v, snapshot.debtorName(), debtor, rows, excluded, waiting, approver, flows.isEnabled(Flow.PAYMENT_FILES),
                        standing, youAreExcluded)).render());
    }

    @POST
    @Path("/{id}/approve")
    @FlowEndpoint(Flow.PAYMENT_FILES)
    @ConsoleAccess(Roles.PAYMENT_APPROVER)
    public Response approve(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        String user = identity.getPrincipal().getName();
        String correlationId = CorrelationIdFilter.of(request);
        String back = Section.PAYMENT_BATCHES.path() + "/" + id;
        PaymentBatchView approved;
        try {
            approved = approvals.approve(id, user, correlationId);
        } catch (ForbiddenException | IllegalStateException | NoSuchElementException e) {
            return pages.redirect(identity, false, "Not approved: " + e.getMessage(), back);
        }
        try {
            producer.requestBodyAndHeaders(PaymentFilesFlow.ENDPOINT_SAGA, id.toString(),
                    Map.of(HubHeaders.CORRELATION_ID, correlationId, HubHeaders.ACTOR, user));
        } catch (RuntimeException e) {
            return pages.redirect(identity, false, "Batch #" + approved.batchNumber() + " is approved, but sending its file failed: "
                    + MASKING.mask(String.valueOf(e.getMessage())) + ". Recovery finishes or compensates it; see the exceptions"
                    + " (correlation id " + correlationId + ").", back);
        }
        PaymentBatchView after = store.find(id).orElseThrow().view();
        boolean sent = "SENT".equals(after.state());
        return pages.redirect(identity, sent, sent
                ? "Batch #" + after.batchNumber() + " approved by " + user + " and sent to the bank as " + after.fileName()
                        + " (" + after.paymentCount() + " payments, correlation id " + correlationId + ")."
                : "Batch #" + after.batchNumber() + " approved by " + user + "; it is " + after.state()
                        + (after.exceptionId() == null ? "" : ": see exception item " + after.exceptionId())
                        + " (correlation id " + correlationId + ").", back);
    }

    @POST
    @Path("/{id}/reject")
    @FlowEndpoint(Flow.PAYMENT_FILES)
    @ConsoleAccess(Roles.PAYMENT_APPROVER)
    public Response reject(@PathParam("id") UUID id, @FormParam("reason") String reason, @Context ContainerRequestContext request) {
        String back = Section.PAYMENT_BATCHES.path() + "/" + id;
        Optional<String> problem = FormText.problem("reason", reason);
        if (problem.isPresent()) {
            return pages.redirect(identity, false, "Not rejected: " + problem.get(), back);
        }
        try {
            PaymentBatchView rejected = approvals.reject(id, identity.getPrincipal().getName(), reason, CorrelationIdFilter.of(request));
            return pages.redirect(identity, true, "Batch #" + rejected.batchNumber() + " rejected: its " + rejected.paymentCount()
                    + " payments return to the pool for the next run.", back);
        } catch (ForbiddenException | IllegalStateException | IllegalArgumentException | NoSuchElementException e) {
            return pages.redirect(identity, false, "Not rejected: " + e.getMessage(), back);
        }
    }

    /** An account in groups of four, as printed on statements; a non-IBAN account number as it is. */
    private static String group(String account) {
        if (account == null) {
            return "";
        }
        String compact = account.replaceAll("\\s", "");
        return compact.length() > 12 && Character.isLetter(compact.charAt(0)) ? compact.replaceAll("(.{4})(?!$)", "$1 ") : compact;
    }

}
