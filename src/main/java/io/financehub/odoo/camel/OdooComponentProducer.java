package io.financehub.odoo.camel;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** CDI wiring of the {@code odoo:} Camel component, which YAML routes find by name. */
@Singleton
public class OdooComponentProducer {

    /** The {@code odoo:} component; it takes the default client from the registry when its first endpoint starts. */
    @Produces
    @Singleton
    @Named("odoo")
    OdooComponent odooComponent() {
        return new OdooComponent();
    }
}
