package io.financehub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's layers and the directions between them, held on the compiled product code (ARCHITECTURE.md draws them):
 *
 * <pre>
 *   platform (the process: start-up, configuration, validate command)   sandbox (Odoo emulator, embedded services)
 *      api, console (HTTP)
 *        flows.&lt;flow&gt;  (one per flow, never another flow)
 *          mapping · events · odoo · formats
 *            governance (audit, idempotency, exceptions, saga log, leadership, which flows run)
 *              canonical (the finance model: depends on nothing of ours)
 * </pre>
 *
 * A layer uses those below it; formats and odoo use only the canonical model; nothing of the product reaches the
 * sandbox except {@code platform.HubMain}, the one start-up switch of the embedded default; no package cycles.
 */
class LayersTest {

    static final String ROOT = "io.financehub";
    static final String CANONICAL = ROOT + ".canonical..";
    static final String FORMATS = ROOT + ".formats..";
    static final String ODOO = ROOT + ".odoo..";
    static final String GOVERNANCE = ROOT + ".governance..";
    static final String MAPPING = ROOT + ".mapping..";
    static final String EVENTS = ROOT + ".events..";
    static final String FLOWS = ROOT + ".flows..";
    static final String API = ROOT + ".api..";
    static final String CONSOLE = ROOT + ".console..";
    static final String PLATFORM = ROOT + ".platform..";
    static final String SANDBOX = ROOT + ".sandbox..";
    static final List<String> FLOW_PACKAGES = List.of("actualsexport", "bankstatements", "budgetchecks", "payments");

    static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    /** {@code layer} may use only {@code allowed} of our packages (and itself). */
    static ArchRule only(String layer, String... allowed) {
        List<String> forbidden = new ArrayList<>(List.of(CANONICAL, FORMATS, ODOO, GOVERNANCE, MAPPING, EVENTS, FLOWS, API, CONSOLE,
                PLATFORM, SANDBOX));
        forbidden.remove(layer);
        forbidden.removeAll(List.of(allowed));
        return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(layer + " uses only " + String.join(", ", allowed));
    }

    @Test
    void theCanonicalModelDependsOnNothingOfOurs() {
        only(CANONICAL).check(product);
    }

    @Test
    void formatsAndTheOdooConnectorUseOnlyTheCanonicalModel() {
        only(FORMATS, CANONICAL).check(product);
        only(ODOO, CANONICAL).check(product);
    }

    @Test
    void governanceUsesOnlyTheCanonicalModel() {
        only(GOVERNANCE, CANONICAL).check(product);
    }

    @Test
    void mappingAndEventsSitOnGovernance() {
        only(MAPPING, CANONICAL, FORMATS, GOVERNANCE).check(product);
        only(EVENTS, CANONICAL, GOVERNANCE).check(product);
    }

    @Test
    void aFlowUsesTheSharedLayersAndNeverAnotherFlowNorTheHttpLayer() {
        only(FLOWS, CANONICAL, FORMATS, ODOO, MAPPING, GOVERNANCE, EVENTS).check(product);
        for (String flow : FLOW_PACKAGES) {
            List<String> others = FLOW_PACKAGES.stream().filter(f -> !f.equals(flow)).map(f -> ROOT + ".flows." + f + "..").toList();
            noClasses().that().resideInAPackage(ROOT + ".flows." + flow + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new)).because("a flow never uses another flow").check(product);
        }
    }

    @Test
    void theHttpLayerUsesFlowsAndGovernanceNotTheProcess() {
        only(API, CANONICAL, MAPPING, GOVERNANCE, EVENTS, FLOWS).check(product);
        only(CONSOLE, CANONICAL, MAPPING, GOVERNANCE, EVENTS, FLOWS, API).check(product);
    }

    @Test
    void theSandboxIsReachedOnlyThroughTheStartUpSwitch() {
        noClasses().that().resideOutsideOfPackage(SANDBOX).and().doNotHaveFullyQualifiedName(ROOT + ".platform.HubMain")
                .should().dependOnClassesThat().resideInAPackage(SANDBOX)
                .because("the emulator and the embedded services start only when the embedded default is in use (HubMain)")
                .check(product);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(product);
        slices().matching(ROOT + ".flows.(*)..").should().beFreeOfCycles().check(product);
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(product);
    }
}
