package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the Odoo emulator in Odoo 17 mode (its template data plus two users), over the real Camel HTTP transport,
 * with one attempt per call (no fault-tolerance policy: that is {@code OdooFaultToleranceTest}).
 */
class OdooClientTest {

    private static final String SERVICE_USER = "connector-test";
    private static final String SERVICE_KEY = "connector-test-key";

    private static OdooEmulator emulator;
    private static CamelContext camel;
    private SimpleMeterRegistry registry;
    private final List<OdooClient> clients = new ArrayList<>();

    @BeforeAll
    static void startEmulatorAndCamel() {
        emulator = OdooEmulator.builder().version(17).database("demo")
                .seedResource("odoo-connector/api-key-user-seed.json").port(0).start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        emulator.close();
    }

    @BeforeEach
    void freshState() {
        emulator.reset();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(OdooClient::close);
    }

    private OdooClient client(String username, String secret, Duration timeout) {
        OdooClientSettings settings = OdooClientSettings.builder().instance("emulator17").url(emulator.url().toString())
                .database("demo").username(username).secret(secret).timeout(timeout)
                .connectTimeout(Duration.ofSeconds(2)).build();
        OdooClient client = new OdooClient(settings,
                new CamelHttpTransport(camel, settings.url(), settings.connectTimeout(), settings.timeout()),
                registry, OdooCallPolicy.none());
        clients.add(client);
        return client;
    }

    private OdooClient serviceClient() {
        return client(SERVICE_USER, SERVICE_KEY, Duration.ofSeconds(5));
    }

    @Test
    void wrongApiKeyFailsLoginWithAnAuthenticationErrorThatHidesTheKey() {
        OdooClient client = client(SERVICE_USER, "not-the-key", Duration.ofSeconds(5));
        OdooAuthenticationException error = assertThrows(OdooAuthenticationException.class,
                () -> client.searchCount("res.partner", Domain.all()));
        assertFalse(error.isRetryable());
        assertFalse(error.getMessage().contains("not-the-key"), error.getMessage());
        assertTrue(error.getMessage().contains(SERVICE_USER), error.getMessage());
        assertEquals(0, emulator.journal().count("res.partner", "search_count"), "nothing is called after a failed login");
        assertFalse(client.toString().contains("not-the-key"));
    }

    @Test
    void parallelFirstCallsShareOneLogin() throws Exception {
        OdooClient client = serviceClient();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                counts.add(pool.submit(() -> client.searchCount("res.partner", Domain.all())));
            }
            for (var count : counts) {
                assertTrue(count.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, emulator.journal().count(null, "authenticate"), "the uid is obtained once and shared");
        assertEquals(8, emulator.journal().count("res.partner", "search_count"));
    }

    @Test
    void refusedConnectionIsTransientEvenForACreateBecauseNothingWasSent() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // JSON-2 needs no login, so the create is the very first request on the wire
        OdooClientSettings settings = OdooClientSettings.builder().instance("refused")
                .url("http://127.0.0.1:" + closedPort).database("demo").username(SERVICE_USER).secret(SERVICE_KEY)
                .protocol(OdooProtocol.JSON2).build();
        OdooClient client = new OdooClient(settings,
                new CamelHttpTransport(camel, settings.url(), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                registry, OdooCallPolicy.none());
        clients.add(client);

        OdooTransientException error = assertThrows(OdooTransientException.class,
                () -> client.create("res.partner", Map.of("name", "Never Sent")));

        assertEquals("create", error.method());
        assertTrue(error.isRetryable(), "a refused connection carried nothing: even a create may be sent again");
        assertTrue(error.getMessage().contains("cannot connect"), error.getMessage());
        assertFalse(settings.toString().contains(SERVICE_KEY), settings.toString());
    }

    @Test
    void expiredSessionLogsInAgainOnceAndRepeatsTheCall() {
        OdooClient client = serviceClient();
        long before = client.searchCount("res.partner", Domain.all());
        emulator.faults().inject(Fault.sessionExpired().on("res.partner", "search_count"));

        assertEquals(before, client.searchCount("res.partner", Domain.all()));

        assertEquals(3, emulator.journal().count("res.partner", "search_count"), "first call, expired call, repeat");
        assertEquals(2, emulator.journal().count(null, "authenticate"), "one login at start, one after the expiry");
    }

    @Test
    void accessErrorIsAnOdooAccessException() {
        // recorded on Odoo 17: a user with invoicing rights only may not create accounts
        OdooClient invoicing = client("invoicing-only", "invoicing-pw", Duration.ofSeconds(5));
        OdooAccessException error = assertThrows(OdooAccessException.class,
                () -> invoicing.create("account.account", Map.of("code", "999001", "name", "Not allowed",
                        "account_type", "expense")));
        assertEquals("odoo.exceptions.AccessError", error.odooErrorName().orElseThrow());
        assertEquals("account.account", error.model().orElseThrow());
        assertFalse(error.isRetryable());
    }

    @Test
    void missingRequiredFieldIsAPermanentValidationError() {
        OdooValidationException error = assertThrows(OdooValidationException.class,
                () -> serviceClient().create("res.partner.bank", Map.of("partner_id", 1)));
        assertEquals("odoo.exceptions.ValidationError", error.odooErrorName().orElseThrow());
        assertTrue(error.getMessage().contains("acc_number"), error.getMessage());
        assertFalse(error.isRetryable());
    }

    @Test
    void writeOnADeletedRecordIsAMissingRecordError() {
        OdooMissingRecordException error = assertThrows(OdooMissingRecordException.class,
                () -> serviceClient().write("res.partner", List.of(999_999L), Map.of("name", "x")));
        assertEquals("write", error.method());
    }

    @Test
    void unknownMethodIsAValidationErrorNamingTheMethod() {
        OdooValidationException error = assertThrows(OdooValidationException.class,
                () -> serviceClient().callMethod("res.partner", "no_such_method", List.of(List.of()), Map.of()));
        assertTrue(error.getMessage().contains("no_such_method"), error.getMessage());
    }

    @Test
    void unknownDatabaseIsAServerErrorPointingAtTheSetting() {
        OdooClientSettings settings = OdooClientSettings.builder().instance("wrong-db").url(emulator.url().toString())
                .database("no_such_db").username(SERVICE_USER).secret(SERVICE_KEY).build();
        OdooClient client = new OdooClient(settings,
                new CamelHttpTransport(camel, settings.url(), Duration.ofSeconds(2), Duration.ofSeconds(5)),
                registry, OdooCallPolicy.none());
        clients.add(client);
        OdooServerException error = assertThrows(OdooServerException.class, client::authenticate);
        assertFalse(error.isRetryable(), error.toString());
        assertTrue(error.getMessage().contains("odoo.database"), error.getMessage());
    }

    @Test
    void proxyErrorIsTransient() {
        OdooClient client = serviceClient();
        client.authenticate();
        emulator.faults().inject(Fault.httpStatus(502).on("res.partner", "search_read"));
        OdooTransientException error = assertThrows(OdooTransientException.class,
                () -> client.searchRead("res.partner", Domain.all(), List.of("name"), SearchOptions.limit(1)));
        assertTrue(error.isRetryable());
        assertTrue(error.getMessage().contains("502"), error.getMessage());
    }

    @Test
    void lostAnswerOfACreateIsAmbiguousAndTheRecordExists() {
        OdooClient client = client(SERVICE_USER, SERVICE_KEY, Duration.ofSeconds(1));
        client.authenticate();
        emulator.faults().inject(Fault.timeoutAfterCommit(Duration.ofSeconds(3)).on("res.partner", "create"));

        OdooAmbiguousWriteException error = assertThrows(OdooAmbiguousWriteException.class,
                () -> client.create("res.partner", Map.of("name", "Ambiguous Partner AG")));

        assertFalse(error.isRetryable());
        assertEquals(1, emulator.store().search("res.partner", "[[\"name\", \"=\", \"Ambiguous Partner AG\"]]").size(),
                "the create was committed although its answer was lost");
        assertEquals(1, emulator.journal().count("res.partner", "create"));
    }

    @Test
    void slowAnswerOfAReadIsTransientNotAmbiguous() {
        OdooClient client = client(SERVICE_USER, SERVICE_KEY, Duration.ofSeconds(1));
        client.authenticate();
        emulator.faults().inject(Fault.latency(Duration.ofSeconds(3)).on("res.partner", "search_read"));
        assertThrows(OdooTransientException.class,
                () -> client.searchRead("res.partner", Domain.all(), List.of("name"), SearchOptions.limit(1)));
    }

    @Test
    void createOfAListIsOneCallAndOneIdPerRecord() {
        OdooClient client = serviceClient();
        List<Map<String, Object>> partners = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> Map.<String, Object>of("name", "Batch Partner " + i)).collect(Collectors.toList());

        List<Long> ids = client.createBatch("res.partner", partners);

        assertEquals(25, ids.size());
        assertEquals(25, new HashSet<>(ids).size());
        assertEquals(1, emulator.journal().count("res.partner", "create"), "the whole batch travels in one call");
        List<OdooRecord> read = client.read("res.partner", List.of(ids.get(0), ids.get(24)), List.of("name"));
        assertEquals("Batch Partner 1", read.get(0).string("name").orElseThrow());
        assertEquals("Batch Partner 25", read.get(1).string("name").orElseThrow());
    }

    @Test
    void pagingOverTenThousandRecordsSeesEachRecordOnceWithBoundedPages() {
        Set<Long> seeded = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seeded.add(emulator.store().create("res.partner", Map.of("name", "Paging Partner " + i, "ref", "PAGING")));
        }
        OdooClient client = serviceClient();
        emulator.journal().clear();

        Set<Long> seen = new HashSet<>();
        int[] pages = {0};
        int[] largestPage = {0};
        try (var stream = client.pages("res.partner", Domain.eq("ref", "PAGING"), List.of("name"), 1_000)) {
            stream.forEach(page -> {
                pages[0]++;
                largestPage[0] = Math.max(largestPage[0], page.size());
                page.forEach(record -> assertTrue(seen.add(record.id()), "record " + record.id() + " seen twice"));
            });
        }

        assertEquals(seeded, seen, "every seeded record exactly once");
        assertEquals(10, pages[0]);
        assertEquals(1_000, largestPage[0]);
        assertEquals(11, emulator.journal().count("res.partner", "search_read"), "10 full pages and one empty probe");
        JsonNode lastCall = emulator.journal().calls("res.partner", "search_read").get(10).kwargs();
        assertEquals(1_000, lastCall.path("limit").asInt(), "every page is bounded");
    }

    @Test
    void allowedCompanyIdsRestrictsWhatIsRead() {
        long secondCompany = emulator.store().create("res.company", Map.of("name", "Second Company Inc."));
        emulator.store().create("account.journal", Map.of("name", "Second Bank", "code", "SBNK", "type", "bank",
                "company_id", secondCompany));
        OdooClient client = serviceClient();
        Domain bankJournals = Domain.eq("type", "bank");

        List<OdooRecord> company1 = client.searchRead("account.journal", bankJournals, List.of("code", "company_id"),
                SearchOptions.orderBy("id"), OdooContext.empty().withAllowedCompanyIds(1L));
        List<OdooRecord> company2 = client.searchRead("account.journal", bankJournals, List.of("code", "company_id"),
                SearchOptions.orderBy("id"), OdooContext.empty().withAllowedCompanyIds(secondCompany));

        assertFalse(company1.isEmpty());
        assertFalse(company2.isEmpty());
        company1.forEach(journal -> assertEquals(1L, journal.many2One("company_id").orElseThrow().id()));
        company2.forEach(journal -> assertEquals(secondCompany, journal.many2One("company_id").orElseThrow().id()));
        assertEquals(List.of("SBNK"), company2.stream().map(j -> j.string("code").orElseThrow()).toList());
    }

    @Test
    void modelActionReturningNoneGivesNullAndTakesEffect() {
        OdooClient client = serviceClient();
        long bank = client.search("account.journal", Domain.eq("type", "bank"), SearchOptions.limit(1)).get(0);
        long vendor = client.create("res.partner", Map.of("name", "Action Vendor", "supplier_rank", 1));
        long payment = client.create("account.payment", Map.of("payment_type", "outbound", "partner_type", "supplier",
                "partner_id", vendor, "amount", new java.math.BigDecimal("1234.56"), "journal_id", bank,
                "date", java.time.LocalDate.of(2024, 7, 10)));

        JsonNode answer = client.callMethod("account.payment", "action_post", List.of(List.of(payment)), Map.of());

        assertTrue(answer.isNull(), "action_post returns None: " + answer);
        OdooRecord posted = client.read("account.payment", List.of(payment), List.of("state", "amount")).get(0);
        assertEquals("posted", posted.string("state").orElseThrow());
        assertEquals(new java.math.BigDecimal("1234.56"), posted.money("amount", 2).orElseThrow());
    }

    @Test
    void callsAreCountedPerModelMethodAndOutcome() {
        OdooClient client = serviceClient();
        client.searchCount("res.partner", Domain.all());
        assertThrows(OdooMissingRecordException.class,
                () -> client.write("res.partner", List.of(999_999L), Map.of("name", "x")));

        assertEquals(1.0, registry.get("odoo.client.calls").tags("instance", "emulator17", "model", "res.partner",
                "method", "search_count", "outcome", "success").counter().count());
        assertEquals(1.0, registry.get("odoo.client.errors").tags("model", "res.partner", "method", "write",
                "type", "missing_record").counter().count());
        assertEquals(1L, registry.get("odoo.client.latency").tags("method", "search_count").timer().count());
    }
}
