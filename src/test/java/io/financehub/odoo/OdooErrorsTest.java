package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The mapping of Odoo's error answers, on the shapes of the team's recordings of Odoo 16-18 and Odoo 19's JSON-2. */
class OdooErrorsTest {

    private static final OdooCall CREATE = OdooCall.of("res.partner.bank", "create");

    private static JsonNode error(int code, String name, String message) throws Exception {
        return OdooValues.JSON.readTree("{\"code\":" + code + ",\"message\":\"Odoo Server Error\",\"data\":{\"name\":\""
                + name + "\",\"message\":\"" + message + "\",\"arguments\":[],\"context\":{},\"debug\":\"Traceback\"}}");
    }

    @Test
    void uniqueConstraintViolationIsAPermanentValidationError() throws Exception {
        OdooException e = OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.ValidationError",
                "The operation cannot be completed: The combination Account Number/Partner must be unique."));
        assertInstanceOf(OdooValidationException.class, e);
        assertFalse(e.isRetryable());
        assertEquals("odoo.exceptions.ValidationError", e.odooErrorName().orElseThrow());
        assertEquals("res.partner.bank", e.model().orElseThrow());
        assertTrue(e.getMessage().contains("must be unique"), e.getMessage());
    }

    @Test
    void eachOdooExceptionNameHasItsClass() throws Exception {
        assertInstanceOf(OdooAuthenticationException.class,
                OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.AccessDenied", "Access Denied")));
        assertInstanceOf(OdooAccessException.class,
                OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.AccessError", "You are not allowed")));
        assertInstanceOf(OdooMissingRecordException.class,
                OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.MissingError", "Record does not exist")));
        assertInstanceOf(OdooValidationException.class,
                OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.UserError", "Object x doesn't exist")));
        assertInstanceOf(OdooValidationException.class,
                OdooErrors.fromJsonRpc(CREATE, error(200, "builtins.ValueError", "Invalid field 'ref'")));
        assertInstanceOf(OdooSessionExpiredException.class,
                OdooErrors.fromJsonRpc(CREATE, error(100, "odoo.http.SessionExpiredException", "Session expired")));
        OdooException serialization = OdooErrors.fromJsonRpc(CREATE,
                error(200, "psycopg2.errors.SerializationFailure", "could not serialize access"));
        assertTrue(serialization.isRetryable());
    }

    @Test
    void unknownDatabaseIsAConfigurationErrorNotATransientOne() throws Exception {
        OdooException e = OdooErrors.fromJsonRpc(OdooCall.of(null, "login"), error(200, "psycopg2.OperationalError",
                "connection to server failed: FATAL:  database \\\"no_such_db\\\" does not exist"));
        assertInstanceOf(OdooServerException.class, e);
        assertTrue(e.getMessage().contains("odoo.database"), e.getMessage());
    }

    @Test
    void proxyErrorsAreTransientForReadsAndAmbiguousForWritesAndHtmlAnswersAreNeither() {
        OdooCall read = OdooCall.of("res.partner", "search_read");
        for (int status : new int[] {500, 502, 503, 504}) {
            assertInstanceOf(OdooTransientException.class, OdooErrors.fromStatusOnly(read, status, ""));
            assertInstanceOf(OdooAmbiguousWriteException.class, OdooErrors.fromStatusOnly(CREATE, status,
                    "<html><title>" + status + "</title></html>"), "a proxy's " + status + " says nothing of the call: Odoo may"
                    + " still commit the create");
        }
        OdooException badRequest = OdooErrors.fromStatusOnly(CREATE, 400, "<title>400 Bad Request</title>");
        assertFalse(badRequest.isRetryable());
    }

    @Test
    void json2StatusesMapWhenTheBodyNamesNoKnownException() throws Exception {
        JsonNode body = OdooValues.JSON.readTree("{\"name\":\"werkzeug.exceptions.Unauthorized\",\"message\":\"Invalid apikey\"}");
        assertInstanceOf(OdooAuthenticationException.class, OdooErrors.fromJson2(CREATE, 401, body, body.toString()));
        JsonNode validation = OdooValues.JSON.readTree("{\"name\":\"odoo.exceptions.ValidationError\",\"message\":\"bad\"}");
        assertInstanceOf(OdooValidationException.class, OdooErrors.fromJson2(CREATE, 422, validation, ""));
        assertInstanceOf(OdooAccessException.class, OdooErrors.fromJson2(CREATE, 403, null, "Forbidden"));
        assertInstanceOf(OdooTransientException.class, OdooErrors.fromJson2(OdooCall.of("res.partner", "read"), 503, null, "busy"));
        assertInstanceOf(OdooAmbiguousWriteException.class, OdooErrors.fromJson2(CREATE, 503, null, "busy"));
    }

    @Test
    void ibansInOdooMessagesAreMasked() throws Exception {
        OdooException e = OdooErrors.fromJsonRpc(CREATE, error(200, "odoo.exceptions.ValidationError",
                "The IBAN DE89370400440532013000 is invalid"));
        assertFalse(e.getMessage().contains("DE89370400440532013000"), e.getMessage());
        assertTrue(e.getMessage().contains("3000"), e.getMessage());
    }
}
