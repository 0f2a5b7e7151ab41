package io.financehub.mapping;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import io.financehub.governance.audit.MappingVersion;

/**
 * The mapping tables in force, loaded once at start-up from {@code hub.mappings-dir}; start-up is refused
 * (every error listed) when they are invalid.
 */
@ApplicationScoped
@Startup
@Named("mappings")
public class Mappings implements MappingVersion {

    private static final Logger LOG = Logger.getLogger(Mappings.class);

    private final MappingSet set;

    public Mappings(@ConfigProperty(name = "hub.mappings-dir") String dir) {
        this.set = MappingLoader.load(Path.of(dir));
        LOG.infof("Mappings %s loaded from %s (%d companies, %d bank accounts)", set.version(), set.source(),
                set.companies().size(), set.bankAccounts().size());
    }

    public MappingSet get() {
        return set;
    }

    @Override
    public String current() {
        return set.version();
    }
}
