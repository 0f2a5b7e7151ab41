package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.testing.ChangedRoutes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code kill -9} at each step of the payment saga, aimed rather than random: a hub whose {@code payment-files-saga}
 * route holds the first batch before the step (a changed routes folder: a {@code log} and a long {@code delay}, no
 * Java), or while its claim is marking payments in Odoo, is killed with SIGKILL there; a hub with the product's
 * routes is started on the same database, work directory and Odoo emulator (its own process, so Odoo's state
 * survives), recovery and the operator's next run finish the work. Then every payment is in exactly one file, marked
 * sent in Odoo, never marked while marked (the emulator's log of committed writes), and no saga item stays open:
 * the state of a run without a kill ({@link CrashIT.PaymentFiles}).
 */
class SagaStepCrashIT {

    /** Where a kill is aimed: before a saga step of the route, or inside the claim; the saga log's state there. */
    enum KillPoint {
        BEFORE_START("start", "(none)"),
        BEFORE_CLAIM("claim", "STARTED"),
        DURING_CLAIM(null, "CLAIMING"),
        BEFORE_VALIDATE("validate", "CLAIMED"),
        BEFORE_DELIVER("deliver", "VALIDATED"),
        BEFORE_RECORD("record", "DELIVERED"),
        AFTER_RECORD(null, "COMPLETED");

        final String step;
        final String sagaState;

        KillPoint(String step, String sagaState) {
            this.step = step;
            this.sagaState = sagaState;
        }
    }

    static final String STEP = """
                          - bean:
                              ref: paymentFileSaga
                              method: "%s(${header.HubPaymentBatchId})"
            """;

    /** The log line and the hold an integrator would add to the route: the test kills the hub once it is logged. */
    static final String HOLD = """
                          - log:
                              message: "crash point %s: batch ${header.HubPaymentBatchId}"
                          - delay:
                              constant: "600000"
            """;

    /** A payment of a run without a kill: in one file and marked once, or left out by the run's rules (no file, not marked). */
    static final String SENT_ONCE = "sent=true files=1 marked while marked=0";
    static final String LEFT_OUT = "sent=false files=0 marked while marked=0";

    /** {@code -Dsaga.points=DURING_CLAIM,BEFORE_DELIVER} runs only those kill points. */
    static final List<String> POINTS = List.of(System.getProperty("saga.points", "").split(",")).stream()
            .filter(p -> !p.isBlank()).toList();

    static final Pattern HELD = Pattern.compile("crash point (\\S+): batch ([0-9a-f-]{36})");

    @TestFactory
    Stream<DynamicTest> killNineAtEachSagaStepEndsInOneFilePerPaymentMarkedSentOnce() throws Exception {
        CrashIT.PaymentFiles scenario = new CrashIT.PaymentFiles();
        List<DynamicTest> tests = new ArrayList<>();
        SortedMap<String, String>[] reference = new SortedMap[1];
        for (KillPoint point : KillPoint.values()) {
            if (!POINTS.isEmpty() && !POINTS.contains(point.name())) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("payment-files: killed " + point.name().toLowerCase().replace('_', ' '), () -> {
                if (reference[0] == null) {
                    reference[0] = CrashIT.reference(scenario).state();
                    System.out.printf("payment saga steps: reference state %s%n", reference[0]);
                    reference[0].forEach((key, value) -> {
                        if (key.startsWith("payment ")) {
                            assertTrue(value.equals(SENT_ONCE) || value.equals(LEFT_OUT), "without a kill, " + key + ": " + value);
                        }
                    });
                }
                killAt(point, scenario, reference[0]);
            }));
        }
        return tests.stream();
    }

    static void killAt(KillPoint point, CrashIT.PaymentFiles scenario, SortedMap<String, String> reference) throws Exception {
        try (CrashRig rig = new CrashRig("payment_files_" + point.name().toLowerCase(), scenario.slowdown())) {
            Map<String, String> held = point == KillPoint.DURING_CLAIM ? Map.of()
                    : Map.of("HUB_ROUTES_DIR", holdingRoutes(point).dir().toString());
            CrashRig.Hub first = rig.start(scenario.flow(), held);
            Thread worker = CrashIT.startWork(scenario, rig, first);
            String batch = awaitKillPoint(point, rig, first);
            first.kill();
            worker.join(10_000);
            String sagaState = rig.rows("select state from saga_log where saga_id = '" + batch + "'").stream()
                    .map(r -> r.get("state").toString()).findFirst().orElse("(none)");
            assertEquals(point.sagaState, sagaState, "the saga log of batch " + batch + " where the kill was aimed");
            System.out.printf("payment-files: killed %s, batch %s in saga state %s%n", point, batch, sagaState);
            try (CrashRig.Hub second = rig.start(scenario.flow())) {
                scenario.redrive(rig, second);
                CrashRig.await("payment-files finished after the restart", Duration.ofSeconds(120),
                        () -> CrashIT.done(scenario, rig, second));
                assertEquals(reference, scenario.state(rig, second), "killed " + point + ": "
                        + CrashIT.difference(reference, scenario.state(rig, second)));
            }
        }
    }

    /** The product's routes with the saga held before {@code point}'s step (after the last one for AFTER_RECORD). */
    static ChangedRoutes holdingRoutes(KillPoint point) {
        String file = "payment-files/payment-files.yaml";
        ChangedRoutes routes = ChangedRoutes.copy("saga-" + point.name().toLowerCase());
        if (point == KillPoint.AFTER_RECORD) {
            return routes.replace(file, STEP.formatted("record"), STEP.formatted("record") + HOLD.formatted(point), 1);
        }
        return routes.replace(file, STEP.formatted(point.step), HOLD.formatted(point) + STEP.formatted(point.step), 1);
    }

    /** Waits until the hub is where the kill is aimed and returns the batch; for DURING_CLAIM the first committed mark. */
    static String awaitKillPoint(KillPoint point, CrashRig rig, CrashRig.Hub hub) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> batch = point == KillPoint.DURING_CLAIM ? claiming(rig) : held(point, hub);
            if (batch.isPresent()) {
                return batch.get();
            }
            if (!hub.process.isAlive()) {
                throw new AssertionError("the hub ended before " + point + ":\n" + hub.process.output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the hub did not reach " + point + " within 60 s:\n" + hub.process.output());
    }

    static Optional<String> held(KillPoint point, CrashRig.Hub hub) {
        Matcher m = HELD.matcher(hub.process.output());
        while (m.find()) {
            if (m.group(1).equals(point.name())) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    /** The batch whose claim has committed its first mark_as_sent in Odoo (the saga marks one payment per call). */
    static Optional<String> claiming(CrashRig rig) throws Exception {
        boolean marked = Files.readAllLines(rig.writesLog).stream()
                .anyMatch(l -> l.contains("account.payment.mark_as_sent") && l.endsWith(" ok"));
        if (!marked) {
            return Optional.empty();
        }
        return rig.rows("select saga_id from saga_log where state = 'CLAIMING'").stream()
                .map(r -> r.get("saga_id").toString()).findFirst();
    }
}
