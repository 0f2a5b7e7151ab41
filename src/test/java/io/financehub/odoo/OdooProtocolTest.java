package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same calls over JSON-RPC (emulated Odoo 16, 17, 18) and JSON-2 (emulated Odoo 19), protocol detected. */
class OdooProtocolTest {

    // a user with an API key on top of each version's template data: JSON-2 accepts API keys only
    private static final String USER = "connector-test";
    private static final String SECRET = "connector-test-key";

    private static CamelContext camel;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static OdooClient client(OdooEmulator emulator, String secret) {
        return clientAs(emulator, USER, secret);
    }

    private static OdooClient clientAs(OdooEmulator emulator, String user, String secret) {
        OdooClientSettings settings = OdooClientSettings.builder().instance("odoo" + emulator.version())
                .url(emulator.url().toString()).database("demo").username(user).secret(secret)
                .protocol(OdooProtocol.AUTO).timeout(Duration.ofSeconds(5)).build();
        return new OdooClient(settings,
                new CamelHttpTransport(camel, settings.url(), Duration.ofSeconds(2), settings.timeout()),
                new SimpleMeterRegistry(), OdooCallPolicy.none());
    }

    private static OdooEmulator start(int version) {
        return OdooEmulator.builder().version(version).database("demo")
                .seedResource("odoo-connector/api-key-user-seed.json").port(0).start();
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 17, 18, 19})
    void protocolIsDetectedAndCrudWorksOnEveryVersion(int version) {
        try (OdooEmulator emulator = start(version); OdooClient client = client(emulator, SECRET)) {
            OdooProtocol expected = version >= 19 ? OdooProtocol.JSON2 : OdooProtocol.JSONRPC;
            assertEquals(expected, client.protocol());
            assertEquals(version, client.serverVersion().major());

            long id = client.create("res.partner", Map.of("name", "Protocol Partner " + version));
            List<Long> batch = client.createBatch("res.partner",
                    List.of(Map.of("name", "Batch A " + version), Map.of("name", "Batch B " + version)));
            assertEquals(2, batch.size());
            assertEquals(true, client.write("res.partner", List.of(id), Map.of("ref", "P-" + version)));

            List<OdooRecord> found = client.searchRead("res.partner", Domain.eq("ref", "P-" + version),
                    List.of("name", "ref"), SearchOptions.limit(5));
            assertEquals(1, found.size());
            assertEquals(id, found.get(0).id());
            assertEquals("Protocol Partner " + version, found.get(0).string("name").orElseThrow());
            assertEquals(1, client.searchCount("res.partner", Domain.eq("ref", "P-" + version)));
            assertEquals(true, client.unlink("res.partner", List.of(id)));
            assertEquals(List.of(), client.read("res.partner", List.of(id), List.of("name")));

            JsonNode fields = client.fieldsGet("res.partner.bank", List.of("type", "required"));
            assertTrue(fields.path("acc_number").path("required").asBoolean(), fields.path("acc_number").toString());
            List<JsonNode> groups = client.readGroup("res.partner", Domain.term("name", "=like", "Batch _ " + version),
                    List.of("name"), List.of("name"), SearchOptions.orderBy("name"), false);
            assertEquals(2, groups.size(), groups.toString());

            List<RecordedCall> creates = emulator.journal().calls("res.partner", "create");
            assertEquals(2, creates.size());
            String wire = version >= 19 ? "json2" : "jsonrpc";
            creates.forEach(call -> assertEquals(wire, call.protocol()));
        }
    }

    @Test
    void passwordInsteadOfApiKeyOnOdoo19FallsBackToJsonRpcWithAuto() {
        try (OdooEmulator emulator = start(19); OdooClient client = clientAs(emulator, "admin", "admin")) {
            long id = client.create("res.partner", Map.of("name", "Password Partner"));

            assertEquals(OdooProtocol.JSONRPC, client.protocol());
            assertEquals(1, client.searchCount("res.partner", Domain.eq("id", id)));
            List<RecordedCall> creates = emulator.journal().calls("res.partner", "create");
            assertEquals(List.of("json2", "jsonrpc"), creates.stream().map(RecordedCall::protocol).toList(),
                    "refused over JSON-2 (not executed), then sent once over JSON-RPC");
            assertEquals(1, emulator.store().search("res.partner", "[[\"name\", \"=\", \"Password Partner\"]]").size());
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {17, 19})
    void wrongKeyIsAnAuthenticationErrorOnBothProtocols(int version) {
        try (OdooEmulator emulator = start(version); OdooClient client = client(emulator, "wrong-key")) {
            OdooAuthenticationException error = assertThrows(OdooAuthenticationException.class,
                    () -> client.searchCount("res.partner", Domain.all()));
            assertFalse(error.getMessage().contains("wrong-key"), error.getMessage());
        }
    }
}
