package io.financehub.odoo.camel;

import io.financehub.odoo.OdooClient;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

/**
 * The {@code odoo:} Camel component: calls an Odoo model method in one step, {@code odoo:<model>/<method>[?options]}.
 * See {@link OdooEndpoint} for options and headers. It uses the {@link OdooClient} set on it, or else the single
 * {@code OdooClient} bean of the registry (the default instance from {@code odoo.*}).
 */
public class OdooComponent extends DefaultComponent {

    private OdooClient client;

    public OdooComponent() {
    }

    public OdooComponent(OdooClient client) {
        this.client = client;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int slash = remaining.lastIndexOf('/');
        if (slash <= 0 || slash == remaining.length() - 1) {
            throw new IllegalArgumentException("An odoo endpoint names a model and a method: odoo:<model>/<method>,"
                    + " e.g. odoo:res.partner/search_read; got odoo:" + remaining);
        }
        OdooEndpoint endpoint = new OdooEndpoint(uri, this, remaining.substring(0, slash), remaining.substring(slash + 1));
        // kwargs.<name>=<value>: keyword arguments of the method, bound here (no generated configurer binds prefixes)
        endpoint.setKwargs(PropertiesHelper.extractProperties(parameters, "kwargs."));
        setProperties(endpoint, parameters);
        endpoint.validateOptions();
        return endpoint;
    }

    /** The client for new endpoints: the one set here, else the registry's single {@code OdooClient}. */
    OdooClient resolveClient() {
        if (client != null) {
            return client;
        }
        OdooClient found = getCamelContext().getRegistry().findSingleByType(OdooClient.class);
        if (found == null) {
            throw new IllegalStateException("No OdooClient for the odoo component: configure odoo.url, odoo.database,"
                    + " odoo.username and odoo.api-key, or set a client on the component");
        }
        return found;
    }

    public OdooClient getClient() {
        return client;
    }

    public void setClient(OdooClient client) {
        this.client = client;
    }
}
