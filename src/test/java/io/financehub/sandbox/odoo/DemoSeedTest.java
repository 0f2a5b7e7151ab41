package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo seed of the embedded default loads on every version and holds the data the hub's mappings refer to. */
class DemoSeedTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 18, 19})
    void demoSeedProvidesCompaniesJournalsPaymentsAndOrders(int version) {
        try (OdooEmulator odoo = OdooEmulator.builder().version(version).database("demo")
                .seedResource("odoo-emulator/demo-seed.json").start()) {
            EmulatorStore store = odoo.store();
            assertEquals("Finance Hub Demo GmbH", store.record("res.company", 1).orElseThrow().get("name"));
            assertEquals("Finance Hub Demo Inc.", store.record("res.company", 2).orElseThrow().get("name"));

            List<Long> bankJournals = store.search("account.journal", "[[\"type\",\"=\",\"bank\"]]");
            assertEquals(3, bankJournals.size(), "BNK1/BNK2 of company 1 and BNK1 of company 2");
            JsonNode bnk1 = store.read("account.journal", bankJournals.get(0), "code", "bank_acc_number", "company_id").orElseThrow();
            assertEquals("BNK1", bnk1.get("code").asText());
            assertEquals("DE89370400440532013000", bnk1.get("bank_acc_number").asText());

            List<Long> payments = store.search("account.payment", "[[\"payment_type\",\"=\",\"outbound\"]]");
            assertEquals(7, payments.size());
            for (Long id : payments) {
                JsonNode p = store.read("account.payment", id, "state", version >= 18 ? "is_sent" : "is_move_sent").orElseThrow();
                assertEquals(version >= 18 ? "in_process" : "posted", p.get("state").asText(), "payment " + id + " is posted");
                assertFalse(p.get(version >= 18 ? "is_sent" : "is_move_sent").asBoolean(), "payment " + id + " is not sent yet");
            }

            List<Long> toApprove = store.search("purchase.order", "[[\"state\",\"=\",\"to approve\"]]");
            assertEquals(1, toApprove.size(), "the big order waits for a purchase manager");
            assertEquals(1, store.search("purchase.order", "[[\"state\",\"=\",\"purchase\"]]").size());
            assertEquals(1, store.search("purchase.order", "[[\"state\",\"=\",\"draft\"]]").size());

            List<Long> postedLines = store.search("account.move.line", "[[\"parent_state\",\"=\",\"posted\"]]");
            assertTrue(postedLines.size() > 20, "posted journal items exist for both companies");
            assertEquals(1, store.search("account.move", "[[\"state\",\"=\",\"cancel\"],[\"company_id\",\"=\",1]]").size());
            assertEquals(1, store.search("account.move", "[[\"state\",\"=\",\"draft\"],[\"company_id\",\"=\",2]]").size());
            List<Map<String, Object>> analytic = store.records("account.analytic.line");
            assertFalse(analytic.isEmpty(), "posting analytic distributions creates analytic lines");
        }
    }
}
