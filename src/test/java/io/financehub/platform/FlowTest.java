package io.financehub.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTest {

    @Test
    void emptyFlowListMeansAllFourFlows() {
        assertEquals(Set.of(Flow.values()), Flow.parseList(""));
        assertEquals(Set.of(Flow.values()), Flow.parseList(null));
    }

    @Test
    void flowListIsParsedTolerantOfSpacesAndCase() {
        assertEquals(Set.of(Flow.BANK_STATEMENTS, Flow.ACTUALS_EXPORT), Flow.parseList(" bank-statements , Actuals-Export"));
    }

    @Test
    void unknownFlowIdsAreAllNamedWithTheValidIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Flow.parseList("bank-statements,payments,budget"));
        assertTrue(e.getMessage().contains("[payments, budget]"), e.getMessage());
        assertTrue(e.getMessage().contains("bank-statements, payment-files, budget-checks, actuals-export"), e.getMessage());
    }

    @Test
    void routesComeFromTheRoutesDirectoryOrThePackagedCopy() {
        String fromDisk = RoutesSelection.includePattern(Set.of(Flow.PAYMENT_FILES), "src/test/resources/flow-selection-routes", null);
        assertTrue(fromDisk.startsWith("file:") && fromDisk.endsWith("flow-selection-routes/payment-files/*.yaml"), fromDisk);
        String packaged = RoutesSelection.includePattern(Set.of(Flow.PAYMENT_FILES), "does-not-exist", null);
        assertEquals("classpath:hub-defaults/routes/payment-files/*.yaml", packaged);
        assertEquals(List.of("a", "b"), List.of("a", "b"));
    }
}
