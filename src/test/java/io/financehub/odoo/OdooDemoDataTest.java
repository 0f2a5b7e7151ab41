package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.odoo.OdooEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub's service user on the embedded default's demo data, as the flows will see it: company context and the
 * typed reads the payment flow starts from, on the 17 and 18 payment models.
 */
class OdooDemoDataTest {

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {17, 18})
    void serviceUserSeesEachCompanysBankJournalsAndPostedPayments(int version) {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try (OdooEmulator emulator = OdooEmulator.builder().version(version).database("demo")
                .seedResource("odoo-emulator/demo-seed.json").port(0).start()) {
            OdooClientSettings settings = OdooClientSettings.builder().instance("demo" + version).url(emulator.url())
                    .database("demo").username("hub-integration").secret("demo-hub-api-key").build();
            try (OdooClient client = new OdooClient(settings, new CamelHttpTransport(camel, settings.url(),
                    Duration.ofSeconds(2), Duration.ofSeconds(10)), new SimpleMeterRegistry(), OdooCallPolicy.none())) {
                Domain bank = Domain.eq("type", "bank");
                List<String> company1 = codes(client.searchRead("account.journal", bank, List.of("code"),
                        SearchOptions.orderBy("code"), OdooContext.empty().withAllowedCompanyIds(1L)));
                List<OdooRecord> company2 = client.searchRead("account.journal", bank, List.of("code", "name"),
                        SearchOptions.orderBy("code"), OdooContext.empty().withAllowedCompanyIds(2L));

                assertEquals(List.of("BNK1", "BNK2"), company1);
                assertEquals(List.of("BNK1"), codes(company2));
                assertEquals("Chase USD", company2.get(0).string("name").orElseThrow());

                String notSent = version >= 18 ? "is_sent" : "is_move_sent";
                String postedState = version >= 18 ? "in_process" : "posted";
                List<OdooRecord> payments = client.searchRead("account.payment",
                        Domain.and(Domain.eq("payment_type", "outbound"), Domain.eq("state", postedState),
                                Domain.eq(notSent, false)),
                        List.of("amount", "currency_id", "partner_bank_id", "date"), SearchOptions.orderBy("id"),
                        OdooContext.empty().withAllowedCompanyIds(1L));
                assertFalse(payments.isEmpty(), "the demo data has posted, unsent vendor payments");
                for (OdooRecord payment : payments) {
                    BigDecimal amount = payment.money("amount", 2).orElseThrow();
                    assertTrue(amount.signum() > 0, "payment amounts are positive: " + amount);
                    assertEquals(2, amount.scale());
                    assertTrue(payment.many2One("currency_id").isPresent());
                    assertTrue(payment.date("date").isPresent());
                }
            }
        } finally {
            camel.stop();
        }
    }

    private static List<String> codes(List<OdooRecord> journals) {
        return journals.stream().map(journal -> journal.string("code").orElseThrow()).toList();
    }
}
