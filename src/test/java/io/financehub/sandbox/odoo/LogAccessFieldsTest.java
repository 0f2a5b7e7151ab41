package io.financehub.sandbox.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Odoo's log-access fields: every change a call makes, through {@code write()}, a workflow method or the server's
 * own side effects, stamps the changed record with {@code write_uid} (the calling user) and {@code write_date},
 * and reading changes neither. Incremental readers (polling by write_date) depend on it.
 */
class LogAccessFieldsTest {

    /** A clock the test moves forward. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-02T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void workflowMethodsAndServerSideChangesStampTheCallingUserAndTimeWhileReadsStampNothing() throws Exception {
        ManualClock clock = new ManualClock();
        try (OdooEmulator odoo = OdooEmulator.builder().version(17).database("demo").seedResource("odoo-emulator/demo-seed.json")
                .clock(clock).start()) {
            EmulatorStore store = odoo.store();
            long hub = store.search("res.users", "[[\"login\",\"=\",\"hub-integration\"]]").get(0);
            long buyer = store.search("res.users", "[[\"login\",\"=\",\"buyer\"]]").get(0);
            long order = store.search("purchase.order", "[[\"state\",\"=\",\"draft\"]]").get(0);
            RawJsonRpc asHub = new RawJsonRpc(odoo, hub, "demo-hub-api-key");
            RawJsonRpc asBuyer = new RawJsonRpc(odoo, buyer, "buyer");
            JsonNode seeded = stamp(asHub, "purchase.order", order);

            clock.now = clock.now.plus(Duration.ofHours(1));
            asBuyer.call("purchase.order", "read", List.of(List.of(order)), Map.of("fields", List.of("state", "amount_total")));
            asBuyer.call("purchase.order", "search_read", List.of(List.of(List.of("id", "=", order))), Map.of("fields", List.of("name")));
            assertEquals(seeded, stamp(asHub, "purchase.order", order), "reads change nothing");

            // a write of the order's lines only (one2many commands) stamps the order as well as the line
            long line = store.search("purchase.order.line", "[[\"order_id\",\"=\"," + order + "]]").get(0);
            asBuyer.call("purchase.order", "write", List.of(List.of(order), Map.of("order_line", List.of(List.of(1, line,
                    Map.of("product_qty", 3))))), null);
            JsonNode amended = stamp(asHub, "purchase.order", order);
            assertEquals(buyer, amended.at("/write_uid/0").asLong(), amended.toString());
            assertEquals("2026-11-02 09:00:00", amended.get("write_date").asText());
            assertEquals(buyer, stamp(asHub, "purchase.order.line", line).at("/write_uid/0").asLong());

            // a workflow method sets the state as Odoo's self.write(...) does: stamped with the caller and the time
            clock.now = clock.now.plus(Duration.ofHours(1));
            asHub.call("purchase.order", "button_confirm", List.of(List.of(order)), null);
            JsonNode confirmed = stamp(asHub, "purchase.order", order);
            assertEquals(hub, confirmed.at("/write_uid/0").asLong(), confirmed.toString());
            assertEquals("2026-11-02 10:00:00", confirmed.get("write_date").asText());

            // a call that changed a record and then failed (a constraint checked after the write) leaves no trace,
            // stamps included
            clock.now = clock.now.plus(Duration.ofHours(1));
            RawJsonRpc asAdmin = new RawJsonRpc(odoo, 2, "admin");
            long partner = asHub.call("purchase.order", "read", List.of(List.of(order)), Map.of("fields", List.of("partner_id")))
                    .get(0).at("/partner_id/0").asLong();
            List<String> fields = List.of("write_uid", "write_date", "parent_id", "comment");
            JsonNode partnerBefore = asAdmin.call("res.partner", "read", List.of(List.of(partner)), Map.of("fields", fields)).get(0);
            JsonNode refused = asAdmin.answer("res.partner", "write", List.of(List.of(partner), Map.of("parent_id", partner, "comment", "x")), null);
            assertEquals("odoo.exceptions.ValidationError", refused.at("/error/data/name").asText(), refused.toString());
            assertEquals(partnerBefore, asAdmin.call("res.partner", "read", List.of(List.of(partner)), Map.of("fields", fields)).get(0));

            // the server's own change of a stored value (billing raising a line's invoiced quantity): OdooBot's stamp
            store.writeStored("purchase.order.line", line, Map.of("qty_invoiced", 1.0));
            JsonNode billed = stamp(asHub, "purchase.order.line", line);
            assertEquals(Env.SUPERUSER, billed.at("/write_uid/0").asLong(), billed.toString());
            assertEquals("2026-11-02 11:00:00", billed.get("write_date").asText());
        }
    }

    private static JsonNode stamp(RawJsonRpc rpc, String model, long id) throws Exception {
        return rpc.call(model, "read", List.of(List.of(id)), Map.of("fields", List.of("write_uid", "write_date"))).get(0);
    }
}
