package io.financehub.governance.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import io.financehub.platform.RoutesSelection;

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
        String packaged = RoutesSelection.includePattern(Set.of(Flow.BANK_STATEMENTS), "does-not-exist", null);
        assertEquals("classpath:hub-defaults/routes/bank-statements/*.yaml", packaged);
    }

    @Test
    void aFlowWithoutARoutesFolderContributesNoPattern(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("bank-statements"));
        String pattern = RoutesSelection.includePattern(Set.of(Flow.BANK_STATEMENTS, Flow.BUDGET_CHECKS), dir.toString(), "classpath:x/*.yaml");
        assertEquals("file:" + dir.toAbsolutePath().resolve("bank-statements") + "/*.yaml,classpath:x/*.yaml", pattern);
    }
}
