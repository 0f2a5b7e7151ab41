package io.financehub.flows.budgetchecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.flows.budgetchecks.BudgetLedger.Position;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The external finance platform as budget provider, over its canonical HTTP contract (README,
 * "budget-checks"): {@code POST /budget-availability} answers each cost centre's budget and availability,
 * {@code PUT /commitments/{order}} holds the order's amounts (idempotent per order revision).
 *
 * <p>Guarded by SmallRye Fault Tolerance: a timeout per call, retries on transient
 * failures only, 200 ms apart ±100 ms jitter ({@link BudgetPlatformUnavailableException}: transport errors, timeouts, 5xx), and a circuit
 * breaker (its state is exported as the {@code ft.circuitbreaker.*} metrics). The fallback is not here: it is
 * a policy decision (queue low-risk orders, hold high-value ones) taken by {@link BudgetChecks}.
 */
@ApplicationScoped
public class BudgetPlatformClient {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "hub.budget-checks.platform.url")
    Optional<URI> url;

    @ConfigProperty(name = "hub.budget-checks.platform.api-key")
    Optional<String> apiKey;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {BudgetPlatformUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            failOn = {BudgetPlatformUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    public List<Position> positions(BudgetCheckRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("company", request.company().key());
        body.put("orderReference", request.orderReference());
        body.put("revision", request.revision());
        body.put("orderDate", request.orderDate().toString());
        body.put("lines", lines(request));
        JsonNode answer = call("POST", "budget-availability", body);
        Map<String, Money> requested = requested(request);
        List<Position> positions = new ArrayList<>();
        for (Map.Entry<String, Money> e : requested.entrySet()) {
            JsonNode p = null;
            for (JsonNode candidate : answer.path("positions")) {
                if (e.getKey().equals(candidate.path("costCentre").asText())) {
                    p = candidate;
                }
            }
            if (p == null || p.path("budget").isNull() || p.path("budget").isMissingNode()) {
                positions.add(new Position(e.getKey(), p == null ? "" : p.path("period").asText(""), e.getValue(), Optional.empty(),
                        Optional.empty()));
            } else {
                positions.add(new Position(e.getKey(), p.path("period").asText(""), e.getValue(),
                        Optional.of(money(p.get("budget"))), Optional.of(money(p.get("available")))));
            }
        }
        return positions;
    }

    /** Holds (or, with no lines, releases) the order's commitments on the platform; the revision makes it idempotent. */
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {BudgetPlatformUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            failOn = {BudgetPlatformUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    public void commit(BudgetCheckRequest request, boolean hold) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("company", request.company().key());
        body.put("revision", request.revision());
        body.put("orderDate", request.orderDate().toString());
        body.put("lines", hold ? lines(request) : List.of());
        call("PUT", "commitments/" + java.net.URLEncoder.encode(request.orderReference(), java.nio.charset.StandardCharsets.UTF_8), body);
    }

    private static Map<String, Money> requested(BudgetCheckRequest request) {
        Map<String, Money> requested = new TreeMap<>();
        request.lines().forEach(l -> requested.merge(l.costCentre().code(), l.amount(), Money::plus));
        return requested;
    }

    private static List<Map<String, Object>> lines(BudgetCheckRequest request) {
        List<Map<String, Object>> lines = new ArrayList<>();
        requested(request).forEach((cc, m) -> lines.add(Map.of("costCentre", cc, "amount", m.amount(), "currency", m.currencyCode())));
        return lines;
    }

    private static Money money(JsonNode n) {
        return Money.of(n.path("amount").decimalValue(), n.path("currency").asText());
    }

    private JsonNode call(String method, String path, Object body) {
        URI base = url.orElseThrow(() -> new IllegalStateException(
                "hub.budget-checks.provider=platform needs hub.budget-checks.platform.url (HUB_BUDGET_CHECKS_PLATFORM_URL)"));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
            HttpResponse<byte[]> rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (rsp.statusCode() >= 500 || rsp.statusCode() == 429) {
                throw new BudgetPlatformUnavailableException("finance platform answered " + rsp.statusCode() + " to " + method + " /" + path, null);
            }
            if (rsp.statusCode() >= 400) {
                throw new IllegalStateException("finance platform refused " + method + " /" + path + " with " + rsp.statusCode()
                        + ": " + new String(rsp.body(), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            }
            return rsp.body().length == 0 ? json.createObjectNode() : json.readTree(rsp.body());
        } catch (IOException e) {
            throw new BudgetPlatformUnavailableException("finance platform unreachable for " + method + " /" + path + ": " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BudgetPlatformUnavailableException("interrupted while calling the finance platform", e);
        }
    }
}
