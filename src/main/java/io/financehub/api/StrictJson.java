package io.financehub.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.financehub.canonical.Money;
import io.financehub.governance.masking.SafeText;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one reading of every JSON request body: unknown or repeated keys, content after the JSON value, a value of
 * the wrong JSON type (no coercion of numbers to text, text to numbers, decimals to whole numbers), null for a
 * primitive, control characters in a string (line breaks only in {@link FreeText} fields) and documents beyond
 * {@code hub.http.json.max-size} are refused; {@link JsonProblems} turns each refusal into a problem naming the
 * field. Only the HTTP layer reads with this mapper: the application's own ObjectMapper (stored JSON, the finance
 * platform's answers) keeps Jackson's tolerant defaults. Money is written as it is read ({@link MoneyAsSent}).
 */
@Provider
public class StrictJson implements ContextResolver<ObjectMapper> {

    /** Longest string value of a request, in characters: names, ids and reasons, never documents. */
    static final int MAX_STRING_LENGTH = 10_000;
    /** Deepest nesting of a request's objects and arrays. */
    static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper strict;

    @Inject
    public StrictJson(ObjectMapper application, @ConfigProperty(name = EdgeProblems.JSON_LIMIT_KEY) MemorySize maxDocument) {
        this.strict = strict(application, maxDocument.asLongValue());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    /** A strict copy of {@code base} (same modules and output), reading documents of at most {@code maxDocument} bytes. */
    @SuppressWarnings("deprecation") // MapperFeature on a copy: a builder cannot start from an existing mapper
    static ObjectMapper strict(ObjectMapper base, long maxDocument) {
        ObjectMapper mapper = base.copy();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS, DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
                DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(maxDocument)
                .maxStringLength(MAX_STRING_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH).build());
        // no value changes its JSON type on the way in: text stays text, numbers numbers, booleans booleans
        // (a whole number where a decimal is expected is no change of type: 800 is an amount)
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        for (LogicalType textLike : new LogicalType[] { LogicalType.DateTime, LogicalType.Enum, LogicalType.OtherScalar }) {
            refuse(mapper, textLike, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                    CoercionInputShape.EmptyString);
        }
        refuse(mapper, LogicalType.POJO, CoercionInputShape.EmptyString, CoercionInputShape.String);
        refuse(mapper, LogicalType.Collection, CoercionInputShape.EmptyString, CoercionInputShape.String);
        mapper.registerModule(new SimpleModule("hub-http").addDeserializer(String.class, new PlainText(false))
                .addSerializer(Money.class, new MoneyAsSent()));
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * Money as a request sends it, {@code {"amount": 800.00, "currency": "EUR"}}: without the derived flags
     * ({@code zero}, {@code negative}) a bean serializer would add and a request may not send back.
     */
    static final class MoneyAsSent extends StdSerializer<Money> {

        MoneyAsSent() {
            super(Money.class);
        }

        @Override
        public void serialize(Money money, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeNumberField("amount", money.amount());
            out.writeStringField("currency", money.currencyCode());
            out.writeEndObject();
        }
    }

    /** A string without control characters; line breaks and tabs only where the field is {@link FreeText}. */
    static final class PlainText extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final boolean freeText;

        PlainText(boolean freeText) {
            super(String.class);
            this.freeText = freeText;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean free = property != null && property.getAnnotation(FreeText.class) != null;
            return free == freeText ? this : new PlainText(free);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            int at = SafeText.firstControlCharacter(value, freeText);
            if (at >= 0) {
                throw new ControlCharacterException(parser, value.charAt(at), at, freeText);
            }
            return value;
        }
    }

    /** A string of a request holds a control character. */
    static final class ControlCharacterException extends MismatchedInputException {

        final char character;
        final int index;
        final boolean freeText;

        ControlCharacterException(JsonParser parser, char character, int index, boolean freeText) {
            super(parser, "control character " + codePoint(character) + " at position " + (index + 1), String.class);
            this.character = character;
            this.index = index;
            this.freeText = freeText;
        }
    }

    /** {@code U+0000} notation of a character. */
    static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
