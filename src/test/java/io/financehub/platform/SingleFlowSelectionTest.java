package io.financehub.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.financehub.api.FlowEndpoint;

/**
 * HUB_FLOWS=<one flow> starts that flow's routes and no other flow's, and the other flows' endpoints answer 503
 * {@code flow-not-running} instead of half-working without their routes.
 */
@QuarkusTest
@TestProfile(SingleFlowSelectionTest.OnlyPaymentFiles.class)
class SingleFlowSelectionTest {

    public static class OnlyPaymentFiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.flows", "payment-files",
                    "hub.routes-dir", "src/test/resources/flow-selection-routes",
                    "hub.extra-routes", "");
        }
    }

    @Inject
    CamelContext camel;

    @Inject
    HubFlows flows;

    @Test
    void onlyTheSelectedFlowsRoutesAreStarted() {
        List<String> routeIds = camel.getRoutes().stream().map(Route::getRouteId).sorted().toList();
        assertEquals(List.of("payment-files-probe", "payment-files-probe-second"), routeIds);
        routeIds.forEach(id -> assertEquals("Started", camel.getRouteController().getRouteStatus(id).name()));
        assertEquals(java.util.Set.of(Flow.PAYMENT_FILES), flows.enabled());
    }

    @Test
    void otherFlowsEndpointsAnswer503FlowNotRunningAfterAuthenticationAndDoNothing() {
        String check = "{\"orderReference\":\"PO-X\",\"revision\":\"r1\",\"company\":{\"key\":\"DE01\"},\"supplier\":\"S\","
                + "\"orderDate\":\"2026-11-20\",\"lines\":[]}";
        given().contentType("application/json").body(check).post("/api/v1/budget-checks").then().statusCode(401);
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json").body(check)
                .post("/api/v1/budget-checks").then().statusCode(503).contentType("application/problem+json")
                .body("type", containsString("flow-not-running")).body("detail", containsString("budget-checks"));
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body("[{\"company\":\"DE01\",\"costCentre\":\"SALES\",\"period\":\"2026\",\"amount\":1,\"currency\":\"EUR\"}]")
                .post("/api/v1/budgets").then().statusCode(503).body("type", containsString("flow-not-running"));
        given().header("X-Hub-Webhook-Secret", "test-webhook-secret").contentType("application/json").body("{\"_id\":1}")
                .post("/api/v1/webhooks/odoo/purchase-orders").then().statusCode(503).body("type", containsString("flow-not-running"));
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/octet-stream").body(new byte[] {1})
                .post("/api/v1/bank-statements?fileName=s.xml").then().statusCode(503).body("type", containsString("flow-not-running"));
        given().auth().preemptive().basic("operator", "operator-demo").contentType("application/json")
                .body("{\"company\":\"DE01\",\"period\":\"2026-11\",\"mode\":\"incremental\"}")
                .post("/api/v1/actuals-exports").then().statusCode(503).body("type", containsString("flow-not-running"));
        // reads of the shared store still answer; the running flow's endpoints are not refused
        given().auth().preemptive().basic("operator", "operator-demo").get("/api/v1/bank-statements/imports/" + java.util.UUID.randomUUID())
                .then().statusCode(404);
        given().auth().preemptive().basic("approver", "approver-demo").post("/api/v1/payment-batches/" + java.util.UUID.randomUUID() + "/approve")
                .then().statusCode(404);
    }

    /** Every endpoint that starts or changes a flow's work is marked with its flow, so the refusal above covers it. */
    @Test
    void everyWritingEndpointOfAFlowIsMarkedWithItsFlow() {
        for (Class<?> resource : List.of(io.financehub.api.bankstatements.BankStatementsResource.class,
                io.financehub.api.payments.PaymentFilesResource.class, io.financehub.api.budgetchecks.BudgetChecksResource.class,
                io.financehub.api.budgetchecks.BudgetsResource.class, io.financehub.api.budgetchecks.PurchaseOrderWebhookResource.class,
                io.financehub.api.actualsexport.ActualsExportResource.class)) {
            for (java.lang.reflect.Method m : resource.getDeclaredMethods()) {
                if (m.isAnnotationPresent(jakarta.ws.rs.POST.class) || m.isAnnotationPresent(jakarta.ws.rs.PUT.class)
                        || m.isAnnotationPresent(jakarta.ws.rs.DELETE.class)) {
                    assertTrue(m.isAnnotationPresent(FlowEndpoint.class) || resource.isAnnotationPresent(FlowEndpoint.class),
                            resource.getSimpleName() + "." + m.getName() + " is not marked @FlowEndpoint");
                }
            }
        }
    }
}
