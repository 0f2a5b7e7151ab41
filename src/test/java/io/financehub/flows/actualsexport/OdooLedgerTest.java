package io.financehub.flows.actualsexport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The export's Odoo reader refuses a page size Odoo's client cannot page by, naming the key to fix. */
class OdooLedgerTest {

    @Test
    void pageSizeOutsideTheClientsRangeIsRefusedNamingTheKey() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            for (int size : new int[] {0, -1, 10_001}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OdooLedger(null, camel, size));
                assertTrue(e.getMessage().contains("hub.actuals-export.page-size"), e.getMessage());
            }
            new OdooLedger(null, camel, 10_000);
        }
    }
}
