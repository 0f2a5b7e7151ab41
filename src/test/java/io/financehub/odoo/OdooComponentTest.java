package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.odoo.camel.OdooComponent;
import io.financehub.odoo.camel.OdooHeaders;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the {@code odoo:} endpoint reads its arguments from body, headers and options, on plain Camel. */
class OdooComponentTest {

    private static OdooEmulator emulator;
    private static CamelContext camel;
    private static OdooClient client;
    private static ProducerTemplate producer;

    @BeforeAll
    static void start() {
        emulator = OdooEmulator.builder().version(17).database("demo")
                .seedResource("odoo-connector/api-key-user-seed.json").port(0).start();
        camel = new DefaultCamelContext();
        OdooClientSettings settings = OdooClientSettings.builder().instance("component").url(emulator.url())
                .database("demo").username("connector-test").secret("connector-test-key").build();
        client = new OdooClient(settings, new CamelHttpTransport(camel, settings.url(), Duration.ofSeconds(2),
                Duration.ofSeconds(5)), new SimpleMeterRegistry(), OdooCallPolicy.none());
        camel.addComponent("odoo", new OdooComponent(client));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        client.close();
        camel.stop();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void headersGiveDomainFieldsAndContext() {
        long archived = client.create("res.partner", Map.of("name", "Archived Vendor", "ref", "ARCH", "active", false));

        List<?> defaultContext = producer.requestBodyAndHeader("odoo:res.partner/search_read", null,
                OdooHeaders.DOMAIN, Domain.eq("ref", "ARCH"), List.class);
        Exchange withContext = producer.request("odoo:res.partner/search_read?rawResult=true", exchange -> {
            exchange.getMessage().setHeader(OdooHeaders.DOMAIN, "[[\"ref\", \"=\", \"ARCH\"]]");
            exchange.getMessage().setHeader(OdooHeaders.FIELDS, "name,active");
            exchange.getMessage().setHeader(OdooHeaders.CONTEXT, Map.of("active_test", false));
        });

        assertEquals(List.of(), defaultContext, "archived records are hidden by default");
        List<?> found = withContext.getMessage().getBody(List.class);
        assertEquals(1, found.size());
        Map<?, ?> partner = (Map<?, ?>) found.get(0);
        assertEquals(archived, partner.get("id"));
        assertEquals(Boolean.FALSE, partner.get("active"));
        assertTrue(withContext.getMessage().getHeader(OdooHeaders.RAW_RESULT, JsonNode.class).isArray());
    }

    @Test
    void recordActionTakesIdsFromTheBodyAndAnswersNull() {
        long bank = client.search("account.journal", Domain.eq("type", "bank"), SearchOptions.limit(1)).get(0);
        long vendor = client.create("res.partner", Map.of("name", "Component Vendor", "supplier_rank", 1));
        long payment = client.create("account.payment", Map.of("payment_type", "outbound", "partner_type", "supplier",
                "partner_id", vendor, "amount", new BigDecimal("99.90"), "journal_id", bank,
                "date", LocalDate.of(2024, 7, 10)));

        Object answer = producer.requestBody("odoo:account.payment/action_post", Map.of("ids", List.of(payment)));

        assertNull(answer);
        Map<?, ?> posted = (Map<?, ?>) producer.requestBody("odoo:account.payment/read?fields=state,amount",
                Map.of("ids", List.of(payment)), List.class).get(0);
        assertEquals("posted", posted.get("state"));
        assertEquals(0, new BigDecimal("99.90").compareTo((BigDecimal) posted.get("amount")), "amounts stay decimal");
    }

    @Test
    void listBodyIsSentAsPositionalArguments() {
        long id = client.create("res.partner", Map.of("name", "Positional Partner"));
        List<?> read = producer.requestBody("odoo:res.partner/read", List.of(List.of(id), List.of("name")), List.class);
        assertEquals("Positional Partner", ((Map<?, ?>) read.get(0)).get("name"));
    }

    @Test
    void writeAndCountUseNamedArguments() {
        long id = client.create("res.partner", Map.of("name", "Before"));
        Object written = producer.requestBody("odoo:res.partner/write",
                Map.of("ids", List.of(id), "values", Map.of("name", "After", "ref", "W-1")));
        Object count = producer.requestBody("odoo:res.partner/search_count", Map.of("domain", List.of(List.of("ref", "=", "W-1"))));
        assertEquals(Boolean.TRUE, written);
        assertEquals(1L, count);
    }

    @Test
    void writeWithoutIdsIsRefusedBeforeAnythingIsSent() {
        CamelExecutionException failure = assertThrows(CamelExecutionException.class,
                () -> producer.requestBody("odoo:res.partner/write", Map.of("values", Map.of("name", "x"))));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("OdooIds"), failure.getCause().getMessage());
        assertEquals(0, emulator.journal().count("res.partner", "write"));
    }

    @Test
    void uriWithoutMethodIsRejectedWithTheExpectedForm() {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> producer.requestBody("odoo:res.partner", (Object) null));
        assertTrue(String.valueOf(failure.getCause()).contains("odoo:<model>/<method>"), String.valueOf(failure.getCause()));
    }
}
