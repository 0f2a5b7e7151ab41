package io.financehub.flows.budgetchecks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.sandbox.odoo.RecordedCall;
import io.financehub.testing.OdooTestResource;
import io.financehub.testing.WriteJournal;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget decisions the hub writes back to Odoo ({@code button_approve}, the chatter note) when Odoo's answer is
 * lost: committed after the hub's timeout, or stopped by Odoo's request limit, at every write of a polling pass. The
 * hub waits each outcome out instead of sending the write again, and ends where a pass without faults ends.
 */
@QuarkusTest
class BudgetDecisionWritesTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BudgetLedger ledger;

    @Inject
    ProducerTemplate producer;

    OdooEmulator odoo;

    @AfterEach
    void clearFaults() {
        if (odoo != null) {
            odoo.faults().clear();
        }
    }

    void fresh() throws Exception {
        odoo = OdooTestResource.emulator(17);
        odoo.reset();
        BudgetTestData.forgetOdooOrders(dataSource);
        ledger.loadDeclared(List.of());
    }

    long order(String supplier, String price, String costCentre) {
        long partner = odoo.store().records("res.partner").stream().filter(p -> supplier.equals(p.get("name")))
                .map(p -> ((Number) p.get("id")).longValue()).findFirst().orElseThrow();
        long analytic = odoo.store().records("account.analytic.account").stream()
                .filter(a -> costCentre.equals(a.get("code")) && ((Number) a.get("company_id")).longValue() == 1)
                .map(a -> ((Number) a.get("id")).longValue()).findFirst().orElseThrow();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", "Item");
        line.put("product_qty", 1);
        line.put("price_unit", Double.parseDouble(price));
        line.put("analytic_distribution", Map.of(Long.toString(analytic), 100));
        Map<String, Object> po = new LinkedHashMap<>();
        po.put("partner_id", partner);
        po.put("company_id", 1);
        po.put("state", "to approve");
        po.put("date_order", "2026-11-18 09:00:00");
        po.put("order_line", List.of(List.of(0, 0, line)));
        return odoo.store().create("purchase.order", po);
    }

    /** Every order's state, its chatter notes and what the ledger holds for it. */
    SortedMap<String, String> state() {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map<String, Object> po : odoo.store().records("purchase.order")) {
            long id = ((Number) po.get("id")).longValue();
            long notes = odoo.store().records("mail.message").stream()
                    .filter(m -> "purchase.order".equals(m.get("model")) && m.get("res_id") != null && ((Number) m.get("res_id")).longValue() == id)
                    .count();
            out.put(String.valueOf(po.get("name")), po.get("state") + " notes=" + notes + " committed="
                    + new TreeMap<>(ledger.commitments(String.valueOf(po.get("name")))));
        }
        return out;
    }

    /** An order waiting for approval that the policy approves, one from a blocked supplier, and the demo orders. */
    void pollingPass() throws Exception {
        order("Acme Supplies GmbH", "250.00", "CC-200");
        order("Broken Bank Vendor", "100.00", "CC-100");
        producer.requestBody("direct:budget-checks-poll-once", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> odoo.requestsInProgress() == 0);
    }

    /** Which order a write acted on, and which note: the ids and the note's body. */
    static String identity(RecordedCall call) {
        return (call.args() != null && call.args().size() > 0 ? call.args().get(0).toString() : "")
                + (call.kwargs() == null ? "" : call.kwargs().path("body").asText());
    }

    @Test
    void everyDecisionWriteCommittedAfterTheTimeoutOrKilledByOdoosLimitEndsAsWithoutFaults() throws Exception {
        fresh();
        pollingPass();
        SortedMap<String, String> expected = state();
        long writes = odoo.journal().calls().stream().filter(RecordedCall::isWrite).count();
        assertTrue(odoo.journal().count("purchase.order", "button_approve") >= 1 && writes >= 3,
                "an approval and notes: " + odoo.journal().calls());
        List<String> failures = new ArrayList<>();
        for (long write = 1; write <= writes; write++) {
            for (Fault fault : List.of(Fault.slowCommit(Duration.ofSeconds(4)).onWrite(write),
                    Fault.killedByRequestLimit(Duration.ofSeconds(5)).onWrite(write))) {
                fresh();
                odoo.faults().inject(fault);
                try {
                    pollingPass();
                } catch (org.apache.camel.CamelExecutionException e) {
                    failures.add(fault + ": the pass failed: " + e.getCause());
                }
                SortedMap<String, String> actual = state();
                if (!expected.equals(actual)) {
                    failures.add(fault + ": " + actual + " instead of " + expected);
                }
                WriteJournal.resendsWhileUnknown(odoo.journal().calls(), BudgetDecisionWritesTest::identity)
                        .forEach(broken -> failures.add(fault + ": " + broken));
            }
        }
        assertEquals(List.of(), failures);
    }
}
