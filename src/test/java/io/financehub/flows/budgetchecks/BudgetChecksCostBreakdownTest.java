package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Diagnostic ({@code bench} profile): machine CPU per call of each layer of a budget check, closed loop at fixed
 * concurrency; fails when a layer's calls fail, so a cost is never reported for work that did not happen.
 */
@Tag("bench")
@QuarkusTest
class BudgetChecksCostBreakdownTest {

    @Inject
    BudgetLedger ledger;
    @Inject
    BudgetChecks checks;
    @Inject
    AuditTrail audit;
    @Inject
    ProducerTemplate producer;
    @Inject
    io.financehub.events.HubEvents events;
    @TestHTTPResource("/api/v1/budget-checks")
    URI checksUri;

    interface Op {
        void run(int i) throws Exception;
    }

    @Test
    void cpuPerCallByLayer() throws Exception {
        for (String cc : BudgetChecksBenchmarkTest.CENTRES) {
            for (int m = 1; m <= 12; m++) {
                ledger.put("DE01", cc, String.format("2036-%02d", m), Money.of("1000000000.00", "EUR"), "bench");
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        int seconds = Integer.getInteger("bench.seconds", 8);
        String only = System.getProperty("bench.only", "audit,ledger,events,kafka,route,http");
        ObjectMapper json = new ObjectMapper();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("integration:integration-demo".getBytes(StandardCharsets.UTF_8));
        for (String phase : List.of("w", "m")) {
            if (only.contains("idle")) {
                measure("idle(@500/s)", seconds, -500, i -> { });
            }
            if (only.contains("audit")) {
                measure("audit.append", seconds, 16, i -> audit.append(AuditRecord.of("bench", "budget-checks", "c" + i, "s" + i, "bench.op",
                        ("payload" + i).getBytes(StandardCharsets.UTF_8), "summary " + i)));
            }
            if (only.contains("ledger")) {
                measure("ledger(decide)", seconds, 16, i -> checks.decide(req("L" + run + phase + i, i)));
            }
            if (only.contains("route")) {
                measure("route(direct)", seconds, 16, i -> producer.requestBodyAndHeaders(BudgetChecksFlow.ENDPOINT_CHECK,
                        req("R" + run + phase + i, i), Map.of(HubHeaders.CORRELATION_ID, "c-" + i, HubHeaders.ACTOR, "bench")));
            }
            if (only.contains("events")) {
                measure("events.structured", seconds, 16, i -> events.structured("budget-checks", "finance.budget-decision.made", "s" + i, "c" + i,
                        "k" + i, Map.of("company", "DE01", "decision", checks.decide(req("E" + run + phase + (i % 100), i)), "total", Money.of("10.00", "EUR"))));
            }
            if (only.contains("kafka")) {
                String event = new String(events.structured("budget-checks", "finance.budget-decision.made", "s", "c", "k", Map.of("a", "b")), StandardCharsets.UTF_8);
                measure("kafka(sync send)", seconds, 16, i -> producer.requestBodyAndHeader("direct:budget-checks-publish-event", event, "kafka.KEY", "DE01/K" + i));
            }
            if (only.contains("http")) {
                io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
                io.vertx.core.http.HttpClient http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setDefaultHost(checksUri.getHost())
                        .setDefaultPort(checksUri.getPort()).setKeepAlive(true).setMaxPoolSize(16));
                io.vertx.core.Context client = vertx.getOrCreateContext();
                for (boolean withAuth : new boolean[] {true, false}) {
                    measure("http GET 405 auth=" + withAuth, seconds, 16, i -> {
                        var options = new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.GET).setURI(checksUri.getPath());
                        if (withAuth) {
                            options.putHeader("Authorization", auth);
                        }
                        BudgetChecksBenchmarkTest.exchange(client, http, options, null, (status, b) -> {
                            if (status != 405 && status != 401) {
                                throw new IllegalStateException("HTTP " + status);
                            }
                        }).get();
                    });
                }
                for (String scheme : List.of("basic", "bearer")) {
                String authorization = scheme.equals("basic") ? auth : "Bearer " + io.financehub.testing.JwtTestResource.token("erp-connector",
                        java.util.Set.of("integration"));
                    measure("http(vertx) " + scheme, seconds, 16, i -> {
                        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer(json.writeValueAsBytes(BudgetChecksFlowTest.request("H" + run + phase + scheme + i, "r1",
                                "Acme Supplies GmbH", BudgetChecksBenchmarkTest.date("2036", i), Map.of(BudgetChecksBenchmarkTest.CENTRES.get(i % 3), "10.00"))));
                        BudgetChecksBenchmarkTest.exchange(client, http, new io.vertx.core.http.RequestOptions()
                                .setMethod(io.vertx.core.http.HttpMethod.POST).setURI(checksUri.getPath())
                                .putHeader("Authorization", authorization).putHeader("Content-Type", "application/json"), body, (status, b) -> {
                                    if (status != 200) {
                                        throw new IllegalStateException("HTTP " + status);
                                    }
                                }).get();
                    });
                }
                http.close();
                vertx.close();
            }
        }
    }

    static BudgetCheckRequest req(String order, int i) {
        return new BudgetCheckRequest(order, "r1", new CompanyRef("DE01"), "Acme Supplies GmbH", Optional.empty(), "bench",
                LocalDate.parse(BudgetChecksBenchmarkTest.date("2036", i)), List.of(new BudgetCheckRequest.Line(
                        new CostCentreRef(new CompanyRef("DE01"), BudgetChecksBenchmarkTest.CENTRES.get(i % 3)), Money.of("10.00", "EUR"))));
    }

    static long[] cpu() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long total = 0;
        for (int k = 1; k < f.length; k++) {
            total += Long.parseLong(f[k]);
        }
        long ctxt = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.startsWith("ctxt ")).mapToLong(l -> Long.parseLong(l.substring(5).trim())).sum();
        long self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new long[] {total - idle, self, ctxt};
    }

    static void measure(String name, int seconds, int threads, Op op) throws Exception {
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        long[] c0 = cpu();
        long t0 = System.nanoTime();
        int rate = threads < 0 ? -threads : 0;
        threads = Math.max(1, threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int i = counter.getAndIncrement();
                    if (rate > 0) {
                        long due = t0 + i * (1_000_000_000L / rate);
                        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    try {
                        op.run(i);
                    } catch (Throwable e) {
                        if (failed.getAndIncrement() < 2) {
                            e.printStackTrace();
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        long t1 = System.nanoTime();
        // the events batched by the measured calls are published before the CPU is read (their cost counts)
        Thread.sleep(200);
        long[] c1 = cpu();
        int n = counter.get();
        double secs = (t1 - t0) / 1e9;
        double machineMs = (c1[0] - c0[0]) * 10.0 / n; // jiffies of 10 ms
        double jvmMs = (c1[1] - c0[1]) / 1e6 / n;
        System.out.printf("COST %-18s %6d calls %7.1f/s  machine CPU %.3f ms/call (this JVM %.3f ms/call, others %.3f)  failed %d, %.1f context switches/call%n", name, n,
                n / secs, machineMs, jvmMs, machineMs - jvmMs, failed.get(), (c1[2] - c0[2]) / (double) n);
        // a cost is only worth reading for a layer that did its work: every call succeeded, and there were some
        org.junit.jupiter.api.Assertions.assertEquals(0, failed.get(), name + ": " + failed.get() + " of " + n + " calls failed (stack traces above)");
        org.junit.jupiter.api.Assertions.assertTrue(n > 0, name + ": no call completed in " + seconds + " s");
    }
}
