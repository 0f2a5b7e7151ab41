package io.financehub.flows.actualsexport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.financehub.governance.HubHeaders;
import io.financehub.governance.exceptions.ExceptionItem;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.odoo.Domain;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooContext;
import io.financehub.odoo.SearchOptions;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import io.financehub.testing.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Posted journal items in the Odoo emulator, actuals out: CSV, reconciliation report, events, increments and
 * corrections, refusals and failures. Each test uses its own period, so checkpoints never interfere.
 */
@QuarkusTest
class ActualsExportFlowTest extends ActualsExportTestSupport {

    // ---- behaviour ------------------------------------------------------------------------------------------

    @Test
    void multiCompanyMultiCurrencyLedgerIsExportedSplitToTheCentAndReconciled() throws Exception {
        String period = "2027-01";
        entry("DE01", "2027-01-05", "posted",
                Line.debit("600000", "100.00", split("DE01", "CC-100", 33.33, "CC-200", 33.33, "CC-300", 33.34)),
                Line.credit("211000", "100.00", null));
        entry("DE01", "2027-01-10", "posted",
                Line.debit("620000", "110.00", split("DE01", "CC-300", 100)).in("USD", "120.00"),
                Line.credit("101401", "110.00", null).in("USD", "-120.00"));
        entry("DE01", "2027-01-31", "posted",
                Line.debit("121000", "0.10", null),
                Line.credit("400000", "0.10", split("DE01", "CC-100", 33.33, "CC-200", 33.33, "CC-300", 33.34)));
        entry("DE01", "2027-01-15", "draft", Line.debit("600000", "999.00", null), Line.credit("211000", "999.00", null));
        entry("DE01", "2027-01-16", "cancel", Line.debit("600000", "555.00", null), Line.credit("211000", "555.00", null));
        entry("US01", "2027-01-20", "posted",
                Line.debit("610000", "1000.01", split("US01", "CC-100", 50, "CC-200", 50)),
                Line.credit("211000", "1000.01", null));

        JsonNode report = exportOk("DE01", period, "full");
        assertTrue(report.get("published").asBoolean());
        assertEquals("PROVISIONAL", report.get("status").asText());
        assertEquals(6, report.get("sourceLineCount").asInt(), "the draft and the cancelled entry are not read");
        assertNoDifferences(report);
        assertEquals("100.00", report.get("sourceTotalsByAccount").get("600000").asText());

        List<Map<String, String>> rows = csv(report.get("fileName").asText());
        // independent expectation: 100.00 by 33.33/33.33/33.34; -0.10 by the same split gives -0.03/-0.03/-0.04
        Map<String, String> expected = new TreeMap<>(Map.of(
                "PL-OPEX-GENERAL|SALES|EUR", "33.33/33.33",
                "PL-OPEX-GENERAL|OPERATIONS|EUR", "33.33/33.33",
                "PL-OPEX-GENERAL|IT|EUR", "33.34/33.34",
                "PL-PAYABLES||EUR", "-100.00/-100.00",
                "PL-OPEX-SOFTWARE|IT|USD", "110.00/120.00",
                "PL-CASH||USD", "-110.00/-120.00",
                "PL-RECEIVABLES||EUR", "0.10/0.10",
                "PL-REVENUE|SALES|EUR", "-0.03/-0.03",
                "PL-REVENUE|OPERATIONS|EUR", "-0.03/-0.03",
                "PL-REVENUE|IT|EUR", "-0.04/-0.04"));
        assertEquals(expected, totals(rows));
        assertTrue(rows.stream().allMatch(r -> r.get("currency").equals("EUR") && r.get("company").equals("DE01")));
        assertEquals(rows.size(), report.get("exportedLineCount").asInt());
        assertTrue(Files.exists(outbox().resolve(report.get("fileName").asText() + ".reconciliation.json")));
        JsonNode written = JSON.readTree(outbox().resolve(report.get("fileName").asText() + ".reconciliation.json").toFile());
        assertEquals(report, written, "the API answers the report written next to the CSV");

        List<JsonNode> events = events("DE01", period, rows.size(), Duration.ofSeconds(30));
        assertEquals(rows.size(), events.size(), "one event per CSV line");
        assertEquals("finance.actuals.line-exported", events.get(0).get("type").asText());

        JsonNode us = exportOk("US01", period, "full");
        assertNoDifferences(us);
        assertEquals(new TreeMap<>(Map.of("PL-OPEX-RENT|SALES|USD", "500.01/500.01", "PL-OPEX-RENT|OPERATIONS|USD", "500.00/500.00",
                "PL-PAYABLES||USD", "-1000.01/-1000.01")), totals(csv(us.get("fileName").asText())));

        given().auth().preemptive().basic("auditor", "auditor-demo")
                .get("/api/v1/audit?subject=actuals:DE01/" + period).then().statusCode(200);
    }

    @Test
    void incrementalRunsExportOnlyNewPostingsAndCorrectAResetMove() throws Exception {
        String period = "2027-02";
        long first = entry("DE01", "2027-02-03", "posted",
                Line.debit("600000", "300.00", split("DE01", "CC-100", 33.33, "CC-200", 33.33, "CC-300", 33.34)),
                Line.credit("211000", "300.00", null));
        JsonNode initial = exportOk("DE01", period, "incremental");
        assertEquals(4, csv(initial.get("fileName").asText()).size());

        JsonNode again = exportOk("DE01", period, "incremental");
        assertFalse(again.get("published").asBoolean(), "a second run exports nothing");
        assertEquals(0, again.get("exportedLineCount").asInt());
        assertEquals(1, filesOf("DE01", period).stream().filter(p -> p.toString().endsWith(".csv")).count());

        entry("DE01", "2027-02-10", "posted", Line.debit("610000", "50.00", null), Line.credit("101401", "50.00", null));
        JsonNode delta = exportOk("DE01", period, "incremental");
        assertEquals(2, delta.get("sourceLineCount").asInt());
        assertEquals(Map.of("PL-OPEX-RENT||EUR", "50.00/50.00", "PL-CASH||EUR", "-50.00/-50.00"),
                totals(csv(delta.get("fileName").asText())));

        client.callMethod("account.move", "button_draft", List.of(List.of(first)), Map.of(), ctx("DE01"));
        JsonNode correction = exportOk("DE01", period, "incremental");
        assertEquals(1, correction.get("correctedMoves").asInt());
        assertNoDifferences(correction);
        assertEquals(new TreeMap<>(Map.of("PL-OPEX-GENERAL|SALES|EUR", "-99.99/-99.99", "PL-OPEX-GENERAL|OPERATIONS|EUR", "-99.99/-99.99",
                "PL-OPEX-GENERAL|IT|EUR", "-100.02/-100.02", "PL-PAYABLES||EUR", "300.00/300.00")),
                totals(csv(correction.get("fileName").asText())));

        client.callMethod("account.move", "action_post", List.of(List.of(first)), Map.of(), ctx("DE01"));
        JsonNode reposted = exportOk("DE01", period, "incremental");
        assertEquals(new TreeMap<>(Map.of("PL-OPEX-GENERAL|SALES|EUR", "99.99/99.99", "PL-OPEX-GENERAL|OPERATIONS|EUR", "99.99/99.99",
                "PL-OPEX-GENERAL|IT|EUR", "100.02/100.02", "PL-PAYABLES||EUR", "-300.00/-300.00")),
                totals(csv(reposted.get("fileName").asText())), "a move posted again is exported again");
        assertFalse(exportOk("DE01", period, "incremental").get("published").asBoolean());
    }

    @Test
    void unmappedAccountsAndAnalyticsPublishNothingAndAreAllListed() throws Exception {
        String period = "2027-03";
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("name", "Marketing");
        vals.put("code", "CC-900");
        vals.put("plan_id", client.searchRead("account.analytic.account", Domain.eq("code", "CC-100"), List.of("plan_id"),
                SearchOptions.limit(1), ctx("DE01")).get(0).many2One("plan_id").orElseThrow().id());
        vals.put("company_id", 1L);
        long marketing = client.create("account.analytic.account", vals, ctx("DE01"));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("code", "101405");
        account.put("name", "Transit (not in the chart mapping)");
        account.put("account_type", "asset_current");
        if (odooVersion >= 18) {
            account.put("company_ids", List.of(List.of(6, 0, List.of(COMPANY_IDS.get("DE01")))));
        } else {
            account.put("company_id", COMPANY_IDS.get("DE01"));
        }
        odoo.store().create("account.account", account); // an accountant's doing: the hub's user may not create accounts
        entry("DE01", "2027-03-04", "posted",
                Line.debit("101405", "10.00", Map.of(Long.toString(marketing), 100.0)),
                Line.credit("101403", "10.00", null));

        Response r = export("DE01", period, "full");
        assertEquals(422, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        List<String> errors = r.jsonPath().getList("errors");
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("account 101405")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("account 101403")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("analytic account CC-900")), errors.toString());
        assertEquals(List.of(), filesOf("DE01", period));
        assertEquals(0, events("DE01", period, -1, Duration.ofSeconds(3)).size());
    }

    @Test
    void odooFailureWhilePagingPublishesNothingAndARetryExportsEverything() throws Exception {
        String period = "2027-04";
        for (int i = 1; i <= 4; i++) {
            entry("DE01", "2027-04-0" + i, "posted", Line.debit("600000", i + "0.00", split("DE01", "CC-100", 33.33, "CC-200", 33.33, "CC-300", 33.34)),
                    Line.credit("211000", i + "0.00", null));
        }
        odoo.faults().inject(Fault.httpStatus(503).on("account.move.line", "search_read").occurrence(2).repeating());
        Response failed = export("DE01", period, "incremental");
        assertEquals(503, failed.statusCode(), failed.asString());
        assertEquals(List.of(), filesOf("DE01", period), "no partial file");
        assertEquals(0, events("DE01", period, -1, Duration.ofSeconds(3)).size(), "no events");
        assertEquals(List.of("FAILED"), runStatuses(period), "each try is a run of its own, recorded failed; none left STAGED");
        List<ExceptionItem> items = exceptions.list(Optional.of(ActualsExportFlow.FLOW), Optional.empty(), 100).stream()
                .filter(i -> ("actuals:DE01/" + period).equals(i.subject)).toList();
        assertEquals(1, items.size(), "the run that ran out of retries is one exception item");
        ExceptionItem item = items.get(0);
        assertEquals(ActualsExportFlow.ENDPOINT_RUN, item.replayEndpoint);
        assertEquals("transient-exhausted", item.errorType);
        JsonNode kept = JSON.readTree(item.payload);
        assertEquals("DE01", kept.get("company").asText(), kept.toString());
        assertEquals(period, kept.get("period").asText(), kept.toString());

        // replayed once Odoo answers again: the same request, exported whole
        odoo.faults().clear();
        assertEquals(io.financehub.governance.exceptions.ReplayOutcome.Result.REPLAYED, exceptions.replay(item.id, "operator").result());
        List<Path> files = filesOf("DE01", period);
        Path csvFile = files.stream().filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow(() -> new AssertionError(files));
        JsonNode report = JSON.readTree(Files.readString(outbox().resolve(csvFile.getFileName() + ".reconciliation.json")));
        assertEquals(8, report.get("sourceLineCount").asInt());
        assertNoDifferences(report);
        // each line is split on its own: 10.00 -> 3.33/3.33/3.34, 20.00 -> 6.67/6.66/6.67, 30.00 -> 10.00/10.00/10.00,
        // 40.00 -> 13.33/13.33/13.34 (largest remainders, ties to the first key)
        assertEquals(new TreeMap<>(Map.of("PL-OPEX-GENERAL|SALES|EUR", "33.33/33.33", "PL-OPEX-GENERAL|OPERATIONS|EUR", "33.32/33.32",
                "PL-OPEX-GENERAL|IT|EUR", "33.35/33.35", "PL-PAYABLES||EUR", "-100.00/-100.00")), totals(csv(report.get("fileName").asText())));
        assertEquals(4, events("DE01", period, 4, Duration.ofSeconds(30)).size());
    }

    /**
     * FINAL needs a lock of every journal that covers the whole period: 16 and 17 lock with period_lock_date or
     * fiscalyear_lock_date, 18 and 19 (which have no period_lock_date) with fiscalyear_lock_date or hard_lock_date;
     * their sales, purchase and tax lock dates leave other journals open.
     */
    @Test
    void aFinalExportIsFinalOnceOdooLocksThePeriodForEveryJournal() throws Exception {
        String period = "2027-06";
        entry("DE01", "2027-06-10", "posted", Line.debit("600000", "40.00", split("DE01", "CC-100", 100)),
                Line.credit("211000", "40.00", null));
        entry("US01", "2027-06-11", "posted", Line.debit("610000", "25.00", null), Line.credit("211000", "25.00", null));
        boolean v18 = odooVersion >= 18;
        String periodLock = v18 ? "fiscalyear_lock_date" : "period_lock_date";
        String yearLock = v18 ? "hard_lock_date" : "fiscalyear_lock_date";

        JsonNode open = exportFinal("DE01", period);
        assertEquals("PROVISIONAL", open.get("status").asText(), open.toString());
        assertTrue(open.get("notes").get(0).asText().contains("set " + periodLock + " or " + yearLock + " to 2027-06-30"), open.toString());

        lock("DE01", Map.of(periodLock, "2027-06-29"));
        if (v18) {
            lock("DE01", Map.of("sale_lock_date", "2027-06-30", "purchase_lock_date", "2027-06-30", "tax_lock_date", "2027-06-30"));
        }
        JsonNode partly = exportFinal("DE01", period);
        assertEquals("PROVISIONAL", partly.get("status").asText(), "a lock short of the period's end, or of some journals only: " + partly);
        assertTrue(partly.get("notes").get(0).asText().contains(periodLock + " 2027-06-29"), partly.toString());

        lock("DE01", Map.of(periodLock, "2027-06-30"));
        JsonNode closed = exportFinal("DE01", period);
        assertEquals("FINAL", closed.get("status").asText(), closed.toString());
        assertEquals(0, closed.get("notes").size(), closed.toString());
        List<Map<String, String>> rows = csv(closed.get("fileName").asText());
        assertTrue(!rows.isEmpty() && rows.stream().allMatch(r -> r.get("status").equals("FINAL")), rows.toString());
        assertEquals(2, events("DE01", period, 6, Duration.ofSeconds(30)).stream()
                .filter(e -> e.get("data").get("status").asText().equals("FINAL")).count(), "the final export's events say FINAL");

        lock("US01", Map.of(yearLock, "2027-12-31"));
        JsonNode yearClosed = exportFinal("US01", period);
        assertEquals("FINAL", yearClosed.get("status").asText(), yearClosed.toString());
        assertEquals("PROVISIONAL", exportOk("US01", period, "full").get("status").asText(), "FINAL only when asked for");
    }

    /**
     * What a process killed mid-export leaves, and the flow's recovery pass: a run still STAGED (files written to
     * staging, nothing published) long after it started is recorded as failed and its files removed, so its items go
     * into the next export; a published run whose files had not yet left staging has them delivered to the outbox.
     */
    @Test
    void recoveryCompletesWhatAKilledExportLeft() throws Exception {
        String period = "2027-08";
        entry("DE01", "2027-08-03", "posted", Line.debit("610000", "70.00", null), Line.credit("101401", "70.00", null));
        JsonNode published = exportOk("DE01", period, "incremental");
        String publishedFile = published.get("fileName").asText();
        Path staging = Files.createDirectories(Path.of(workDir, "actuals-export", "staging"));
        for (String name : List.of(publishedFile, publishedFile + ".reconciliation.json")) {
            Files.move(outbox().resolve(name), staging.resolve(name)); // killed after the commit, before the move
        }
        String killedFile = "actuals-DE01-" + period + "-incremental-killed-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("insert into actuals_export (id, company, period, mode, "
                + "status, file_name, correlation_id, started_at) values (?, 'DE01', ?, 'incremental', 'STAGED', ?, 'killed', now() - interval '2 hours')")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, period);
            ps.setString(3, killedFile);
            ps.executeUpdate();
        }
        Files.writeString(staging.resolve(killedFile), "written before the kill\n");
        Files.writeString(staging.resolve(killedFile + ".reconciliation.json"), "{}");
        entry("DE01", "2027-08-05", "posted", Line.debit("620000", "30.00", null), Line.credit("101401", "30.00", null));

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(statusOf(killedFile))
                && Files.exists(outbox().resolve(publishedFile)));
        assertTrue(Files.exists(outbox().resolve(publishedFile + ".reconciliation.json")), "its report is delivered too");
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(staging.resolve(killedFile)));
        assertFalse(Files.exists(staging.resolve(killedFile + ".reconciliation.json")));
        assertFalse(Files.exists(outbox().resolve(killedFile)), "nothing of the killed run reaches the outbox");
        JsonNode next = exportOk("DE01", period, "incremental");
        assertEquals(Map.of("PL-OPEX-SOFTWARE||EUR", "30.00/30.00", "PL-CASH||EUR", "-30.00/-30.00"),
                totals(csv(next.get("fileName").asText())), "the next export has what came after, once");
    }

    @Inject
    io.financehub.events.EventOutbox eventOutbox;

    /**
     * An export's events leave through the event outbox in batches. When the broker refuses a batch (here: one event
     * larger than a record may be), its events are published one by one: the others reach the topic, the refused one
     * becomes an exception item of its own, holding the event for a replay.
     */
    @Test
    void eventsOfARefusedBatchArePublishedOneByOne() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);
        String key = "DE01/HANDOVER-" + token;
        java.util.Set<UUID> before = refusedEvents();
        for (String event : List.of("{\"id\":\"first-" + token + "\",\"correlationid\":\"" + token + "\",\"data\":{\"company\":\"HANDOVER\"}}",
                "{\"id\":\"too-big-" + token + "\",\"correlationid\":\"" + token + "\",\"data\":{\"company\":\"HANDOVER\",\"padding\":\""
                        + "x".repeat(2_000_000) + "\"}}",
                "{\"id\":\"third-" + token + "\",\"correlationid\":\"" + token + "\",\"data\":{\"company\":\"HANDOVER\"}}")) {
            eventOutbox.put(new io.financehub.events.EventOutbox.Pending(ActualsExportFlow.TOPIC, key, event));
        }

        List<ConsumerRecord<String, String>> published = TopicReader.read(bootstrap, ActualsExportFlow.TOPIC, r -> r.key().equals(key), 3,
                Duration.ofSeconds(15), Duration.ofSeconds(2));
        assertTrue(published.stream().anyMatch(r -> r.value().contains("first-" + token)), "published: " + published.size());
        assertTrue(published.stream().anyMatch(r -> r.value().contains("third-" + token)), "published: " + published.size());
        assertTrue(published.stream().noneMatch(r -> r.value().contains("too-big-" + token)));
        // the refused event is larger than an inline payload: the item keeps it in a file, by reference
        List<ExceptionItem> items = exceptions.list(Optional.of(ActualsExportFlow.FLOW), Optional.empty(), 100).stream()
                .filter(i -> !before.contains(i.id) && "direct:actuals-export-publish-event".equals(i.replayEndpoint)).toList();
        assertEquals(1, items.size(), "the refused event is one exception item");
        assertEquals("direct:actuals-export-publish-event", items.get(0).replayEndpoint, "its replay publishes the same event");
        assertTrue(items.get(0).payloadSize > 2_000_000, "it holds the refused event: " + items.get(0).payloadSize);
    }

    java.util.Set<UUID> refusedEvents() {
        return exceptions.list(Optional.of(ActualsExportFlow.FLOW), Optional.empty(), 100).stream().map(i -> i.id)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The README's own example on the embedded default's demo data: every account the demo posts to is mapped. */
    @Test
    void theDemoDataExportsWithTheDemoMappings() throws Exception {
        for (String company : List.of("DE01", "US01")) {
            JsonNode report = exportOk(company, "2026-11", "full");
            assertTrue(report.get("sourceLineCount").asInt() > 0, "the demo has posted items in 2026-11: " + report);
            assertTrue(report.get("published").asBoolean(), report.toString());
            assertTrue(report.get("sourceTotalsByAccount").has("101404"), "outstanding payments are exported: " + report);
            assertNoDifferences(report);
        }
    }

    @Test
    void exportNeedsTheOperatorRoleAndAValidPeriod() {
        given().auth().preemptive().basic("integration", "integration-demo").contentType("application/json")
                .body(Map.of("company", "DE01", "period", "2027-05")).post("/api/v1/actuals-exports").then().statusCode(403);
        Response bad = export("DE01", "May 2027", "full");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.asString().contains("YYYY-MM"));
        Response unknown = export("XX99", "2027-05", "full");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.asString().contains("companies.yaml"));
    }
}
