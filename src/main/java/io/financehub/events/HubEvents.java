package io.financehub.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.financehub.governance.audit.AuditHashing;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Builds the hub's events: CloudEvents 1.0 in structured JSON mode, with {@code id} derived from the business
 * key (a replayed or re-published event keeps its id, so consumers can de-duplicate), {@code source}
 * naming the flow, {@code type}, {@code subject}, {@code time} and the correlation id as the extension
 * {@code correlationid}.
 */
@ApplicationScoped
@Named("hubEvents")
@RegisterForReflection
public class HubEvents {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String CORRELATION_EXTENSION = "correlationid";

    @Inject
    ObjectMapper json;

    Clock clock = Clock.systemUTC();

    private final EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /**
     * @param flow        the flow id, becomes {@code source} {@code urn:odoo-finance-hub:<flow>}
     * @param type        e.g. {@code finance.bank-statement.imported}
     * @param subject     the business subject (statement, batch, order, export line)
     * @param businessKey what makes this event unique (the id is a digest of it)
     * @param data        the payload, serialised as JSON
     */
    public byte[] structured(String flow, String type, String subject, String correlationId, String businessKey, Object data) {
        try {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId(AuditHashing.sha256Hex((type + "\u0000" + businessKey).getBytes(StandardCharsets.UTF_8)).substring(0, 32))
                    .withSource(URI.create("urn:odoo-finance-hub:" + flow.toLowerCase(Locale.ROOT)))
                    .withType(type)
                    .withSubject(subject)
                    .withTime(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withData(json.writeValueAsBytes(data))
                    .withExtension(CORRELATION_EXTENSION, correlationId)
                    .build();
            return format.serialize(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data of " + type + " cannot be serialised: " + e.getMessage(), e);
        }
    }
}
