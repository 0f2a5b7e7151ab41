package io.financehub.flows.payments;

import io.financehub.governance.saga.SagaLog;
import io.financehub.governance.runtime.Flow;
import io.financehub.governance.runtime.HubFlows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The payment sagas not finished yet, for operators: {@code hub_payment_sagas_unfinished} (count) and
 * {@code hub_payment_sagas_unfinished_oldest_seconds} (since the oldest of them last moved). A saga is unfinished for
 * seconds while it runs; one that stays unfinished past the recovery passes needs a person (Odoo or the outbox
 * failing). Read from the saga log at most every 5 s, and only by the instance that runs payment-files (the store is
 * shared: every instance would report the same).
 */
@ApplicationScoped
public class PaymentSagaMetrics {

    private static final Logger LOG = Logger.getLogger(PaymentSagaMetrics.class);
    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final SagaLog sagas;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    private record Reading(long at, SagaLog.Unfinished value) {
    }

    PaymentSagaMetrics(SagaLog sagas) {
        this.sagas = sagas;
    }

    void register(@Observes StartupEvent start, HubFlows flows, MeterRegistry meters) {
        if (!flows.isEnabled(Flow.PAYMENT_FILES)) {
            return;
        }
        Gauge.builder("hub.payment.sagas.unfinished", this, m -> m.read().map(u -> (double) u.count()).orElse(Double.NaN))
                .description("Payment-file sagas not completed or compensated").register(meters);
        Gauge.builder("hub.payment.sagas.unfinished.oldest", this, m -> m.read().map(u -> u.oldest().toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("Time since the oldest unfinished payment-file saga last moved").register(meters);
    }

    private java.util.Optional<SagaLog.Unfinished> read() {
        Reading r = last.get();
        long now = System.nanoTime();
        if (r == null || now - r.at > MAX_AGE_NANOS) {
            try {
                r = new Reading(now, sagas.unfinishedSummary(PaymentFilesFlow.SAGA_TYPE, PaymentFileSaga.FINAL));
                last.set(r);
            } catch (RuntimeException e) {
                LOG.debugf("Unfinished payment sagas not read: %s", e.getMessage());
                return java.util.Optional.empty(); // NaN: the store is unreachable, which its own health check reports
            }
        }
        return java.util.Optional.of(r.value);
    }
}
