package io.financehub.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.governance.exceptions.ExceptionItem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed messages become exception items; operators replay them exactly once or discard them with a reason. */
@QuarkusTest
class ExceptionQueueTest {

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camel;

    @Inject
    FragileService fragile;

    MockEndpoint done;

    @BeforeEach
    void reset() {
        done = camel.getEndpoint("mock:test-fragile-done", MockEndpoint.class);
        done.reset();
        fragile.fix();
    }

    @AfterEach
    void fix() {
        fragile.fix();
    }

    private String sendFailing(String correlationId) {
        fragile.breakPermanently();
        producer.sendBodyAndHeaders("direct:test-fragile", "payload-" + correlationId,
                Map.of(HubHeaders.CORRELATION_ID, correlationId, HubHeaders.SUBJECT, "statement:" + correlationId));
        String id = QuarkusTransaction.requiringNew().call(() -> ExceptionItem.<ExceptionItem>find("correlationId", correlationId)
                .firstResultOptional().map(e -> e.id.toString()).orElse(null));
        assertNotNull(id, "no exception item for " + correlationId);
        return id;
    }

    @Test
    void permanentFailureBecomesAnExceptionItemAndReplayCompletesItExactlyOnce() throws Exception {
        String correlationId = "corr-" + UUID.randomUUID();
        String id = sendFailing(correlationId);

        given().auth().preemptive().basic("operator", "operator-demo")
                .when().get("/api/v1/exceptions?state=NEW&flow=bank-statements")
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.errorType", equalTo("permanent"))
                .body("find { it.id == '" + id + "' }.correlationId", equalTo(correlationId))
                // the message is masked and the payload never leaves the store
                .body("find { it.id == '" + id + "' }.errorMessage", not(containsString("DE89370400440532013000")))
                .body("find { it.id == '" + id + "' }.payload", equalTo(null));
        assertEquals(0, done.getReceivedCounter());

        fragile.fix();
        given().auth().preemptive().basic("operator", "operator-demo")
                .when().post("/api/v1/exceptions/" + id + "/replay")
                .then().statusCode(200).body("result", equalTo("REPLAYED"));
        done.expectedBodiesReceived("payload-" + correlationId);
        done.assertIsSatisfied(5_000);
        assertEquals(correlationId, done.getReceivedExchanges().get(0).getMessage().getHeader(HubHeaders.CORRELATION_ID));

        given().auth().preemptive().basic("operator", "operator-demo")
                .when().post("/api/v1/exceptions/" + id + "/replay")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("exception-not-replayable"));
        Thread.sleep(200);
        assertEquals(1, done.getReceivedCounter(), "a second replay must do nothing");

        given().auth().preemptive().basic("auditor", "auditor-demo")
                .when().get("/api/v1/audit?correlationId=" + correlationId)
                .then().statusCode(200)
                .body("action", equalTo(List.of("exception.raised", "exception.replayed")))
                .body("[1].actor", equalTo("operator"));
    }

    @Test
    void replayThatFailsAgainLeavesTheItemNewWithTheNewError() {
        String id = sendFailing("corr-" + UUID.randomUUID());
        given().auth().preemptive().basic("operator", "operator-demo")
                .when().post("/api/v1/exceptions/" + id + "/replay")
                .then().statusCode(422).body("type", containsString("replay-failed"));
        given().auth().preemptive().basic("operator", "operator-demo")
                .when().get("/api/v1/exceptions/" + id)
                .then().statusCode(200).body("state", equalTo("NEW")).body("attempts", equalTo(1));
        assertEquals(0, done.getReceivedCounter());
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> ExceptionItem.count("id = ?1", UUID.fromString(id))));
    }

    @Test
    void discardNeedsAReasonAndIsAudited() {
        String correlationId = "corr-" + UUID.randomUUID();
        String id = sendFailing(correlationId);
        given().auth().preemptive().basic("operator", "operator-demo").contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/exceptions/" + id + "/discard")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("needs a reason"))
                .body("correlationId", not(equalTo(null)));
        given().auth().preemptive().basic("operator", "operator-demo").contentType(ContentType.JSON)
                .body("{\"reason\":\"duplicate of a statement already corrected in Odoo\"}")
                .when().post("/api/v1/exceptions/" + id + "/discard")
                .then().statusCode(200).body("state", equalTo("DISCARDED")).body("decidedBy", equalTo("operator"));
        given().auth().preemptive().basic("operator", "operator-demo")
                .when().post("/api/v1/exceptions/" + id + "/replay").then().statusCode(409);
        given().auth().preemptive().basic("auditor", "auditor-demo")
                .when().get("/api/v1/audit?correlationId=" + correlationId)
                .then().statusCode(200).body("action", equalTo(List.of("exception.raised", "exception.discarded")));
    }

    @Test
    void aControlCharacterInADiscardReasonIsRefusedNamingTheFieldAndTheItemStaysNew() {
        String id = sendFailing("corr-" + UUID.randomUUID());
        List<String> logged = io.financehub.testing.LogCapture.during(() -> given().auth().preemptive().basic("operator", "operator-demo")
                .contentType(ContentType.JSON).body("{\"reason\":\"settled\\u0000 in Odoo\"}")
                .when().post("/api/v1/exceptions/" + id + "/discard")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'reason'")).body("detail", containsString("U+0000")));
        assertTrue(logged.stream().noneMatch(l -> l.indexOf('\u0000') >= 0), "a NUL reached the log: " + logged);
        given().auth().preemptive().basic("operator", "operator-demo").when().get("/api/v1/exceptions/" + id)
                .then().statusCode(200).body("state", equalTo("NEW"));
        // a reason may span lines
        given().auth().preemptive().basic("operator", "operator-demo").contentType(ContentType.JSON)
                .body("{\"reason\":\"settled in Odoo\\nby the AP team\"}").when().post("/api/v1/exceptions/" + id + "/discard")
                .then().statusCode(200).body("decisionReason", equalTo("settled in Odoo\nby the AP team"));
    }

    @Test
    void transientFailureIsRetriedBeforeItBecomesAnException() {
        String correlationId = "corr-" + UUID.randomUUID();
        fragile.failTransiently();
        producer.sendBodyAndHeaders("direct:test-fragile", "x", Map.of(HubHeaders.CORRELATION_ID, correlationId));
        ExceptionItem item = QuarkusTransaction.requiringNew().call(() -> ExceptionItem.<ExceptionItem>find("correlationId", correlationId).firstResult());
        assertEquals("transient-exhausted", item.errorType);
        assertEquals("java.net.SocketTimeoutException", item.errorClass);
    }
}
