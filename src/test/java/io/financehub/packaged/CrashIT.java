package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.financehub.formats.camt.Camt053Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code kill -9} anywhere: for each flow, a packaged hub does its work against an Odoo emulator in its own process
 * (as slow as a real Odoo 17), is killed with SIGKILL at a random moment, started again, and left to finish; then
 * Odoo's state equals that of a run without a kill, and the hub's own records (reports, batches, the ledger, open
 * exception items) agree with it. Also two hubs of one flow side by side on the same inbox, API load and store.
 *
 * <p>Kill points are random in the duration of the work, seeded: {@code -Dcrash.seed=<n>} replays a run, {@code
 * -Dcrash.points=<n>} sets how many per flow (CI runs {@value #CI_POINTS}; the full set is {@code -Dcrash.points=20}:
 * {@code ./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashIT -Dcrash.points=20}), {@code -Dcrash.flows=bank-statements,...}
 * limits the flows.
 */
class CrashIT {

    static final int CI_POINTS = 3;
    static final long SEED = Long.getLong("crash.seed", System.currentTimeMillis() % 100_000);
    static final int POINTS = Integer.getInteger("crash.points", CI_POINTS);
    static final List<String> FLOWS = List.of(System.getProperty("crash.flows", "bank-statements,payment-files,budget-checks,actuals-export").split(","));

    /** What a flow does, when it is done, and what of it must come out the same whatever the kills. */
    interface Scenario {
        String flow();

        /** How many times slower than a real Odoo 17 the emulator answers, so the work lasts long enough to be hit. */
        double slowdown();

        /** Starts the work (a file dropped, a run started...); may be cut short by the kill. */
        void work(CrashRig rig, CrashRig.Hub hub) throws Exception;

        /** What an operator or a client does after a restart: calls that failed with the kill are made again. */
        void redrive(CrashRig rig, CrashRig.Hub hub) throws Exception;

        boolean done(CrashRig rig, CrashRig.Hub hub) throws Exception;

        /** The state to compare: Odoo's records of the work and the hub's own. */
        SortedMap<String, String> state(CrashRig rig, CrashRig.Hub hub) throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> killNineAnywhereEndsInTheStateOfARunWithoutAKill() {
        System.out.printf("crash tests: seed %d (-Dcrash.seed=%d replays), %d kill point(s) per flow, flows %s%n", SEED, SEED, POINTS, FLOWS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario scenario : List.of(new BankStatements(), new PaymentFiles(), new BudgetChecks(), new ActualsExport())) {
            if (!FLOWS.contains(scenario.flow())) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(scenario.flow() + ": killed at random moments", () -> killRuns(scenario)));
            tests.add(DynamicTest.dynamicTest(scenario.flow() + ": two hubs side by side", () -> sideBySide(scenario)));
        }
        for (String flow : List.of("payment-files", "budget-checks", "actuals-export")) {
            if (FLOWS.contains(flow)) {
                tests.add(DynamicTest.dynamicTest(flow + ": one leader of two replicas, the other takes over when it dies",
                        () -> leaderKilled(flow)));
            }
        }
        return tests.stream();
    }

    /** The leadership entries of a flow's namespace in the audit trail: (action, instance), oldest first. */
    static List<String[]> leadership(CrashRig.Hub hub, String flow) throws Exception {
        List<String[]> out = new ArrayList<>();
        Pattern instance = Pattern.compile("instance (\\S+) ");
        for (JsonNode e : hub.json("GET", "/api/v1/audit?subject=cluster:hub-" + flow, "auditor", null)) {
            Matcher m = instance.matcher(e.path("summary").asText());
            out.add(new String[] {e.path("action").asText(), m.find() ? m.group(1) : "?"});
        }
        return out;
    }

    static boolean leads(String instance, long pid) {
        return instance.equals(Long.toString(pid)) || instance.startsWith(pid + "@") || instance.endsWith("/" + pid);
    }

    /**
     * Two replicas of a flow: exactly one leads its singleton work (the audit trail names it); once it is killed, the
     * other takes the lead within the election's retry time (file lock tried every second here; a Lease in Kubernetes).
     */
    static void leaderKilled(String flow) throws Exception {
        try (CrashRig rig = new CrashRig(flow.replace('-', '_') + "_leader"); CrashRig.Hub a = rig.start(flow); CrashRig.Hub b = rig.start(flow)) {
            CrashRig.await("a leader of " + flow, Duration.ofSeconds(30), () -> {
                try {
                    return leadership(a, flow).stream().anyMatch(e -> e[0].equals("cluster.leadership-acquired"));
                } catch (Exception e) {
                    return false;
                }
            });
            Thread.sleep(3000); // the other had time to try, and must not have taken the lead
            List<String[]> acquired = leadership(a, flow).stream().filter(e -> e[0].equals("cluster.leadership-acquired")).toList();
            assertEquals(1, acquired.size(), "one leader at a time: " + acquired.stream().map(e -> e[1]).toList());
            String leader = acquired.get(0)[1];
            CrashRig.Hub dying = leads(leader, a.process.pid()) ? a : b;
            CrashRig.Hub survivor = dying == a ? b : a;
            assertEquals(true, leads(leader, dying.process.pid()), "the leader " + leader + " is one of the two hubs");

            long killed = System.nanoTime();
            dying.kill();
            CrashRig.await("the other replica takes the lead of " + flow, Duration.ofSeconds(10), () -> {
                try {
                    return leadership(survivor, flow).stream().anyMatch(e -> e[0].equals("cluster.leadership-acquired")
                            && leads(e[1], survivor.process.pid()));
                } catch (Exception e) {
                    return false;
                }
            });
            System.out.printf("%s: leader %s killed, the other replica led after %d ms%n", flow, leader,
                    (System.nanoTime() - killed) / 1_000_000);
        }
    }

    /** A run without a kill: its state, and how long the work took. */
    record Reference(SortedMap<String, String> state, long millis) {
    }

    static Reference reference(Scenario scenario) throws Exception {
        try (CrashRig rig = new CrashRig(scenario.flow().replace('-', '_') + "_ref", scenario.slowdown());
             CrashRig.Hub hub = rig.start(scenario.flow())) {
            long t0 = System.nanoTime();
            scenario.work(rig, hub);
            CrashRig.await(scenario.flow() + " work done", Duration.ofSeconds(120), () -> done(scenario, rig, hub));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Reference(scenario.state(rig, hub), millis);
        }
    }

    static boolean done(Scenario scenario, CrashRig rig, CrashRig.Hub hub) {
        try {
            return scenario.done(rig, hub);
        } catch (Exception e) {
            return false;
        }
    }

    static void killRuns(Scenario scenario) throws Exception {
        Reference reference = reference(scenario);
        System.out.printf("%s: reference run %d ms, state %s%n", scenario.flow(), reference.millis(), reference.state());
        Random random = new Random(SEED * 31 + scenario.flow().hashCode());
        List<String> failures = new ArrayList<>();
        for (int point = 1; point <= POINTS; point++) {
            long killAfter = (long) (random.nextDouble() * reference.millis() * 1.1);
            System.out.printf("%s: kill point %d of %d at +%d ms (seed %d)%n", scenario.flow(), point, POINTS, killAfter, SEED);
            try (CrashRig rig = new CrashRig(scenario.flow().replace('-', '_') + "_" + point, scenario.slowdown())) {
                CrashRig.Hub first = rig.start(scenario.flow());
                Thread worker = startWork(scenario, rig, first);
                Thread.sleep(killAfter);
                first.kill();
                worker.join(10_000);
                try (CrashRig.Hub second = rig.start(scenario.flow())) {
                    scenario.redrive(rig, second);
                    CrashRig.await(scenario.flow() + " finished after the restart", Duration.ofSeconds(120),
                            () -> done(scenario, rig, second));
                    SortedMap<String, String> state = scenario.state(rig, second);
                    if (!reference.state().equals(state)) {
                        failures.add("kill point " + point + " (+" + killAfter + " ms, seed " + SEED + "): " + difference(reference.state(), state));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** Starts the scenario's work in a thread of its own, for a kill to cut short. */
    static Thread startWork(Scenario scenario, CrashRig rig, CrashRig.Hub hub) {
        Thread worker = new Thread(() -> {
            try {
                scenario.work(rig, hub);
            } catch (Exception cutShort) {
                // the kill cut the call: the redrive after the restart does what an operator would
            }
        }, "crash-work");
        worker.start();
        return worker;
    }

    static void sideBySide(Scenario scenario) throws Exception {
        Reference reference = reference(scenario);
        try (CrashRig rig = new CrashRig(scenario.flow().replace('-', '_') + "_pair", scenario.slowdown());
             CrashRig.Hub a = rig.start(scenario.flow()); CrashRig.Hub b = rig.start(scenario.flow())) {
            Thread other = new Thread(() -> {
                try {
                    scenario.work(rig, b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            scenario.work(rig, a);
            other.join(120_000);
            scenario.redrive(rig, a);
            CrashRig.await(scenario.flow() + " finished by two hubs", Duration.ofSeconds(120), () -> done(scenario, rig, a));
            assertEquals(reference.state(), scenario.state(rig, a), "two hubs side by side end as one");
        }
    }

    static String difference(SortedMap<String, String> expected, SortedMap<String, String> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                out.add(k + ": expected " + v + ", was " + actual.get(k));
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> out.add(k + ": unexpected " + actual.get(k)));
        return String.join("; ", out);
    }

    // ---- bank-statements ---------------------------------------------------------------------------------------

    /** Two generated camt.053 files of 120 lines each for BNK1, dropped in the inbox. */
    static final class BankStatements implements Scenario {
        static final List<String> FILES = List.of("crash-a.xml", "crash-b.xml");

        @Override
        public String flow() {
            return "bank-statements";
        }

        @Override
        public double slowdown() {
            return 1;
        }

        @Override
        public void work(CrashRig rig, CrashRig.Hub hub) throws Exception {
            Path inbox = Files.createDirectories(rig.work.resolve("bank-statements/inbox"));
            Path staging = Files.createDirectories(rig.dir.resolve("staging"));
            long seed = 11;
            for (String name : FILES) {
                Path target = inbox.resolve(name);
                if (Files.exists(target) || reportOf(rig, name) != null) {
                    continue; // the other hub of a pair dropped it
                }
                Path file = staging.resolve(name + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
                Camt053Generator.write(file, 120, seed++);
                try {
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException other) {
                    Files.delete(file);
                }
            }
        }

        @Override
        public void redrive(CrashRig rig, CrashRig.Hub hub) {
            // the files stay in the inbox until imported; a claim the killed hub left is taken over once stale
        }

        static Path reportOf(CrashRig rig, String name) throws Exception {
            Path archive = rig.work.resolve("bank-statements/archive");
            if (!Files.isDirectory(archive)) {
                return null;
            }
            try (Stream<Path> days = Files.list(archive)) {
                return days.map(d -> d.resolve(name + ".report.json")).filter(Files::exists).findFirst().orElse(null);
            }
        }

        @Override
        public boolean done(CrashRig rig, CrashRig.Hub hub) throws Exception {
            for (String name : FILES) {
                if (reportOf(rig, name) == null) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SortedMap<String, String> state(CrashRig rig, CrashRig.Hub hub) throws Exception {
            SortedMap<String, String> state = new TreeMap<>();
            int inOdoo = 0;
            for (JsonNode line : rig.odoo("account.bank.statement.line", "search_read", List.of(List.of()),
                    Map.of("fields", List.of("payment_ref", "amount")))) {
                state.merge("line " + line.get("payment_ref").asText() + " " + line.get("amount").decimalValue().stripTrailingZeros()
                        .toPlainString(), "1", (x, y) -> Integer.toString(Integer.parseInt(x) + 1));
                inOdoo++;
            }
            int reported = 0;
            for (String name : FILES) {
                JsonNode report = CrashRig.JSON.readTree(reportOf(rig, name).toFile());
                state.put("report " + name, report.get("status").asText() + " lines in file "
                        + (report.get("linesCreated").asInt() + report.get("duplicatesSkipped").asInt()));
                reported += report.get("linesCreated").asInt();
            }
            state.put("lines reported created = lines in Odoo", Boolean.toString(reported == inOdoo));
            state.put("open exception items", Integer.toString(hub.json("GET", "/api/v1/exceptions?state=NEW", "operator", null).size()));
            return state;
        }
    }

    // ---- payment-files ---------------------------------------------------------------------------------------

    /** A payment run started by the operator, the batch above the threshold approved by an approver (four eyes). */
    static final class PaymentFiles implements Scenario {
        /** A payment in a file: its end-to-end id, FH-<db>-P<id>-<check>, or FH-<db>-P<id>R<attempt>-<check> when resent. */
        static final Pattern PAYMENT = Pattern.compile("<EndToEndId>FH-[^<]*?-P(\\d+)(?:R\\d+)?-[^<]*</EndToEndId>");

        @Override
        public String flow() {
            return "payment-files";
        }

        @Override
        public double slowdown() {
            return 10;
        }

        @Override
        public void work(CrashRig rig, CrashRig.Hub hub) throws Exception {
            hub.json("POST", "/api/v1/payment-runs", "operator", null);
            approvePending(hub);
        }

        static void approvePending(CrashRig.Hub hub) throws Exception {
            for (JsonNode batch : hub.json("GET", "/api/v1/payment-batches", "operator", null)) {
                if ("PENDING_APPROVAL".equals(batch.path("state").asText())) {
                    hub.call("POST", "/api/v1/payment-batches/" + batch.get("id").asText() + "/approve", "approver",
                            "{\"reason\":\"crash test\"}");
                }
            }
        }

        @Override
        public void redrive(CrashRig rig, CrashRig.Hub hub) throws Exception {
            // recovery finishes or compensates what the kill left; the operator runs again and approves what waits
            CrashRig.await("recovery settled every saga", Duration.ofSeconds(60), () -> {
                try {
                    for (JsonNode batch : hub.json("GET", "/api/v1/payment-batches", "operator", null)) {
                        if ("RELEASED".equals(batch.path("state").asText())) {
                            return false;
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            hub.json("POST", "/api/v1/payment-runs", "operator", null);
            approvePending(hub);
        }

        /** A committed mark_as_sent / unmark_as_sent in the emulator's write log: method, payment ids, outcome. */
        static final Pattern MARKING = Pattern.compile("account\\.payment\\.(mark_as_sent|unmark_as_sent) \\[\\[([0-9, ]*)\\]\\].* (\\S+)$");

        /**
         * Per payment, how many committed {@code mark_as_sent} found it marked already: 0 when it was marked sent once at a
         * time (a compensation's unmark in between is fine), whatever the kills and the resends.
         */
        static Map<Long, Integer> markedWhileMarked(CrashRig rig) throws Exception {
            Map<Long, Integer> twice = new TreeMap<>();
            java.util.Set<Long> marked = new java.util.HashSet<>();
            for (String line : Files.readAllLines(rig.writesLog)) {
                Matcher m = MARKING.matcher(line);
                if (!m.find() || !(m.group(3).equals("ok") || m.group(3).endsWith("(ok)"))) {
                    continue;
                }
                for (String id : m.group(2).split(",")) {
                    long payment = Long.parseLong(id.trim());
                    if (m.group(1).equals("unmark_as_sent")) {
                        marked.remove(payment);
                    } else if (!marked.add(payment)) {
                        twice.merge(payment, 1, Integer::sum);
                    }
                }
            }
            return twice;
        }

        @Override
        public boolean done(CrashRig rig, CrashRig.Hub hub) throws Exception {
            for (JsonNode batch : hub.json("GET", "/api/v1/payment-batches", "operator", null)) {
                String state = batch.path("state").asText();
                if (state.equals("RELEASED") || state.equals("PENDING_APPROVAL")) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SortedMap<String, String> state(CrashRig rig, CrashRig.Hub hub) throws Exception {
            SortedMap<String, String> state = new TreeMap<>();
            Map<Long, Integer> files = new TreeMap<>();
            Path outbox = rig.work.resolve("payment-files/outbox");
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> all = Files.list(outbox)) {
                    for (Path f : all.filter(p -> p.getFileName().toString().endsWith(".xml")).toList()) {
                        Matcher m = PAYMENT.matcher(Files.readString(f));
                        while (m.find()) {
                            files.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
                        }
                    }
                }
            }
            Map<Long, Integer> markedTwice = markedWhileMarked(rig);
            for (JsonNode p : rig.odoo("account.payment", "search_read", List.of(List.of(List.of("payment_type", "=", "outbound"))),
                    Map.of("fields", List.of("id", "is_move_sent")))) {
                long id = p.get("id").asLong();
                state.put("payment " + id, "sent=" + p.path("is_move_sent").asBoolean() + " files=" + files.getOrDefault(id, 0)
                        + " marked while marked=" + markedTwice.getOrDefault(id, 0));
            }
            state.put("open exception items of sagas", Long.toString(StreamSupportHelper.count(
                    hub.json("GET", "/api/v1/exceptions?state=NEW&flow=payment-files", "operator", null),
                    item -> item.path("subject").asText().startsWith("payment-batch:"))));
            return state;
        }
    }

    // ---- budget-checks ---------------------------------------------------------------------------------------

    /** Twelve budget checks through the API (the integrator's client retries what the kill cut), and Odoo's orders polled. */
    static final class BudgetChecks implements Scenario {
        @Override
        public String flow() {
            return "budget-checks";
        }

        @Override
        public double slowdown() {
            return 5;
        }

        static String request(int i) {
            return "{\"orderReference\":\"CRASH-" + i + "\",\"revision\":\"r1\",\"company\":{\"key\":\"DE01\"},\"supplier\":\"Acme Supplies GmbH\","
                    + "\"requestedBy\":\"buyer\",\"orderDate\":\"2026-11-18\",\"lines\":[{\"costCentre\":{\"company\":{\"key\":\"DE01\"},"
                    + "\"code\":\"CC-" + (i % 2 == 0 ? "100" : "200") + "\"},\"amount\":{\"amount\":" + (150 + i) + ".00,\"currency\":\"EUR\"}}]}";
        }

        @Override
        public void work(CrashRig rig, CrashRig.Hub hub) throws Exception {
            for (int i = 1; i <= 12; i++) {
                hub.call("POST", "/api/v1/budget-checks", "integration", request(i));
            }
        }

        @Override
        public void redrive(CrashRig rig, CrashRig.Hub hub) throws Exception {
            work(rig, hub); // the same requests again: a repeat answers the stored decision
        }

        @Override
        public boolean done(CrashRig rig, CrashRig.Hub hub) throws Exception {
            return rig.rows("select count(*) as n from budget_decision where order_ref like 'CRASH-%'").get(0).get("n").toString()
                    .equals("12") && polledAll(rig);
        }

        static boolean polledAll(CrashRig rig) throws Exception {
            // every order waiting for approval in Odoo has a decision
            for (JsonNode po : rig.odoo("purchase.order", "search_read", List.of(List.of(List.of("state", "=", "to approve"))),
                    Map.of("fields", List.of("name")))) {
                if (rig.rows("select 1 from budget_decision where order_ref = '" + po.get("name").asText() + "'").isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SortedMap<String, String> state(CrashRig rig, CrashRig.Hub hub) throws Exception {
            SortedMap<String, String> state = new TreeMap<>();
            for (Map<String, Object> r : rig.rows("select order_ref, cost_centre, state, sum(amount) as amount, count(*) as n "
                    + "from budget_reservation group by order_ref, cost_centre, state")) {
                state.put("reservation " + r.get("order_ref") + "/" + r.get("cost_centre") + "/" + r.get("state"),
                        new java.math.BigDecimal(r.get("amount").toString()).stripTrailingZeros().toPlainString() + " x" + r.get("n"));
            }
            for (Map<String, Object> r : rig.rows("select order_ref, count(*) as n from budget_decision group by order_ref")) {
                state.put("decisions " + r.get("order_ref"), r.get("n").toString());
            }
            for (JsonNode po : rig.odoo("purchase.order", "search_read", List.of(List.of()), Map.of("fields", List.of("name", "state")))) {
                long notes = rig.odoo("mail.message", "search_count", List.of(List.of(List.of("model", "=", "purchase.order"),
                        List.of("res_id", "=", po.get("id").asLong()))), null).asLong();
                state.put("order " + po.get("name").asText(), po.get("state").asText() + " notes=" + notes);
            }
            return state;
        }
    }

    // ---- actuals-export ---------------------------------------------------------------------------------------

    /**
     * An accountant posts entries in three rounds, each followed by an incremental export of DE01's period; after a
     * kill the client asks again. Whatever the kills, the files in the outbox add up to the ledger once, each has its
     * report and its audit entry, and the events add up to the files.
     */
    static final class ActualsExport implements Scenario {
        static final String PERIOD = "2026-12";

        @Override
        public String flow() {
            return "actuals-export";
        }

        @Override
        public double slowdown() {
            return 3;
        }

        static long id(CrashRig rig, String model, List<Object> domain) throws Exception {
            return rig.odoo(model, "search", List.of(domain), Map.of("limit", 1)).get(0).asLong();
        }

        /** Posts entry {@code ref} unless it exists (once, whichever thread asks): 100 + n on rent, split over two cost centres. */
        static synchronized void post(CrashRig rig, String ref, int n) throws Exception {
            if (rig.odoo("account.move", "search_count", List.of(List.of(List.of("ref", "=", ref))), null).asInt() > 0) {
                return;
            }
            long journal = id(rig, "account.journal", List.of(List.of("code", "=", "MISC"), List.of("company_id", "=", 1)));
            long rent = id(rig, "account.account", List.of(List.of("code", "=", "610000"), List.of("company_id", "=", 1)));
            long payables = id(rig, "account.account", List.of(List.of("code", "=", "211000"), List.of("company_id", "=", 1)));
            long cc1 = id(rig, "account.analytic.account", List.of(List.of("code", "=", "CC-100"), List.of("company_id", "=", 1)));
            long cc2 = id(rig, "account.analytic.account", List.of(List.of("code", "=", "CC-200"), List.of("company_id", "=", 1)));
            String amount = (100 + n) + ".37";
            Map<String, Object> debit = Map.of("account_id", rent, "name", ref, "debit", amount, "credit", "0",
                    "analytic_distribution", Map.of(Long.toString(cc1), 60.0, Long.toString(cc2), 40.0));
            Map<String, Object> credit = Map.of("account_id", payables, "name", ref, "debit", "0", "credit", amount);
            long move = rig.odoo("account.move", "create", List.of(Map.of("move_type", "entry", "journal_id", journal, "ref", ref,
                    "date", PERIOD + "-" + String.format("%02d", 1 + n % 28), "line_ids", List.of(List.of(0, 0, debit), List.of(0, 0, credit)))),
                    null).asLong();
            rig.odoo("account.move", "action_post", List.of(List.of(move)), null);
        }

        @Override
        public void work(CrashRig rig, CrashRig.Hub hub) throws Exception {
            for (int round = 1; round <= 3; round++) {
                for (int i = 1; i <= 4; i++) {
                    post(rig, "CRASH-" + round + "-" + i, round * 10 + i);
                }
                export(hub);
            }
        }

        /** An incremental export; a 409 (another replica's export of the same increment published first) is asked again. */
        static void export(CrashRig.Hub hub) throws Exception {
            for (int attempt = 1; ; attempt++) {
                var r = hub.call("POST", "/api/v1/actuals-exports", "operator",
                        "{\"company\":\"DE01\",\"period\":\"" + PERIOD + "\",\"mode\":\"incremental\"}");
                if (r.statusCode() == 200) {
                    return;
                }
                if (r.statusCode() != 409 || attempt == 10) {
                    throw new AssertionError("export answered " + r.statusCode() + ": " + r.body());
                }
            }
        }

        @Override
        public void redrive(CrashRig rig, CrashRig.Hub hub) throws Exception {
            work(rig, hub); // the client asks again; what was exported is not exported twice
        }

        @Override
        public boolean done(CrashRig rig, CrashRig.Hub hub) throws Exception {
            Path staging = rig.work.resolve("actuals-export/staging");
            boolean stagingEmpty = !Files.isDirectory(staging);
            if (!stagingEmpty) {
                try (Stream<Path> files = Files.list(staging)) {
                    stagingEmpty = files.findAny().isEmpty();
                }
            }
            return stagingEmpty && rig.rows("select id from actuals_export where status = 'STAGED'").isEmpty()
                    && rig.rows("select id from event_outbox where topic = 'finance.actuals'").isEmpty();
        }

        @Override
        public SortedMap<String, String> state(CrashRig rig, CrashRig.Hub hub) throws Exception {
            SortedMap<String, String> state = new TreeMap<>();
            Map<String, java.math.BigDecimal> files = new TreeMap<>();
            int withoutReport = 0;
            int csvs = 0;
            Path outbox = rig.work.resolve("actuals-export/outbox");
            try (Stream<Path> list = Files.list(outbox)) {
                for (Path csv : list.filter(p -> p.toString().endsWith(".csv")).toList()) {
                    csvs++;
                    if (!Files.exists(csv.resolveSibling(csv.getFileName() + ".reconciliation.json"))) {
                        withoutReport++;
                    }
                    try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                            .parse(Files.newBufferedReader(csv))) {
                        for (var r : parser) {
                            files.merge(r.get("planning_account") + "|" + r.get("cost_centre"), new java.math.BigDecimal(r.get("amount")),
                                    java.math.BigDecimal::add);
                        }
                    }
                }
            }
            files.forEach((k, v) -> state.put("files net " + k, v.toPlainString()));
            state.put("files without their report", Integer.toString(withoutReport));
            List<String> published = rig.rows("select id::text as id from actuals_export where status = 'PUBLISHED'").stream()
                    .map(r -> r.get("id").toString()).toList();
            long audited = StreamSupportHelper.count(hub.json("GET", "/api/v1/audit?subject=actuals:DE01/" + PERIOD, "auditor", null),
                    e -> e.path("action").asText().equals("actuals.exported"));
            state.put("one audit entry per file", Boolean.toString(audited == csvs));
            Map<String, java.math.BigDecimal> events = new TreeMap<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (var r : io.financehub.testing.TopicReader.read(io.financehub.testing.SharedServers.kafka().bootstrapServers(), "finance.actuals",
                    r -> published.contains(io.financehub.testing.TopicReader.json(r).at("/data/exportId").asText()), -1,
                    Duration.ofSeconds(5), Duration.ZERO)) {
                JsonNode e = io.financehub.testing.TopicReader.json(r);
                if (seen.add(e.path("id").asText())) { // at least once: a repeat has the same id
                    events.merge(e.at("/data/planningAccount").asText() + "|" + e.at("/data/costCentre").asText(),
                            new java.math.BigDecimal(e.at("/data/amount").asText()), java.math.BigDecimal::add);
                }
            }
            state.put("events add up to the files", Boolean.toString(events.equals(files)));
            return state;
        }
    }

    /** Counting over a JSON array. */
    static final class StreamSupportHelper {
        static long count(JsonNode array, java.util.function.Predicate<JsonNode> test) {
            long n = 0;
            for (JsonNode item : array) {
                if (test.test(item)) {
                    n++;
                }
            }
            return n;
        }
    }
}
