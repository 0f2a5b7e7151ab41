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
 * What the actuals-export tests share: a fresh Odoo emulator and outbox per test, ledger seeding through Odoo's API,
 * the export over HTTP and readers of its outputs (CSV, events, runs). Each test uses its own period.
 */
abstract class ActualsExportTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Long> COMPANY_IDS = Map.of("DE01", 1L, "US01", 2L);

    @ConfigProperty(name = "hub.work-dir")
    String workDir;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OdooClient client;

    @Inject
    CamelContext camel;

    @Inject
    ExceptionQueue exceptions;

    OdooEmulator odoo;

    @BeforeEach
    void freshOdooAndOutbox() throws IOException {
        // the work dir outlives a test run, the governance store does not: start from an empty outbox too
        if (Files.isDirectory(outbox())) {
            try (Stream<Path> files = Files.list(outbox())) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        odoo.faults().clear();
    }

    // ---- ledger seeding (through Odoo's API, as an accountant would) --------------------------------------

    record Line(String account, String debit, String credit, Map<String, Double> analytic, String currency, String amountCurrency) {
        static Line debit(String account, String amount, Map<String, Double> analytic) {
            return new Line(account, amount, "0", analytic, null, null);
        }

        static Line credit(String account, String amount, Map<String, Double> analytic) {
            return new Line(account, "0", amount, analytic, null, null);
        }

        Line in(String currency, String amountCurrency) {
            return new Line(account, debit, credit, analytic, currency, amountCurrency);
        }
    }

    OdooContext ctx(String company) {
        return OdooContext.empty().withAllowedCompanyIds(COMPANY_IDS.get(company));
    }

    long id(String company, String model, Domain domain) {
        List<Long> ids = client.search(model, domain, SearchOptions.limit(1), ctx(company));
        assertEquals(1, ids.size(), model + " " + domain + " in " + company);
        return ids.get(0);
    }

    long analytic(String company, String code) {
        return id(company, "account.analytic.account", Domain.and(Domain.eq("code", code),
                Domain.eq("company_id", COMPANY_IDS.get(company))));
    }

    Map<String, Double> split(String company, Object... codeAndPercent) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < codeAndPercent.length; i += 2) {
            out.put(Long.toString(analytic(company, (String) codeAndPercent[i])), ((Number) codeAndPercent[i + 1]).doubleValue());
        }
        return out;
    }

    /** An account by code; 18+ share accounts between companies ({@code company_ids}), 16 and 17 have one company each. */
    long account(String company, String code) {
        return id(company, "account.account", Domain.and(Domain.eq("code", code),
                Domain.eq(odooVersion >= 18 ? "company_ids" : "company_id", COMPANY_IDS.get(company))));
    }

    long entry(String company, String date, String state, Line... lines) {
        long journal = id(company, "account.journal", Domain.and(Domain.eq("code", "MISC"), Domain.eq("company_id", COMPANY_IDS.get(company))));
        List<Object> commands = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> vals = new LinkedHashMap<>();
            vals.put("account_id", account(company, l.account()));
            vals.put("name", "actuals test");
            vals.put("debit", new BigDecimal(l.debit()));
            vals.put("credit", new BigDecimal(l.credit()));
            if (l.analytic() != null) {
                vals.put("analytic_distribution", l.analytic());
            }
            if (l.currency() != null) {
                vals.put("currency_id", id(company, "res.currency", Domain.eq("name", l.currency())));
                vals.put("amount_currency", new BigDecimal(l.amountCurrency()));
            }
            commands.add(List.of(0, 0, vals));
        }
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("move_type", "entry");
        move.put("journal_id", journal);
        move.put("date", date);
        move.put("line_ids", commands);
        long id = client.create("account.move", move, ctx(company));
        if (!state.equals("draft")) {
            client.callMethod("account.move", "action_post", List.of(List.of(id)), Map.of(), ctx(company));
        }
        if (state.equals("cancel")) {
            client.callMethod("account.move", "button_draft", List.of(List.of(id)), Map.of(), ctx(company));
            client.callMethod("account.move", "button_cancel", List.of(List.of(id)), Map.of(), ctx(company));
        }
        return id;
    }

    // ---- export and its outputs --------------------------------------------------------------------------

    Response export(String company, String period, String mode) {
        return given().auth().preemptive().basic("operator", "operator-demo").contentType("application/json")
                .body(Map.of("company", company, "period", period, "mode", mode)).post("/api/v1/actuals-exports");
    }

    JsonNode exportFinal(String company, String period) throws IOException {
        Response r = given().auth().preemptive().basic("operator", "operator-demo").contentType("application/json")
                .body(Map.of("company", company, "period", period, "mode", "full", "finalExport", true)).post("/api/v1/actuals-exports");
        assertEquals(200, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    /** Sets a company's lock dates in Odoo, as an accountant does in Odoo's Lock Dates dialog. */
    void lock(String company, Map<String, String> lockDates) {
        odoo.store().writeStored("res.company", COMPANY_IDS.get(company), lockDates);
    }

    JsonNode exportOk(String company, String period, String mode) throws IOException {
        Response r = export(company, period, mode);
        assertEquals(200, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    Path outbox() {
        return Path.of(workDir, "actuals-export", "outbox");
    }

    /** CSV rows as maps (header names as keys), read independently of Bindy. */
    List<Map<String, String>> csv(String fileName) throws IOException {
        List<String> lines = Files.readAllLines(outbox().resolve(fileName));
        String[] header = lines.get(0).replace("\"", "").split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i].replace("\"", ""));
            }
            rows.add(row);
        }
        return rows;
    }

    /** planning account|cost centre|original currency → "amount/original amount", summed. */
    static Map<String, String> totals(List<Map<String, String>> rows) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (Map<String, String> r : rows) {
            BigDecimal[] s = sums.computeIfAbsent(r.get("planning_account") + "|" + r.get("cost_centre") + "|" + r.get("original_currency"),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(new BigDecimal(r.get("amount")));
            s[1] = s[1].add(new BigDecimal(r.get("original_amount")));
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0].toPlainString() + "/" + s[1].toPlainString()));
        return out;
    }

    List<Path> filesOf(String company, String period) throws IOException {
        if (!Files.isDirectory(outbox())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(p -> p.getFileName().toString().contains("-" + company + "-" + period + "-")).toList();
        }
    }

    /** Events on finance.actuals whose data matches company and period, polled for up to {@code wait}. */
    List<JsonNode> events(String company, String period, int expected, Duration wait) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.read(bootstrap, "finance.actuals", r -> {
            JsonNode data = TopicReader.json(r).path("data");
            return company.equals(data.path("company").asText()) && period.equals(data.path("period").asText());
        }, expected, wait, Duration.ZERO)) {
            assertEquals(company + "/" + period, r.key(), "events are keyed by company and period");
            found.add(TopicReader.json(r));
        }
        return found;
    }

    static void assertNoDifferences(JsonNode report) {
        report.get("differences").fields().forEachRemaining(d ->
                assertEquals(0, new BigDecimal(d.getValue().asText()).signum(), "difference on " + d.getKey()));
        assertEquals(0, new BigDecimal(report.get("sourceTotal").asText()).compareTo(new BigDecimal(report.get("exportedTotal").asText())));
        assertEquals(0, new BigDecimal(report.get("totalDebit").asText()).compareTo(new BigDecimal(report.get("totalCredit").asText())));
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The distinct statuses of the runs of DE01 in {@code period}. */
    List<String> runStatuses(String period) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(
                "select distinct status from actuals_export where company = 'DE01' and period = ? order by status")) {
            ps.setString(1, period);
            List<String> out = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    String statusOf(String fileName) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("select status from actuals_export where file_name = ?")) {
            ps.setString(1, fileName);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
