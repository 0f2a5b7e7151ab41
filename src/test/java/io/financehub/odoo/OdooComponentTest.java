package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.odoo.camel.OdooComponent;
import io.financehub.odoo.camel.OdooHeaders;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.RecordedCall;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the {@code odoo:} endpoint reads its arguments from body, headers and options, and sends a write once while its
 * outcome is unknown, on plain Camel.
 */
class OdooComponentTest {

    /** Odoo's request limit in these tests: 2.5 s in the emulator, 3 s told to the lossy client. */
    private static final Duration LIMIT = Duration.ofMillis(2500);

    private static OdooEmulator emulator;
    private static CamelContext camel;
    private static OdooClient client;
    /** Gives up on an answer after 1 s, then waits the write out (client=#lossy). */
    private static OdooClient lossy;
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
        OdooClientSettings lossySettings = OdooClientSettings.builder().instance("component-lossy").url(emulator.url())
                .database("demo").username("connector-test").secret("connector-test-key").timeout(Duration.ofSeconds(1))
                .unknownOutcomes(new OdooClientSettings.UnknownOutcomes(Duration.ofSeconds(3), true, Duration.ofMillis(100),
                        Duration.ofMillis(400))).build();
        lossy = new OdooClient(lossySettings, new CamelHttpTransport(camel, lossySettings.url(), Duration.ofSeconds(2),
                Duration.ofSeconds(1)), new SimpleMeterRegistry(), OdooCallPolicy.none());
        camel.getRegistry().bind("lossy", lossy);
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        client.close();
        lossy.close();
        camel.stop();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @AfterEach
    void clearFaults() {
        emulator.faults().clear();
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

        Object answer = producer.requestBody("odoo:account.payment/action_post?effectField=state&effectValues=posted",
                Map.of("ids", List.of(payment)));

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
        Object written = producer.requestBody("odoo:res.partner/write?blind=true",
                Map.of("ids", List.of(id), "values", Map.of("name", "After", "ref", "W-1")));
        Object count = producer.requestBody("odoo:res.partner/search_count", Map.of("domain", List.of(List.of("ref", "=", "W-1"))));
        assertEquals(Boolean.TRUE, written);
        assertEquals(1L, count);
    }

    @Test
    void writeWithoutIdsIsRefusedBeforeAnythingIsSent() {
        CamelExecutionException failure = assertThrows(CamelExecutionException.class,
                () -> producer.requestBody("odoo:res.partner/write?blind=true", Map.of("values", Map.of("name", "x"))));
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

    @Test
    void readTakesTheIdFromTheHeaderAsNumberOrAsTextAsASimpleExpressionGivesIt() {
        long id = client.create("res.partner", Map.of("name", "Header Partner", "ref", "HDR"));

        List<?> byNumber = producer.requestBodyAndHeader("odoo:res.partner/read?fields=name,ref", null, OdooHeaders.IDS, id, List.class);
        List<?> byText = producer.requestBodyAndHeader("odoo:res.partner/read?fields=name,ref", "any body",
                OdooHeaders.IDS, Long.toString(id), List.class);

        assertEquals(byNumber, byText);
        assertEquals("HDR", ((Map<?, ?>) byNumber.get(0)).get("ref"));
        CamelExecutionException notAnId = assertThrows(CamelExecutionException.class, () -> producer.requestBodyAndHeader(
                "odoo:res.partner/read", null, OdooHeaders.IDS, "P-7"));
        assertTrue(notAnId.getCause().getMessage().contains("'P-7'"), notAnId.getCause().getMessage());
    }

    @Test
    void noteWhoseAnswerIsLostIsFoundByItsMarkerAndNeverPostedTwice() {
        long partner = client.create("res.partner", Map.of("name", "Chatter Partner"));
        // Odoo 16-18 post a note only for a sender with an email address
        long uid = emulator.store().search("res.users", "[[\"login\", \"=\", \"connector-test\"]]").get(0);
        long sender = ((Number) emulator.store().record("res.users", uid).orElseThrow().get("partner_id")).longValue();
        emulator.store().writeStored("res.partner", sender, Map.of("email", "connector-test@example.com"));
        emulator.requestLimit(LIMIT);
        emulator.faults().inject(Fault.slowCommit(Duration.ofMillis(1800)).on("res.partner", "message_post"));

        Long messageId = producer.requestBodyAndHeader("odoo:res.partner/message_post?once=true&client=#lossy"
                + "&kwargs.message_type=comment&kwargs.subtype_xmlid=mail.mt_note", "Budget check: APPROVE", OdooHeaders.IDS,
                partner, Long.class);

        List<RecordedCall> posts = emulator.journal().calls("res.partner", "message_post");
        assertEquals(1, posts.size(), "posted once: its outcome was unknown, not failed");
        assertEquals("fault:slow_commit(ok)", posts.get(0).outcome());
        assertEquals("comment", posts.get(0).kwargs().path("message_type").asText(), "kwargs.* options are keyword arguments");
        assertEquals("mail.mt_note", posts.get(0).kwargs().path("subtype_xmlid").asText());
        assertTrue(posts.get(0).kwargs().path("body").asText().matches("Budget check: APPROVE \\[FH-[0-9a-f]{12}]"),
                posts.get(0).kwargs().toString());
        List<Long> notes = emulator.store().search("mail.message", "[[\"model\", \"=\", \"res.partner\"], [\"res_id\", \"=\", "
                + partner + "], [\"body\", \"ilike\", \"Budget check: APPROVE\"]]");
        assertEquals(List.of(messageId), notes, "the note found by its marker is the one Odoo committed");
        assertTrue(emulator.journal().calls("mail.message", "search").stream()
                        .anyMatch(look -> look.received().isBefore(posts.get(0).timestamp())),
                "the note was looked for while Odoo still worked on it, and not posted again when not found then");
    }

    @Test
    void methodWhoseEffectIsAFieldValueIsWaitedOutWhenItsAnswerIsLostNotSentTwice() {
        long payment = draftPayment();
        emulator.requestLimit(LIMIT);
        emulator.faults().inject(Fault.slowCommit(Duration.ofMillis(1800)).on("account.payment", "action_post"));

        Exchange done = producer.request("odoo:account.payment/action_post?effectField=state&effectValues=posted&client=#lossy",
                exchange -> exchange.getMessage().setHeader(OdooHeaders.IDS, List.of(payment)));

        assertNull(done.getException());
        assertNull(done.getMessage().getBody(), "the answer was lost: the effect read back stands for it");
        List<RecordedCall> posts = emulator.journal().calls("account.payment", "action_post");
        assertEquals(1, posts.size(), "sent once: " + posts);
        assertEquals("fault:slow_commit(ok)", posts.get(0).outcome());
        assertTrue(emulator.journal().calls("account.payment", "read").stream()
                        .anyMatch(look -> look.received().isBefore(posts.get(0).timestamp())),
                "the state was read back while Odoo still worked on the post, and the post not sent again then");
        assertEquals("posted", client.read("account.payment", List.of(payment), List.of("state")).get(0).string("state").orElseThrow());
    }

    @Test
    void methodKilledByOdoosRequestLimitIsSentAgainOnlyOnceTheLimitHasPassed() {
        long payment = draftPayment();
        emulator.requestLimit(LIMIT);
        emulator.faults().inject(Fault.killedByRequestLimit(LIMIT).on("account.payment", "action_post"));

        producer.requestBodyAndHeader("odoo:account.payment/action_post?effectField=state&effectValues=posted&client=#lossy",
                null, OdooHeaders.IDS, payment);

        List<RecordedCall> posts = emulator.journal().calls("account.payment", "action_post");
        assertEquals(2, posts.size(), posts.toString());
        assertEquals("killed_by_request_limit", posts.get(0).outcome());
        assertTrue(posts.get(1).received().isAfter(posts.get(0).received().plus(Duration.ofSeconds(3))),
                "sent again only once known not committed, after the request limit told to the client: " + posts);
        assertEquals("posted", client.read("account.payment", List.of(payment), List.of("state")).get(0).string("state").orElseThrow());
    }

    @Test
    void aMethodThatMayWriteWithoutAWayToSettleALostAnswerIsRefusedWhenTheRouteIsBuilt() {
        String unguarded = refusal("odoo:account.payment/action_post");
        assertTrue(unguarded.contains("may write") && unguarded.contains("once=true") && unguarded.contains("effectField=")
                && unguarded.contains("blind=true"), unguarded);
        assertTrue(refusal("odoo:res.partner/create").contains("may write"));
        assertTrue(refusal("odoo:res.partner/write?kwargs.context=x").contains("may write"), "kwargs are no guard");
        assertTrue(refusal("odoo:account.payment/action_post?once=true").contains("message_post"));
        assertTrue(refusal("odoo:account.payment/action_post?effectField=state").contains("go together"));
        assertTrue(refusal("odoo:res.partner/create?effectField=name&effectValues=x").contains("blind=true"));
        assertTrue(refusal("odoo:res.partner/message_post?once=true&blind=true").contains("choose one"));
        assertTrue(refusal("odoo:res.partner/read?once=true").contains("only reads"));
        assertEquals(0, emulator.journal().calls().stream().filter(RecordedCall::isWrite).count(), "nothing was sent");
    }

    @Test
    void aBlindWriteIsSentOnceAndItsLostAnswerFailsAsAmbiguousForTheRouteToSettle() {
        long partner = client.create("res.partner", Map.of("name", "Blind Partner"));
        emulator.faults().inject(Fault.timeoutAfterCommit(Duration.ofSeconds(2)).on("res.partner", "write"));

        CamelExecutionException lost = assertThrows(CamelExecutionException.class, () -> producer.requestBody(
                "odoo:res.partner/write?blind=true&client=#lossy", Map.of("ids", List.of(partner), "values", Map.of("ref", "B-1"))));

        assertInstanceOf(OdooAmbiguousWriteException.class, lost.getCause());
        assertEquals(1, emulator.journal().count("res.partner", "write"));
    }

    private static String refusal(String uri) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> producer.requestBody(uri, Map.of("ids", List.of(1L))));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause(), String.valueOf(failure.getCause()));
        return failure.getCause().getMessage();
    }

    private static long draftPayment() {
        long bank = client.search("account.journal", Domain.eq("type", "bank"), SearchOptions.limit(1)).get(0);
        long vendor = client.create("res.partner", Map.of("name", "Effect Vendor", "supplier_rank", 1));
        return client.create("account.payment", Map.of("payment_type", "outbound", "partner_type", "supplier",
                "partner_id", vendor, "amount", new BigDecimal("12.00"), "journal_id", bank, "date", LocalDate.of(2024, 7, 10)));
    }
}
