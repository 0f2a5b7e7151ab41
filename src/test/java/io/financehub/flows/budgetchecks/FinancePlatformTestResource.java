package io.financehub.flows.budgetchecks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A WireMock stand-in for the external finance platform on a free loopback port. */
public class FinancePlatformTestResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of("hub.budget-checks.platform.url", "http://127.0.0.1:" + server.port() + "/platform/");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
