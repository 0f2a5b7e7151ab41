package io.financehub.console;

import io.financehub.api.Roles;
import io.financehub.flows.bankstatements.StatementImports;
import io.financehub.flows.budgetchecks.BudgetLedger;
import io.financehub.flows.payments.PaymentBatchStore;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionState;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.financehub.governance.runtime.Leadership;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/** The flows and their health in this instance, and what waits for the signed-in user. */
@Path("/console")
@ConsolePage
public class OverviewPage {

    /** A count that asks for someone's attention, linking to where it is handled. */
    public record Tile(String label, long count, String href, String tone) {
    }

    /** A flow here: whether this instance runs it and leads its singleton work, its routes' health, its open exceptions. */
    public record FlowHealth(String id, boolean running, boolean leader, String state, List<RouteHealth> routes, long openExceptions) {

        /** The state as a CSS class name. */
        public String stateClass() {
            return state.replace(' ', '-');
        }
    }

    /** A Camel route of the flow: its status and what Camel's route and consumer health checks say. */
    public record RouteHealth(String id, String status, String health, String message) {
    }

    @Inject
    Pages pages;

    @Inject
    SecurityIdentity identity;

    @Inject
    HubFlows flows;

    @Inject
    Leadership leadership;

    @Inject
    CamelContext camel;

    @Inject
    PaymentBatchStore batches;

    @Inject
    StatementImports imports;

    @Inject
    BudgetLedger ledger;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @ConsoleAccess(ConsoleAccess.ANY_USER)
    public String overview(@QueryParam("flash") String flash, @Context ContainerRequestContext request) {
        Map<String, Long> open = openExceptionsByFlow();
        List<Tile> tiles = new ArrayList<>();
        if (identity.hasRole(Roles.OPERATOR) || identity.hasRole(Roles.PAYMENT_APPROVER)) {
            tiles.add(new Tile("Payment batches waiting for release", batches.list(Optional.of("PENDING_APPROVAL"), 1000).size(),
                    Section.PAYMENT_BATCHES.path(), "attention"));
        }
        if (identity.hasRole(Roles.OPERATOR)) {
            tiles.add(new Tile("Open exception items", open.values().stream().mapToLong(Long::longValue).sum(),
                    Section.EXCEPTIONS.path(), "attention"));
            tiles.add(new Tile("Quarantined bank files (latest 100)", imports.recent(Optional.of("QUARANTINED"), 100).size()
                    + imports.recent(Optional.of("FAILED"), 100).size(), Section.BANK_IMPORTS.path(), "attention"));
            tiles.add(new Tile("Orders held or queued for a budget decision",
                    ledger.latestDecisions(List.of("HOLD", "QUEUED"), 1000).size(), Section.BUDGETS.path(), "attention"));
        }
        if (identity.hasRole(Roles.AUDITOR)) {
            tiles.add(new Tile("Audit trail: search and verify the chain", -1, Section.AUDIT.path(), "plain"));
        }
        Map<String, HealthCheck.Result> health = new HashMap<>();
        // "full": every check's result; Camel's default exposure level keeps only the failing ones, which left healthy
        // routes without a result here
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel, "full");
        for (HealthCheck.Result r : results) {
            health.put(r.getCheck().getId(), r);
        }
        List<FlowHealth> rows = new ArrayList<>();
        for (Flow flow : Flow.values()) {
            boolean running = flows.isEnabled(flow);
            List<RouteHealth> routes = new ArrayList<>();
            for (Route route : camel.getRoutes()) {
                if (!route.getRouteId().startsWith(flow.id())) {
                    continue;
                }
                String status = String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId()));
                HealthCheck.Result consumer = health.get("consumer:" + route.getRouteId());
                HealthCheck.Result routeCheck = health.get("route:" + route.getRouteId());
                String state = consumer != null && consumer.getState() == HealthCheck.State.DOWN
                        || routeCheck != null && routeCheck.getState() == HealthCheck.State.DOWN ? "DOWN"
                        : consumer == null && routeCheck == null ? "UNKNOWN" : "UP";
                String message = Optional.ofNullable(consumer).flatMap(HealthCheck.Result::getMessage)
                        .or(() -> Optional.ofNullable(routeCheck).flatMap(HealthCheck.Result::getMessage)).orElse("");
                routes.add(new RouteHealth(route.getRouteId(), status, state, io.financehub.governance.masking.Masking.maskIbans(message)));
            }
            routes.sort(java.util.Comparator.comparing(RouteHealth::id));
            String state = !running ? "NOT RUNNING HERE" : routes.stream().anyMatch(r -> r.health().equals("DOWN")
                    || !r.status().equals("Started")) ? "DEGRADED" : "UP";
            rows.add(new FlowHealth(flow.id(), running, running && leadership.isLeader(flow), state, routes,
                    open.getOrDefault(flow.id(), 0L)));
        }
        return Views.overview(pages.page(request, identity, Section.OVERVIEW, "Flows and their health", flash), tiles, rows).render();
    }

    private static Map<String, Long> openExceptionsByFlow() {
        Map<String, Long> out = new HashMap<>();
        QuarkusTransaction.joiningExisting().call(() -> ExceptionItem.getEntityManager()
                .createQuery("select e.flow, count(e) from ExceptionItem e where e.state = :state group by e.flow", Object[].class)
                .setParameter("state", ExceptionState.NEW).getResultList())
                .forEach(row -> out.put((String) row[0], (Long) row[1]));
        return out;
    }
}
