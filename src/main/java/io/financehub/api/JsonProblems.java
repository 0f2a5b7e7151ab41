package io.financehub.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.financehub.governance.masking.SafeText;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns a refused JSON request body ({@link StrictJson}) into a problem that names where (the field's path such
 * as {@code lines[0].amount.currency}, or line and column), what was wrong and what is expected.
 */
final class JsonProblems {

    /** Problem types of refused JSON bodies (README "Errors"). */
    static final String INVALID_JSON = "invalid-json";
    static final String UNKNOWN_FIELD = "unknown-field";
    static final String INVALID_FIELD = "invalid-field";
    static final String MISSING_FIELD = "missing-field";

    private JsonProblems() {
    }

    /** The problem for {@code e}, or empty when it is not about the request (a server-side definition error). */
    static Optional<Problem> of(JacksonException e, String correlationId, EdgeProblems limits) {
        if (e instanceof InvalidDefinitionException) {
            return Optional.empty();
        }
        if (e instanceof StreamConstraintsException constraint) {
            return Optional.of(constraint(constraint, correlationId, limits));
        }
        if (e instanceof DatabindException databind && !(e instanceof MismatchedInputException)
                && e.getCause() instanceof JacksonException cause && !(cause instanceof DatabindException)) {
            // a syntax error met inside a field: the mapping exception only adds the field's path
            return of(cause, correlationId, limits);
        }
        if (e instanceof DatabindException databind) {
            return Optional.of(badRequest(databind(databind), correlationId));
        }
        return Optional.of(badRequest(syntax(e), correlationId));
    }

    private static Problem badRequest(Detail detail, String correlationId) {
        return Problem.of(Response.Status.BAD_REQUEST, detail.type(), detail.text(), correlationId);
    }

    private record Detail(String type, String text) {
    }

    private static Detail databind(DatabindException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        String at = path.isEmpty() ? "The request body" : "Field '" + path + "'";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = parentOf(path);
            TreeSet<String> known = new TreeSet<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            return new Detail(UNKNOWN_FIELD, "Unknown key " + SafeText.quote(unknown.getPropertyName())
                    + (parent.isEmpty() ? " in the request body" : " in '" + parent + "'")
                    + (known.isEmpty() ? "" : ": the keys here are " + String.join(", ", known))
                    + ". Remove it or correct its spelling; unknown keys are refused, never ignored.");
        }
        if (e instanceof StrictJson.ControlCharacterException control) {
            return new Detail(INVALID_FIELD, at + " contains the control character " + StrictJson.codePoint(control.character)
                    + " at position " + (control.index + 1) + ": send " + (control.freeText
                            ? "text without control characters (line breaks and tabs are allowed here)."
                            : "plain text without control characters, line breaks or tabs."));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            String message = cause == null ? null : cause.getMessage();
            String where = path.isEmpty() ? "The request body" : "The object at '" + path + "'";
            if (cause instanceof NullPointerException) {
                return new Detail(MISSING_FIELD, where + " lacks a required value"
                        + (message == null ? "" : ": '" + SafeText.clean(message) + "' is missing or null") + "; give it.");
            }
            return new Detail(INVALID_FIELD, where + " is not valid: "
                    + (message == null ? "it cannot be built from what was sent" : SafeText.clean(message)) + ".");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = mismatch.getOriginalMessage() == null ? "" : mismatch.getOriginalMessage();
            if (original.startsWith("Trailing token")) {
                return new Detail(INVALID_JSON, "The request body goes on after its JSON value ends" + location(e)
                        + ": send exactly one JSON value and nothing after it.");
            }
            if (original.startsWith("No content to map")) {
                return new Detail(INVALID_JSON, "The request body is empty: send a JSON value.");
            }
            Class<?> target = mismatch.getTargetType();
            String expected = expected(target);
            if (e instanceof InvalidFormatException format && format.getValue() instanceof String text) {
                return new Detail(INVALID_FIELD, at + " has " + SafeText.quote(text) + ", which is not " + expected + ".");
            }
            if (e instanceof InvalidFormatException format && format.getValue() != null) {
                String kind = format.getValue() instanceof Boolean ? "a boolean"
                        : format.getValue() instanceof BigDecimal || format.getValue() instanceof Double ? "a decimal number" : "a number";
                return new Detail(INVALID_FIELD, at + " is " + kind + " (" + SafeText.clean(String.valueOf(format.getValue()))
                        + "): expected " + expected + ".");
            }
            String actual = actual(mismatch);
            if ("null".equals(actual)) {
                return new Detail(MISSING_FIELD, at + " is null: give " + expected + ".");
            }
            return new Detail(INVALID_FIELD, at + " is " + (actual == null ? "of the wrong JSON type" : actual)
                    + ": expected " + expected + ".");
        }
        return new Detail(INVALID_FIELD, at + " could not be read: " + SafeText.clean(e.getOriginalMessage()) + location(e) + ".");
    }

    private static Detail syntax(JacksonException e) {
        String field = parsingPath(e);
        String where = field.isEmpty() ? "" : " in '" + field + "'";
        if (e instanceof JsonEOFException) {
            return new Detail(INVALID_JSON, "The request body ends before its JSON value is complete" + where + location(e)
                    + ": send the whole JSON document.");
        }
        if (e instanceof InputCoercionException coercion) {
            return new Detail(INVALID_FIELD, (field.isEmpty() ? "A number" : "Field '" + field + "'") + " is out of range: expected "
                    + expected(coercion.getTargetType()) + location(e) + ".");
        }
        String message = SafeText.clean(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            String parent = parentOf(field);
            String key = field.substring(parent.isEmpty() ? 0 : parent.length() + (field.charAt(parent.length()) == '.' ? 1 : 0));
            return new Detail(INVALID_JSON, "Key " + SafeText.quote(key) + " appears twice in "
                    + (parent.isEmpty() ? "the request body" : "'" + parent + "'") + location(e)
                    + ": send each key once, so that it is clear which value counts.");
        }
        if (message.startsWith("Illegal unquoted character")) {
            return new Detail(INVALID_FIELD, (field.isEmpty() ? "A string" : "Field '" + field + "'") + " holds a raw control "
                    + "character" + location(e) + ": send plain text without control characters.");
        }
        if (afterTheValue(e)) {
            return new Detail(INVALID_JSON, "The request body goes on after its JSON value ends" + location(e)
                    + ": send exactly one JSON value and nothing after it.");
        }
        return new Detail(INVALID_JSON, "The request body is not valid JSON" + where + location(e) + ": " + message + ".");
    }

    private static Problem constraint(StreamConstraintsException e, String correlationId, EdgeProblems limits) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Document length")) {
            return limits.tooLarge(-1, true, correlationId);
        }
        String field = parsingPath(e);
        String at = field.isEmpty() ? "A value of the request body" : "Field '" + field + "'";
        String limit = message.startsWith("String value length") ? "is longer than " + StrictJson.MAX_STRING_LENGTH
                + " characters: names, ids and reasons are shorter; send the text without attachments"
                : message.startsWith("Document nesting depth") ? "is nested deeper than " + StrictJson.MAX_NESTING_DEPTH
                        + " levels: send the request's documented shape"
                        : message.startsWith("Number value length") ? "is a number with too many digits: send at most "
                                + "15 digits before and the currency's decimals after the point"
                                : "exceeds what the hub reads: " + SafeText.clean(message);
        return Problem.of(Response.Status.BAD_REQUEST, INVALID_FIELD, at + " " + limit + ".", correlationId);
    }

    /** What a field of {@code type} takes, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "the documented type (see /q/openapi)";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class) {
            return "a whole number" + (type == Integer.class || type == int.class ? " up to " + Integer.MAX_VALUE
                    : type == Long.class || type == long.class ? " up to " + Long.MAX_VALUE : "");
        }
        if (type == BigDecimal.class || Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number such as 800.00 (a JSON number, not a string)";
        }
        if (type == LocalDate.class) {
            return "a date as YYYY-MM-DD, such as 2026-11-20";
        }
        if (type == YearMonth.class) {
            return "a month as YYYY-MM, such as 2026-11";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO 8601 timestamp such as 2026-11-20T10:15:30Z";
        }
        if (type == Currency.class) {
            return "an ISO 4217 currency code such as EUR or USD";
        }
        if (type == UUID.class) {
            return "a UUID such as 3f2b8c1e-5d4a-4c6b-9e7f-0a1b2c3d4e5f";
        }
        if (type.isEnum()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return "one of " + String.join(", ", names);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array [...]";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "a JSON object {...}";
        }
        return "the documented type (see /q/openapi)";
    }

    /** What the body held where the field was, from the parser's current token; null when unknown. */
    private static String actual(MismatchedInputException e) {
        JsonToken token = e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "a JSON object";
            case START_ARRAY, END_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    /** {@code lines[0].amount.currency} from a mapping exception's path; empty for the body itself. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(SafeText.clean(ref.getFieldName()));
            }
        }
        return out.toString();
    }

    /** The path the parser was at when the body stopped being JSON; empty at the top. */
    private static String parsingPath(JacksonException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            String segment;
            if (c.inArray()) {
                segment = "[" + Math.max(0, c.getCurrentIndex()) + "]";
            } else if (c.getCurrentName() != null) {
                segment = "." + SafeText.clean(c.getCurrentName());
            } else {
                continue;
            }
            out.insert(0, segment);
        }
        return out.length() > 0 && out.charAt(0) == '.' ? out.substring(1) : out.toString();
    }

    /** Whether the parser had read a whole value at the top level already: what follows is trailing content. */
    private static boolean afterTheValue(JacksonException e) {
        return e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null
                && parser.getParsingContext().inRoot() && parser.getParsingContext().getEntryCount() > 1;
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String location(JacksonException e) {
        JsonLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 0) {
            return "";
        }
        return " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
