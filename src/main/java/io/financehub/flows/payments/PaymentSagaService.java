package io.financehub.flows.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.apache.camel.saga.CamelSagaService;
import org.apache.camel.saga.InMemorySagaService;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The saga service behind the payment-files route's saga EIP. It is Camel's in-memory coordinator: it gives the
 * route the saga's shape (compensation endpoint called when the saga fails) but forgets everything in a crash,
 * which is why {@link PaymentFileSaga} records every step in the durable saga log and recovers from it.
 */
@ApplicationScoped
public class PaymentSagaService {

    @Produces
    @ApplicationScoped
    @Named("paymentFilesSagaService")
    CamelSagaService sagaService(CamelContext camel) {
        InMemorySagaService service = new InMemorySagaService();
        service.setCamelContext(camel);
        ServiceHelper.startService(service);
        return service;
    }
}
