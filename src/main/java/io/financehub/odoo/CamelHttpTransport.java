package io.financehub.odoo;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * The product's transport to Odoo: JSON over Camel's {@code http} component (the design card's "JSON-RPC over Camel
 * HTTP"). Each Odoo instance gets its own {@link HttpComponent} so its connect and response timeouts do not leak to
 * other HTTP users of the context; requests go through a {@link ProducerTemplate} to {@code http://} endpoints with
 * {@code throwExceptionOnFailure=false}, so every HTTP status comes back as an answer to classify.
 */
public final class CamelHttpTransport implements OdooTransport {

    private final CamelContext camel;
    private final URI baseUrl;
    private final HttpComponent component;
    private final String componentName;
    private final ProducerTemplate template;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public CamelHttpTransport(CamelContext camel, URI baseUrl, Duration connectTimeout, Duration responseTimeout) {
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("odoo.url must be an http:// or https:// URL, got: " + baseUrl);
        }
        this.camel = camel;
        this.baseUrl = baseUrl;
        this.component = new HttpComponent();
        component.setConnectTimeout(connectTimeout.toMillis());
        component.setConnectionRequestTimeout(connectTimeout.toMillis());
        component.setResponseTimeout(responseTimeout.toMillis());
        component.setSoTimeout(responseTimeout.toMillis());
        // Apache HttpClient would silently repeat a POST after a 503 or 429: retries belong to the connector's
        // policy, which knows whether repeating the call is safe and counts every attempt
        component.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        // registered under a private name so the context manages its lifecycle; its endpoints are still http:// URIs
        this.componentName = "odoo-http-" + UUID.randomUUID();
        camel.addComponent(componentName, component);
        this.template = camel.createProducerTemplate();
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public Answer exchange(String method, String path, Map<String, String> headers, byte[] body)
            throws OdooTransportException {
        Endpoint endpoint = endpoints.computeIfAbsent(path, this::createEndpoint);
        Exchange exchange = template.send(endpoint, ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            headers.forEach((name, value) -> ex.getMessage().setHeader(name, value));
            if (body != null) {
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, headers.getOrDefault("Content-Type", "application/json"));
                ex.getMessage().setBody(body);
            }
        });
        Exception failure = exchange.getException();
        if (failure != null) {
            throw classify(failure);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        byte[] answer = exchange.getMessage().getBody(byte[].class);
        return new Answer(status == null ? 0 : status, contentType, answer == null ? new byte[0] : answer);
    }

    private Endpoint createEndpoint(String path) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        String uri = base + path + (path.contains("?") ? "&" : "?")
                + "throwExceptionOnFailure=false&followRedirects=false&disableStreamCache=false";
        try {
            Endpoint endpoint = component.createEndpoint(uri);
            ServiceHelper.startService(endpoint);
            return endpoint;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the HTTP endpoint for Odoo at " + base + path, e);
        }
    }

    private OdooTransportException classify(Exception failure) {
        Throwable cause = failure;
        while (cause != null) {
            String where = " (Odoo at " + baseUrl + ")";
            // ConnectTimeoutException is a SocketTimeoutException: test it first, nothing was sent
            if (cause instanceof ConnectTimeoutException || cause instanceof HttpHostConnectException
                    || cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new OdooTransportException(OdooTransportException.Kind.CONNECT,
                        "cannot connect: " + cause.getMessage() + where, failure);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
                return new OdooTransportException(OdooTransportException.Kind.TIMEOUT,
                        "no answer within the response timeout" + where, failure);
            }
            if (cause instanceof NoHttpResponseException || cause instanceof ConnectionClosedException
                    || cause instanceof SocketException) {
                return new OdooTransportException(OdooTransportException.Kind.RESET,
                        "connection closed before an answer: " + cause.getMessage() + where, failure);
            }
            cause = cause.getCause();
        }
        return new OdooTransportException(OdooTransportException.Kind.IO,
                "HTTP exchange failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }

    @Override
    public void close() {
        endpoints.values().forEach(ServiceHelper::stopAndShutdownService);
        endpoints.clear();
        try {
            template.close();
        } catch (Exception e) {
            // closing a template only releases producers; nothing to recover
        }
        camel.removeComponent(componentName);
        ServiceHelper.stopAndShutdownService(component);
    }

    @Override
    public String toString() {
        return "CamelHttpTransport[" + baseUrl + "]";
    }
}
