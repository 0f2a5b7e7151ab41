package io.financehub.api;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Makes the API description say what the hub does with requests and errors: the schemas of JSON request bodies
 * take no other keys ({@code additionalProperties: false}, as {@link StrictJson} reads them), and every operation
 * may answer a {@code Problem} as {@code application/problem+json}.
 */
public class ApiDescriptionFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> closed = new HashSet<>();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    MediaType json = operation.getRequestBody().getContent().getMediaType("application/json");
                    if (json != null) {
                        close(json.getSchema(), components, closed);
                    }
                }
                if (operation.getResponses() != null && operation.getResponses().getDefaultValue() == null) {
                    operation.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                            .description("An error, as problem details (README \"Errors\"): a stable type, a detail that says "
                                    + "what was wrong and what to do, and the correlation id")
                            .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                                    .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)))));
                }
            }
        }
    }

    /** Closes {@code schema} and every object schema it reaches: only the documented keys are taken. */
    private static void close(Schema schema, Components components, Set<String> closed) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            Schema target = components.getSchemas() == null ? null : components.getSchemas().get(name);
            if (target != null && closed.add(name)) {
                close(target, components, closed);
            }
            return;
        }
        close(schema.getItems(), components, closed);
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null || properties.isEmpty() || Boolean.TRUE.equals(schema.getAdditionalPropertiesBoolean())) {
            return; // free-form, or open on purpose (Odoo's webhook body)
        }
        schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
        properties.values().forEach(property -> close(property, components, closed));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("stable identifier of the kind of problem, " + Problem.TYPE_PREFIX + "…"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("what was wrong, where (field path or line and column) and what to do"))
                .addProperty("correlationId", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("quote it to the operators; also in the X-Correlation-Id header"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                        .description("each finding, where there are several"));
    }
}
