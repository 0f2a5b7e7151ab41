package io.financehub.odoo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

/**
 * CDI wiring of the connector: the default instance's {@link OdooClient} from {@link OdooConfig} (the {@code odoo}
 * Camel component is wired in its own package, {@code OdooComponentProducer}).
 */
@Singleton
public class OdooClientProducer {

    /**
     * Created on first use; connecting and logging in happen on the first call. Unremovable: the {@code odoo:}
     * component finds it through the Camel registry, which Quarkus' unused-bean analysis cannot see.
     */
    @Produces
    @Singleton
    @Unremovable
    OdooClient odooClient(OdooConfig config, CamelContext camel, MeterRegistry registry) {
        return OdooClient.create(config.toSettings(), camel, registry);
    }

    void close(@Disposes OdooClient client) {
        client.close();
    }
}
