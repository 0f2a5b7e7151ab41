package io.financehub.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.sandbox.embedded.LoopbackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's run command: the packaged hub started with no configuration at all runs on its embedded
 * default (PostgreSQL, Kafka, Odoo emulator with demo data), is ready within 30 s with Camel's checks,
 * imports a statement dropped in its inbox, and stops cleanly on SIGTERM (Ctrl-C).
 */
class EmbeddedDefaultIT {

    private static final String CAMT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>EMB-1</MsgId><CreDtTm>2026-11-21T18:00:00</CreDtTm></GrpHdr>
            <Stmt><Id>EMB-STMT-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-21</Dt></Dt></Bal>
            <Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-21</Dt></BookgDt>
            <ValDt><Dt>2026-11-21</Dt></ValDt><AcctSvcrRef>EMB-REF-1</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>Invoice 42</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            </Stmt></BkToCstmrStmt></Document>
            """;

    @Test
    void runsWithNoConfigurationIsReadyWithin30sImportsAStatementAndStopsCleanly() throws Exception {
        Path dir = Files.createTempDirectory("hub-embedded");
        int port = LoopbackPorts.free();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (PackagedHub hub = PackagedHub.start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)), dir)) {
            long started = System.nanoTime();
            String ready = null;
            while (System.nanoTime() - started < Duration.ofSeconds(30).toNanos() && hub.isAlive()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        ready = r.body();
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            assertTrue(ready != null, "not ready within 30 s:\n" + hub.output());
            assertTrue(ready.contains("\"context\"") && ready.contains("camel-routes"), ready);
            assertTrue(hub.output().contains("Profile embedded activated"), hub.output());

            Path inbox = Files.createDirectories(dir.resolve("work/bank-statements/inbox"));
            Files.writeString(inbox.resolve(".demo.tmp"), CAMT, StandardCharsets.UTF_8);
            Files.move(inbox.resolve(".demo.tmp"), inbox.resolve("demo.xml"));
            Path report = dir.resolve("work/bank-statements/archive").resolve(LocalDate.now().toString()).resolve("demo.xml.report.json");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(report) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(Files.exists(report), "statement not imported:\n" + hub.output());
            assertTrue(Files.readString(report).contains("\"linesCreated\" : 1"), Files.readString(report));

            // the README's operator call works against the packaged jar: its demo users exist, wrong passwords do not pass
            URI exceptions = URI.create("http://127.0.0.1:" + port + "/api/v1/exceptions");
            String operator = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:operator-demo".getBytes(StandardCharsets.UTF_8));
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:wrong".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, http.send(HttpRequest.newBuilder(exceptions).header("Authorization", operator).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(HttpRequest.newBuilder(exceptions).header("Authorization", wrong).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            int exit = hub.stop(Duration.ofSeconds(30));
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
            assertTrue(hub.output().contains("odoo-finance-hub stopped in"), hub.output());
            assertEquals(false, hub.isAlive());
        }
    }
}
