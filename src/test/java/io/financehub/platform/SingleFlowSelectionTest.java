package io.financehub.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/** HUB_FLOWS=<one flow> starts that flow's routes and no other flow's. */
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
}
