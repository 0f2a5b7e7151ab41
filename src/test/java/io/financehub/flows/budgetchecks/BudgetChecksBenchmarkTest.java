package io.financehub.flows.budgetchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Latency of {@code POST /api/v1/budget-checks} with the built-in ledger at a fixed arrival rate (open loop:
 * requests start on schedule whether or not earlier ones finished, so queueing shows in the tail), against
 * calling the ledger check directly at the same rate. Prints p50/p99; target p99 ≤ 20 ms on 2 cores.
 * Run with {@code ./mvnw -Pbench verify -Dtest=BudgetChecksBenchmarkTest} ({@code -Dbench.seconds}, {@code -Dbench.rate}).
 */
@Tag("bench")
@QuarkusTest
class BudgetChecksBenchmarkTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/budget-checks")
    URI checksUri;

    @Inject
    BudgetLedger ledger;

    @Inject
    BudgetChecks checks;

    @Test
    void apiLatencyAtFiveHundredRequestsPerSecondAgainstTheLedgerDirectly() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int rate = Integer.getInteger("bench.rate", 500);
        String period = "2035";
        // Orders spread over the company's cost centres and months, as real orders are: one budget row per
        // cost centre and month (36), so the row locks model real contention, not one artificial hot spot.
        for (String cc : CENTRES) {
            for (int m = 1; m <= 12; m++) {
                ledger.put("DE01", cc, String.format("%s-%02d", period, m), Money.of("1000000000.00", "EUR"), "bench");
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 8);

        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(32)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("integration:integration-demo".getBytes(StandardCharsets.UTF_8));
        List<Long> api = measure(seconds, rate, i -> {
            byte[] body = JSON.writeValueAsBytes(BudgetChecksFlowTest.request("B-" + run + "-" + i, "r1", "Acme Supplies GmbH",
                    date(period, i), Map.of(CENTRES.get(i % 3), "10.00")));
            HttpRequest request = HttpRequest.newBuilder(checksUri).header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> assertEquals(200, r.statusCode()));
        });
        ExecutorService direct = Executors.newFixedThreadPool(32);
        List<Long> ledgerOnly = measure(seconds, rate, i -> CompletableFuture.runAsync(() -> checks.decide(new BudgetCheckRequest(
                "D-" + run + "-" + i, "r1", new CompanyRef("DE01"), "Acme Supplies GmbH", Optional.empty(), "bench",
                LocalDate.parse(date(period, i)), List.of(new BudgetCheckRequest.Line(new CostCentreRef(new CompanyRef("DE01"), CENTRES.get(i % 3)),
                        Money.of("10.00", "EUR"))))), direct));
        direct.shutdown();
        System.out.printf("budget-checks bench, %d req/s for %d s:%n  API    p50 %.2f ms  p99 %.2f ms  (%d requests)%n"
                + "  ledger p50 %.2f ms  p99 %.2f ms  (%d checks)%n  API overhead at p50 %.2f ms, at p99 %.2f ms%n",
                rate, seconds, ms(api, 50), ms(api, 99), api.size(), ms(ledgerOnly, 50), ms(ledgerOnly, 99), ledgerOnly.size(),
                ms(api, 50) - ms(ledgerOnly, 50), ms(api, 99) - ms(ledgerOnly, 99));
        assertEquals(0, FAILURES.get(), "failed calls (API and ledger)");
    }

    static final AtomicInteger FAILURES = new AtomicInteger();

    static final List<String> CENTRES = List.of("SALES", "OPERATIONS", "IT");

    static String date(String year, int i) {
        return String.format("%s-%02d-15", year, (i / 3) % 12 + 1);
    }

    interface Call {
        CompletableFuture<?> start(int i) throws Exception;
    }

    static List<Long> measure(int seconds, int rate, Call call) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        int total = seconds * rate;
        long periodNanos = 1_000_000_000L / rate;
        var task = scheduler.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= total) {
                return;
            }
            long start = System.nanoTime();
            try {
                all.add(call.start(i).whenComplete((r, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    } else {
                        latencies.add(System.nanoTime() - start);
                    }
                }));
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (n.get() < total) {
            Thread.sleep(100);
        }
        task.cancel(false);
        scheduler.shutdown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(120, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("  %d of %d calls failed; p50 %.2f ms, p99 %.2f ms%n", failures.get(), total, ms(sorted, 50), ms(sorted, 99));
        FAILURES.addAndGet(failures.get());
        return sorted;
    }

    static double ms(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
