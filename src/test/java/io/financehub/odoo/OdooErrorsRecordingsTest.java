package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error answer real Odoo 16, 17 and 18 gave in the team's recordings maps to the intended exception class:
 * the mapping is checked against what Odoo really sends, not only against hand-written samples.
 */
class OdooErrorsRecordingsTest {

    /** data.name as recorded → the class a route must see. */
    private static final Map<String, Class<? extends OdooException>> EXPECTED = Map.of(
            "odoo.exceptions.AccessDenied", OdooAuthenticationException.class,
            "odoo.exceptions.AccessError", OdooAccessException.class,
            "odoo.exceptions.MissingError", OdooMissingRecordException.class,
            "odoo.exceptions.UserError", OdooValidationException.class,
            "odoo.exceptions.ValidationError", OdooValidationException.class,
            "builtins.ValueError", OdooValidationException.class,
            "builtins.TypeError", OdooValidationException.class,
            "builtins.AttributeError", OdooValidationException.class,
            "builtins.KeyError", OdooValidationException.class,
            "psycopg2.OperationalError", OdooServerException.class); // recorded only for an unknown database

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 17, 18})
    void everyRecordedOdooErrorMapsToItsClassAndIsPermanent(int version) throws IOException {
        List<Path> files = recordings(version);
        int errors = 0;
        for (Path file : files) {
            JsonNode exchange = OdooValues.JSON.readTree(file.toFile());
            JsonNode error = exchange.path("response").path("error");
            if (error.isMissingNode()) {
                continue;
            }
            errors++;
            String name = error.path("data").path("name").asText();
            Class<? extends OdooException> expected = EXPECTED.get(name);
            if (expected == null) {
                fail(file.getFileName() + ": no expected class for recorded error " + name);
            }
            OdooException mapped = OdooErrors.fromJsonRpc(call(exchange), error);
            assertEquals(expected, mapped.getClass(), file.getFileName() + " (" + name + ")");
            assertFalse(mapped.isRetryable(), file.getFileName() + ": Odoo's own refusals are never retryable");
            assertEquals(name, mapped.odooErrorName().orElseThrow(), file.getFileName().toString());
        }
        assertTrue(errors >= 20, "Odoo " + version + " recordings hold error answers: " + errors);
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 17, 18})
    void recordedHttpLevelRefusalsArePermanent(int version) throws IOException {
        int refusals = 0;
        for (Path file : recordings(version)) {
            JsonNode exchange = OdooValues.JSON.readTree(file.toFile());
            int status = exchange.path("http").path("status").asInt();
            if (status == 200) {
                continue;
            }
            refusals++;
            OdooException mapped = OdooErrors.fromStatusOnly(OdooCall.of("res.partner", "search_read"), status,
                    exchange.path("response").asText());
            assertFalse(mapped.isRetryable(), file.getFileName() + " HTTP " + status);
        }
        assertTrue(refusals > 0);
    }

    private static OdooCall call(JsonNode exchange) {
        JsonNode args = exchange.path("request").path("params").path("args");
        String service = exchange.path("request").path("params").path("service").asText();
        if ("object".equals(service) && args.size() > 4) {
            return OdooCall.of(args.get(3).asText(), args.get(4).asText());
        }
        return OdooCall.of(null, exchange.path("request").path("params").path("method").asText());
    }

    private static List<Path> recordings(int version) throws IOException {
        Path folder = Path.of("src", "test", "resources", "odoo-recordings", "odoo" + version);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
    }
}
