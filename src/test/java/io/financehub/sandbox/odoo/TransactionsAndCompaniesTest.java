package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-call atomicity, parallel callers, company record rules and the users' credentials. */
class TransactionsAndCompaniesTest {

    @Test
    void aListCreateThatFailsOnOneItemCreatesNothing() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("tx").start()) {
            long before = odoo.store().records("account.bank.statement.line").size();
            JsonNode answer = new RawJsonRpc(odoo, 2, "admin").answer("account.bank.statement.line", "create", List.of(List.of(
                    Map.of("journal_id", 6, "date", "2026-11-01", "payment_ref", "ok 1", "amount", 10.0),
                    Map.of("journal_id", 6, "date", "2026-11-01", "payment_ref", "ok 2", "amount", 20.0),
                    Map.of("journal_id", 99999, "date", "2026-11-01", "payment_ref", "bad", "amount", 30.0))), null);
            assertEquals("odoo.exceptions.MissingError", answer.at("/error/data/name").asText());
            assertEquals(before, odoo.store().records("account.bank.statement.line").size());
            assertTrue(odoo.store().search("account.move", "[[\"statement_line_id\",\"!=\",false]]").isEmpty(), "no orphan moves");
        }
    }

    @Test
    void parallelCreatesAllLandWithDistinctIds() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).database("parallel").start()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                ids.add(pool.submit(() -> new RawJsonRpc(odoo, 2, "admin").call("account.bank.statement.line", "create",
                        List.of(Map.of("journal_id", 6, "date", "2026-11-03", "payment_ref", "parallel " + n, "amount", 1.0 + n)), null).asLong()));
            }
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (Future<Long> f : ids) {
                distinct.add(f.get());
            }
            pool.shutdown();
            assertEquals(80, distinct.size());
            List<String> names = new ArrayList<>();
            for (Map<String, Object> m : odoo.store().records("account.move")) {
                names.add(String.valueOf(m.get("name")));
            }
            assertEquals(80, new java.util.HashSet<>(names).size(), "every posted line got its own sequence number");
        }
    }

    @Test
    void allowedCompanyIdsHidesOtherCompaniesRecords() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("demo").seedResource("odoo-emulator/demo-seed.json").start()) {
            RawJsonRpc admin = new RawJsonRpc(odoo, 2, "admin");
            JsonNode both = admin.call("account.journal", "search_read", List.of(List.of(List.of("type", "=", "bank"))),
                    Map.of("fields", List.of("code", "company_id")));
            assertEquals(3, both.size());
            JsonNode onlyUs = admin.call("account.journal", "search_read", List.of(List.of(List.of("type", "=", "bank"))),
                    Map.of("fields", List.of("code", "name"), "context", Map.of("allowed_company_ids", List.of(2))));
            assertEquals(1, onlyUs.size());
            assertEquals("Chase USD", onlyUs.get(0).get("name").asText());
        }
    }

    @Test
    void apiKeyWorksAsPasswordAndWrongSecretsAreDenied() throws Exception {
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("demo").seedResource("odoo-emulator/demo-seed.json").start()) {
            long hub = odoo.store().search("res.users", "[[\"login\",\"=\",\"hub-integration\"]]").get(0);
            assertTrue(new RawJsonRpc(odoo, hub, "demo-hub-api-key").call("res.users", "has_group",
                    List.of("purchase.group_purchase_manager"), null).asBoolean());
            JsonNode payments = new RawJsonRpc(odoo, hub, "demo-hub-api-key").call("account.payment", "search_read",
                    List.of(List.of(List.of("payment_type", "=", "outbound"))), Map.of("fields", List.of("name")));
            assertEquals(7, payments.size(), "implied groups give the service user read access to payments");
            JsonNode denied = new RawJsonRpc(odoo, hub, "not-the-key").answer("res.partner", "search", List.of(List.of()), null);
            assertEquals("odoo.exceptions.AccessDenied", denied.at("/error/data/name").asText());
        }
    }

    @Test
    void creditTransferToAnUntrustedAccountIsRefusedOnPosting() throws Exception {
        String seed = "{\"records\":{\"account.payment.method\":[{\"id\":10,\"name\":\"SEPA Credit Transfer\",\"code\":\"sepa_ct\","
                + "\"payment_type\":\"outbound\"}],\"account.payment.method.line\":[{\"id\":10,\"name\":\"SEPA Credit Transfer\","
                + "\"code\":\"sepa_ct\",\"payment_method_id\":10,\"payment_type\":\"outbound\",\"journal_id\":6,\"sequence\":5}]}}";
        try (OdooEmulator odoo = OdooEmulator.builder().version(18).database("trust")
                .seed(new java.io.ByteArrayInputStream(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8))).start()) {
            RawJsonRpc rpc = new RawJsonRpc(odoo, 2, "admin");
            long vendor = rpc.call("res.partner", "create", List.of(Map.of("name", "Untrusted GmbH")), null).asLong();
            long bank = rpc.call("res.partner.bank", "create", List.of(Map.of("acc_number", "DE75512108001245126199", "partner_id", vendor)), null).asLong();
            Map<String, Object> vals = Map.of("payment_type", "outbound", "partner_type", "supplier", "partner_id", vendor,
                    "partner_bank_id", bank, "amount", 100.0, "journal_id", 6, "payment_method_line_id", 10);
            long sepa = rpc.call("account.payment", "create", List.of(vals), null).asLong();
            JsonNode refused = rpc.answer("account.payment", "action_post", List.of(List.of(sepa)), null);
            assertEquals("odoo.exceptions.UserError", refused.at("/error/data/name").asText());
            assertTrue(refused.at("/error/data/message").asText().contains("must be manually validated"));

            rpc.call("res.partner.bank", "write", List.of(List.of(bank), Map.of("allow_out_payment", true)), null);
            assertTrue(rpc.answer("account.payment", "action_post", List.of(List.of(sepa)), null).has("error") == false);
            assertEquals("in_process", rpc.call("account.payment", "read", List.of(List.of(sepa)), Map.of("fields", List.of("state"))).get(0).get("state").asText());
        }
    }
}
