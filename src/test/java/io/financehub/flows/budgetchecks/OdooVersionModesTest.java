package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.mapping.Mappings;
import io.financehub.odoo.CamelHttpTransport;
import io.financehub.odoo.OdooCallPolicy;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooClientSettings;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.SharedServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.financehub.odoo.camel.OdooHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Odoo side of budget checks against the emulator in Odoo 16, 17, 18 and 19 (JSON-2) modes: the order read and split
 * by analytic distribution, polling of orders waiting for approval and of orders Odoo confirmed by itself, approval and
 * chatter written back through the {@code odoo:} endpoints budget-checks.yaml uses, a self-confirmed order recorded as a
 * commitment.
 */
@QuarkusTest
class OdooVersionModesTest {

    @Inject
    CamelContext camel;

    @Inject
    Mappings mappings;

    @Inject
    Checkpoints checkpoints;

    @Inject
    BudgetLedger ledger;

    @Inject
    BudgetChecks checks;

    @Inject
    AgroalDataSource dataSource;

    OdooClient client(OdooEmulator emulator, String user, String secret, io.financehub.odoo.OdooProtocol protocol) {
        OdooClientSettings settings = OdooClientSettings.builder().instance("emulator" + emulator.version() + "-" + user)
                .url(emulator.url().toString()).database(SharedServers.ODOO_DATABASE).username(user).secret(secret).protocol(protocol)
                .timeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2)).build();
        return new OdooClient(settings, new CamelHttpTransport(camel, settings.url(), settings.connectTimeout(), settings.timeout()),
                new SimpleMeterRegistry(), OdooCallPolicy.none());
    }

    /** The Odoo-side beans of the flow on a client of the given emulator: reading and polling. */
    record OdooSide(OdooPurchaseOrders orders, PurchaseOrderPolling polling, OdooClient odoo, String clientRef) {
    }

    @Inject
    ProducerTemplate producer;

    /** The approval as budget-checks.yaml writes it back: button_approve, its effect (the state) read back if lost. */
    void approve(OdooSide side, OdooPurchaseOrders.Order order) {
        producer.requestBodyAndHeader("odoo:purchase.order/button_approve?effectField=state&effectValues=purchase,done&client="
                + side.clientRef(), null, OdooHeaders.IDS, order.id());
    }

    /** The decision's note as budget-checks.yaml posts it: once, with its marker. */
    void postNote(OdooSide side, OdooPurchaseOrders.Order order, BudgetDecision d) {
        producer.requestBodyAndHeader("odoo:purchase.order/message_post?once=true&kwargs.message_type=comment"
                + "&kwargs.subtype_xmlid=mail.mt_note&client=" + side.clientRef(), new BudgetNotes().text(d), OdooHeaders.IDS, order.id());
    }

    OdooSide odooSide(OdooEmulator emulator) {
        OdooClient odoo = client(emulator, OdooTestResource.SERVICE_USER, OdooTestResource.API_KEY, io.financehub.odoo.OdooProtocol.AUTO);
        OdooPurchaseOrders orders = new OdooPurchaseOrders();
        orders.odoo = odoo;
        orders.mappings = mappings;
        PurchaseOrderPolling polling = new PurchaseOrderPolling();
        polling.odoo = odoo;
        polling.checkpoints = checkpoints;
        polling.ledger = ledger;
        polling.pollLimit = 50;
        polling.confirmedLookback = Duration.ofDays(1);
        String name = "versionModesOdoo" + emulator.version();
        camel.getRegistry().bind(name, odoo);
        return new OdooSide(orders, polling, odoo, "#" + name);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 18, 19})
    void ordersWaitingForApprovalAreReadSplitCheckedAndAnsweredInOdoo(int version) throws Exception {
        OdooEmulator emulator = OdooTestResource.emulator(version);
        emulator.reset();
        BudgetTestData.forgetOdooOrders(dataSource);
        long cc300 = emulator.store().records("account.analytic.account").stream()
                .filter(a -> "CC-300".equals(a.get("code")) && ((Number) a.get("company_id")).longValue() == 1)
                .map(a -> ((Number) a.get("id")).longValue()).findFirst().orElseThrow();
        long acme = emulator.store().records("res.partner").stream().filter(p -> "Acme Supplies GmbH".equals(p.get("name")))
                .map(p -> ((Number) p.get("id")).longValue()).findFirst().orElseThrow();
        long small = emulator.store().create("purchase.order", Map.of("partner_id", acme, "company_id", 1, "state", "to approve",
                "date_order", "2026-11-19 10:00:00", "order_line", List.of(List.of(0, 0, Map.of("name", "Toner", "product_qty", 3,
                        "price_unit", 150.0, "analytic_distribution", Map.of(Long.toString(cc300), 100))))));
        // the buyer's order below the company's double-validation amount (5,000): Odoo confirms it itself, as recorded on
        // real 16 and 19 (po-double-validation-below-threshold-buyer-*): purchase, approved now, by the buyer
        long buyers;
        try (OdooClient buyer = client(emulator, "buyer", "buyer", io.financehub.odoo.OdooProtocol.JSONRPC)) {
            buyers = buyer.create("purchase.order", Map.of("partner_id", acme, "date_order", "2026-11-19 11:00:00", "order_line",
                    List.of(List.of(0, 0, Map.of("name", "Monitors", "product_qty", 2, "price_unit", 500.0, "analytic_distribution",
                            Map.of(Long.toString(cc300), 100))))));
            buyer.callMethod("purchase.order", "button_confirm", List.of(List.of(buyers)), Map.of());
            var read = buyer.read("purchase.order", List.of(buyers), List.of("state", "date_approve", "user_id")).get(0);
            assertEquals("purchase", read.string("state").orElseThrow(), "no 'to approve' below the amount");
            assertTrue(read.dateTime("date_approve").isPresent(), read.json().toString());
            assertEquals("Buyer", read.many2One("user_id").orElseThrow().name());
        }
        OdooSide side = odooSide(emulator);
        OdooPurchaseOrders orders = side.orders();
        try {
            PurchaseOrderPolling.Poll poll = side.polling().waiting();
            List<Long> waiting = poll.orderIds();
            assertTrue(waiting.contains(small) && waiting.contains(buyers) && waiting.size() == 4,
                    "both orders waiting for approval and both confirmed ones (the demo's and the buyer's) are polled: " + waiting);
            BudgetDecision commitment = checks.recordConfirmed(orders.request(orders.read(buyers)), "odoo", "test-" + version, buyers)
                    .decision();
            assertEquals(BudgetDecision.Outcome.RECORDED, commitment.outcome(), commitment.toString());
            assertEquals(List.of("CONFIRMED_IN_ODOO"), commitment.codes());
            assertEquals(0, commitment.reserved().amount().compareTo(new BigDecimal("1000.00")));
            assertEquals(Map.of("IT", "RESERVED"), ledger.states(commitment.orderReference()));
            for (Long id : waiting.stream().filter(i -> emulator.store().record("purchase.order", i).orElseThrow().get("state")
                    .equals("to approve")).toList()) {
                OdooPurchaseOrders.Order order = orders.read(id);
                BudgetCheckRequest request = orders.request(order);
                BudgetDecision d = checks.decide(request);
                if (d.outcome() == BudgetDecision.Outcome.APPROVE) {
                    approve(side, order);
                }
                postNote(side, order, d);
                if (id == small) {
                    assertEquals(BudgetDecision.Outcome.APPROVE, d.outcome(), d.toString());
                    assertEquals(0, request.total().amount().compareTo(new BigDecimal("450.00")));
                    assertEquals("IT", request.lines().get(0).costCentre().code());
                } else {
                    assertEquals(BudgetDecision.Outcome.ESCALATE, d.outcome(), d.toString());
                    assertEquals(Optional.of("DEPARTMENT_HEAD"), d.levelNeeded());
                    assertEquals(3, request.lines().size(), "split over three cost centres");
                }
            }
            side.polling().polled(poll);
            assertTrue(checkpoints.get(PurchaseOrderPolling.CHECKPOINT).isPresent(), "the polling checkpoint moved");
            assertEquals("purchase", emulator.store().record("purchase.order", small).orElseThrow().get("state"));
            long messages = emulator.store().records("mail.message").stream()
                    .filter(m -> "purchase.order".equals(m.get("model")) && String.valueOf(m.get("body")).contains("Budget check:")).count();
            assertEquals(2, messages, "one chatter note per checked order");
        } finally {
            side.odoo().close();
        }
    }
}
