package io.financehub.odoo.emulator;

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

            // a workflow method sets the state as Odoo's self.write(...) does: stamped with the caller and the time
            asHub.call("purchase.order", "button_confirm", List.of(List.of(order)), null);
            JsonNode confirmed = stamp(asHub, "purchase.order", order);
            assertEquals(hub, confirmed.at("/write_uid/0").asLong(), confirmed.toString());
            assertEquals("2026-11-02 09:00:00", confirmed.get("write_date").asText());

            // a call that fails changes nothing, stamps included
            clock.now = clock.now.plus(Duration.ofHours(1));
            JsonNode refused = asBuyer.answer("purchase.order", "write", List.of(List.of(order), Map.of("no_such_field", 1)), null);
            assertEquals(true, refused.has("error"), refused.toString());
            assertEquals(confirmed, stamp(asHub, "purchase.order", order));

            // the server's own change of a stored value (billing raising a line's invoiced quantity): OdooBot's stamp
            long line = store.search("purchase.order.line", "[[\"order_id\",\"=\"," + order + "]]").get(0);
            store.writeStored("purchase.order.line", line, Map.of("qty_invoiced", 1.0));
            JsonNode billed = stamp(asHub, "purchase.order.line", line);
            assertEquals(Env.SUPERUSER, billed.at("/write_uid/0").asLong(), billed.toString());
            assertEquals("2026-11-02 10:00:00", billed.get("write_date").asText());
        }
    }

    private static JsonNode stamp(RawJsonRpc rpc, String model, long id) throws Exception {
        return rpc.call(model, "read", List.of(List.of(id)), Map.of("fields", List.of("write_uid", "write_date"))).get(0);
    }
}
