package io.financehub.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.testing.JwtTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every /api operation refuses anonymous callers (401) and callers without its role (403). The operations
 * come from the OpenAPI document, so an endpoint added later is covered without touching this test.
 */
@QuarkusTest
class ApiSecurityTest {

    @jakarta.inject.Inject
    VerifiedTokenCache tokens;

    /** Demo users (application.properties) and their single role. */
    private static final Map<String, String[]> USERS = Map.of(
            "integration", new String[] {"integration", "integration-demo"},
            "operator", new String[] {"operator", "operator-demo"},
            "payment-approver", new String[] {"approver", "approver-demo"},
            "auditor", new String[] {"auditor", "auditor-demo"});

    @Test
    void everyApiOperationAnswers401WithoutCredentialsAnd403WithAWrongRole() throws Exception {
        JsonNode openapi = new ObjectMapper().readTree(given().auth().preemptive().basic("operator", "operator-demo")
                .accept("application/json").get("/q/openapi").asString());
        List<String> checked = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{id}", "00000000-0000-0000-0000-000000000001")
                    .replaceAll("\\{[^}]+}", "1");
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                Set<String> roles = rolesOf(op.getValue());
                if (roles.isEmpty()) {
                    fail(method + " " + path.getKey() + " declares no role in the OpenAPI document");
                }
                Response anonymous = given().contentType("application/json").body("{}").request(method, concrete);
                assertTrue(anonymous.statusCode() == 401, method + " " + concrete + " anonymous: " + anonymous.statusCode());
                assertTrue(anonymous.contentType().startsWith("application/problem+json"), method + " " + concrete);

                String wrongRole = USERS.keySet().stream().filter(r -> !roles.contains(r)).findFirst().orElseThrow();
                String[] user = USERS.get(wrongRole);
                Response denied = given().auth().preemptive().basic(user[0], user[1]).contentType("application/json")
                        .body("{}").request(method, concrete);
                assertTrue(denied.statusCode() == 403, method + " " + concrete + " as " + wrongRole + ": " + denied.statusCode());
                assertTrue(denied.contentType().startsWith("application/problem+json"), method + " " + concrete);
                checked.add(method + " " + path.getKey());
            }
        }
        assertFalse(checked.isEmpty(), "the OpenAPI document lists no /api operation");
        assertTrue(checked.contains("POST /api/v1/exceptions/{id}/replay"), checked.toString());
    }

    @Test
    void wrongPasswordIsRefusedWithProblemDetails() {
        given().auth().preemptive().basic("operator", "wrong").get("/api/v1/exceptions")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void bearerTokenOfTheConfiguredIssuerAuthenticatesWithTheRolesOfItsGroupsClaim() {
        String operator = JwtTestResource.token("ops.oncall@example.com", Set.of("operator"));
        given().auth().oauth2(operator).get("/api/v1/exceptions").then().statusCode(200);
        assertTrue(tokens.holds(operator), "the hub's verified token cache answers the token's next calls");
        given().auth().oauth2(operator).get("/api/v1/exceptions").then().statusCode(200);
        given().auth().oauth2(JwtTestResource.token("erp-connector", Set.of("integration"))).get("/api/v1/exceptions")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void expiredForgedOrForeignIssuerTokensAreRefusedWithProblemDetails() {
        Set<String> operator = Set.of("operator");
        Map<String, String> refused = Map.of(
                "expired", JwtTestResource.token("ops", operator, JwtTestResource.ISSUER, Instant.now().minus(Duration.ofMinutes(10)),
                        JwtTestResource.trustedKey()),
                "signed with a key the hub does not know", JwtTestResource.token("ops", operator, JwtTestResource.ISSUER,
                        Instant.now().plus(Duration.ofHours(1)), JwtTestResource.foreignKey()),
                "another issuer", JwtTestResource.token("ops", operator, "https://login.example.org/other",
                        Instant.now().plus(Duration.ofHours(1)), JwtTestResource.trustedKey()),
                "not a token", "not-a-jwt");
        refused.forEach((why, token) -> {
            Response response = given().auth().oauth2(token).get("/api/v1/exceptions");
            assertTrue(response.statusCode() == 401, why + ": " + response.statusCode());
            assertTrue(response.contentType().startsWith("application/problem+json"), why + ": " + response.contentType());
        });
    }

    /** One rule for every form of the document: /q/openapi.json, .yaml and .yml were open to anyone. */
    @Test
    void everyFormOfTheApiDescriptionNeedsTheOperatorRole() {
        for (String path : List.of("/q/openapi", "/q/openapi.json", "/q/openapi.yaml", "/q/openapi.yml", "/q/openapi?format=json")) {
            Response anonymous = given().get(path);
            assertEquals(401, anonymous.statusCode(), path);
            ApiErrorsTest.assertProblem(anonymous, path);
            Response integration = given().auth().preemptive().basic("integration", "integration-demo").get(path);
            assertEquals(403, integration.statusCode(), path);
            ApiErrorsTest.assertProblem(integration, path);
            Response operator = given().auth().preemptive().basic("operator", "operator-demo").get(path);
            assertEquals(200, operator.statusCode(), path);
            assertTrue(operator.asString().contains("/api/v1/actuals-exports"), path);
        }
    }

    private static Set<String> rolesOf(JsonNode operation) {
        Set<String> roles = new HashSet<>();
        JsonNode security = operation.get("security");
        if (security != null) {
            for (JsonNode requirement : security) {
                requirement.fields().forEachRemaining(e -> e.getValue().forEach(r -> roles.add(r.asText())));
            }
        }
        return roles;
    }
}
