package io.financehub.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.financehub.canonical.CompanyRef;
import io.financehub.canonical.CostCentreRef;
import io.financehub.canonical.Money;
import io.financehub.canonical.budget.BudgetCheckRequest;
import io.financehub.canonical.budget.BudgetDecision;
import io.financehub.flows.bankstatements.ImportReport;
import io.financehub.flows.bankstatements.StatementImports;
import io.financehub.flows.budgetchecks.BudgetLedger;
import io.financehub.flows.payments.PaymentBatchStore;
import io.financehub.governance.exceptions.ExceptionQueue;
import io.financehub.odoo.OdooClient;
import io.financehub.odoo.OdooException;
import io.financehub.sandbox.odoo.Fault;
import io.financehub.sandbox.odoo.OdooEmulator;
import io.financehub.testing.OdooTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver), as finance people use it: each role
 * signs in and sees its pages; an approver releases a batch that its preparer and the clerk who posted its payments
 * in Odoo were refused; an operator replays an import that failed while Odoo was down and discards a quarantined file
 * with a reason; a forged form is refused. Each page is kept as a screenshot in {@code target/console-screenshots}
 * (the paths are printed). Without chromium the class fails, unless {@code -Dhub.test.browser-optional=true} (not
 * honoured under CI=true) skips it on a developer machine.
 */
@QuarkusTest
class ConsoleBrowserTest {

    static final Path SHOTS = Path.of("target", "console-screenshots");
    /** System property that lets a developer machine without chromium skip this class (never under CI=true). */
    static final String BROWSER_OPTIONAL = "hub.test.browser-optional";
    /** An IBAN as written in full, grouped by four or not (a masked one has asterisks and does not match). */
    static final java.util.regex.Pattern FULL_IBAN = java.util.regex.Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
    static final ObjectMapper JSON = new ObjectMapper();
    /** The demo's BNK1 account (DE01): statements for it are booked in Odoo's BNK1 journal. */
    static final String BNK1 = "DE89370400440532013000";
    static final String CUSTOMER_IBAN = "GB33BUKB20201555555555";
    static final Map<String, String> PASSWORDS = Map.of("operator", "operator-demo", "approver", "approver-demo",
            "approver2", "approver2-demo", "ap-clerk", "ap-clerk-demo", "auditor", "auditor-demo", "integration", "integration-demo",
            "treasurer", "treasurer-demo");
    static final AtomicInteger SHOT = new AtomicInteger();

    static ChromeDriver driver;
    static WebDriverWait wait;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "hub.test.odoo-version")
    int odooVersion;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PaymentBatchStore batches;

    @Inject
    StatementImports imports;

    @Inject
    ExceptionQueue queue;

    @Inject
    BudgetLedger ledger;

    @Inject
    OdooClient odooClient;

    @Inject
    ObjectMapper appJson;

    @BeforeAll
    static void startChromium() throws IOException {
        String chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
        String chromedriver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || chromedriver == null) {
            String why = "Debian's chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver;"
                    + " .ci/run installs them): the console's browser tests cannot run";
            // a developer machine without a browser may skip them, on purpose only; CI never does
            if (Boolean.getBoolean(BROWSER_OPTIONAL) && !"true".equalsIgnoreCase(System.getenv("CI"))) {
                Assumptions.abort(why + " (skipped: -D" + BROWSER_OPTIONAL + "=true)");
            }
            throw new AssertionError(why + ". On a machine without them, -D" + BROWSER_OPTIONAL + "=true skips them (not under CI=true).");
        }
        if (Files.isDirectory(SHOTS)) {
            try (var old = Files.list(SHOTS)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000",
                "--force-device-scale-factor=1", "--lang=en-US", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--password-store=basic");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            // chromium is there but does not start: never a silent skip
            throw new AssertionError("Chromium (" + chromium + ") did not start through " + chromedriver + ": " + e.getMessage(), e);
        }
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    @BeforeEach
    void freshOdooAndPayments() throws Exception {
        OdooEmulator odoo = OdooTestResource.emulator(odooVersion);
        odoo.reset();
        odoo.faults().clear();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from payment_batch_payment");
            s.executeUpdate("delete from payment_batch");
            s.executeUpdate("delete from saga_log where saga_type = 'payment-file'");
        }
    }

    // ---- the browser -------------------------------------------------------------------------------------

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    void signIn(String user) {
        driver.get(url("/console/login"));
        driver.manage().deleteAllCookies();
        driver.get(url("/console/login"));
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(PASSWORDS.get(user));
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBe(By.id("user"), user));
    }

    void open(String path) {
        driver.get(url(path));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    String flash() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText();
    }

    /** Clicks a button whose form asks for confirmation, and confirms. */
    void clickAndConfirm(String id) {
        driver.findElement(By.id(id)).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** The whole page as a PNG in target/console-screenshots; prints its path. */
    @SuppressWarnings("unchecked")
    Path shot(String name) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = Math.max(1440, ((Number) size.get("width")).doubleValue());
        double height = Math.min(6000, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = SHOTS.resolve(String.format("%02d-%s.png", SHOT.incrementAndGet(), name));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        System.out.println("console screenshot: " + file.toAbsolutePath());
        return file;
    }

    List<String> navigation() {
        return driver.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
    }

    // ---- the data a finance day brings --------------------------------------------------------------------

    static UUID pendingBatchPreparedByTreasurer() throws IOException {
        return ConsoleSecurityTest.pendingBatchPreparedByTreasurer();
    }

    /** A camt.053 of BNK1 with three bookings; {@code closingOffset} unbalances it (the bank's error). */
    static String camt053(String id, String closingOffset) {
        String[][] entries = {{"1250.00", "CRDT", "Globex Ltd", CUSTOMER_IBAN, "Invoice 2026-118 " + id},
            {"310.40", "DBIT", "Acme Supplies GmbH", "DE02120300000000202051", "Order 4471 " + id},
            {"89.90", "DBIT", "Telecom Partner AG", null, "Phone November " + id}};
        java.math.BigDecimal closing = new java.math.BigDecimal("5000.00");
        StringBuilder ntry = new StringBuilder();
        for (String[] e : entries) {
            boolean credit = e[1].equals("CRDT");
            closing = credit ? closing.add(new java.math.BigDecimal(e[0])) : closing.subtract(new java.math.BigDecimal(e[0]));
            String party = credit ? "Dbtr" : "Cdtr";
            ntry.append("<Ntry><Amt Ccy=\"EUR\">").append(e[0]).append("</Amt><CdtDbtInd>").append(e[1])
                    .append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-21</Dt></BookgDt><ValDt><Dt>2026-11-21</Dt></ValDt>")
                    .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>").append(credit ? "RCDT" : "ICDT")
                    .append("</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><RltdPties><").append(party)
                    .append("><Pty><Nm>").append(e[2]).append("</Nm></Pty></").append(party).append(">");
            if (e[3] != null) {
                ntry.append("<").append(party).append("Acct><Id><IBAN>").append(e[3]).append("</IBAN></Id></").append(party).append("Acct>");
            }
            ntry.append("</RltdPties><RmtInf><Ustrd>").append(e[4]).append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>");
        }
        closing = closing.add(new java.math.BigDecimal(closingOffset));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + "<BkToCstmrStmt><GrpHdr><MsgId>MSG-" + id + "</MsgId><CreDtTm>2026-11-21T18:00:00</CreDtTm></GrpHdr><Stmt><Id>" + id
                + "</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-11-21T18:00:00</CreDtTm><Acct><Id><IBAN>" + BNK1
                + "</IBAN></Id><Ccy>EUR</Ccy></Acct>" + balance("OPBD", "5000.00", "2026-11-20") + balance("CLBD", closing.toPlainString(), "2026-11-21")
                + ntry + "</Stmt></BkToCstmrStmt></Document>\n";
    }

    private static String balance(String code, String amount, String date) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
    }

    /** Uploads a statement as the bank connector would and waits for the import's outcome. */
    ImportReport upload(String fileName, String content, String expectedStatus) {
        String importId = given().auth().preemptive().basic("integration", PASSWORDS.get("integration"))
                .contentType("application/octet-stream").body(content.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/bank-statements?fileName=" + fileName).then().statusCode(202).extract().path("importId");
        await().atMost(Duration.ofSeconds(90)).until(() -> imports.find(UUID.fromString(importId)).map(ImportReport::status)
                .filter(s -> !s.equals("RECEIVED")).isPresent());
        ImportReport report = imports.find(UUID.fromString(importId)).orElseThrow();
        assertEquals(expectedStatus, report.status(), report.toString());
        return report;
    }

    /** Waits (the breaker's delay and its trial calls) until the hub's Odoo circuit breaker lets calls through. */
    void awaitOdooReachable() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                odooClient.fieldsGet("res.company", List.of("type"));
                return "closed".equals(odooClient.circuitState().orElse("closed"));
            } catch (OdooException e) {
                return false;
            }
        });
    }

    void budgetCheck(String order, String supplier, String costCentre, String amount) {
        String body = "{\"orderReference\":\"" + order + "\",\"revision\":\"r1\",\"company\":{\"key\":\"DE01\"},\"supplier\":\"" + supplier
                + "\",\"category\":null,\"requestedBy\":\"buyer\",\"orderDate\":\"2026-11-20\",\"lines\":[{\"costCentre\":{\"company\":"
                + "{\"key\":\"DE01\"},\"code\":\"" + costCentre + "\"},\"amount\":{\"amount\":" + amount + ",\"currency\":\"EUR\"}}]}";
        given().auth().preemptive().basic("integration", PASSWORDS.get("integration")).contentType("application/json").body(body)
                .post("/api/v1/budget-checks").then().statusCode(200);
    }

    // ---- the tests ----------------------------------------------------------------------------------------

    /** The page shown is a console page for {@code user}, not an error page; no full IBAN unless the role decides payments. */
    void assertConsolePage(String user, String what) {
        assertTrue(driver.findElements(By.cssSelector("main.login-box")).isEmpty(), what + " as " + user + " is an error page: "
                + driver.findElements(By.id("flash")).stream().map(WebElement::getText).findFirst().orElse(driver.getTitle()));
        assertEquals(user, text("user"), what);
        assertFalse(driver.findElement(By.tagName("h1")).getText().isBlank(), what);
        if (!ROLES.get(user).contains("payment-approver")) {
            java.util.regex.Matcher iban = FULL_IBAN.matcher(driver.getPageSource());
            boolean full = iban.find();
            assertFalse(full, what + " shows " + user + " a full IBAN: " + (full ? io.financehub.canonical.AccountMasking.mask(iban.group()) : ""));
        }
    }

    /** What each demo user holds (application.properties, %test users). */
    static final Map<String, List<String>> ROLES = Map.of("operator", List.of("operator"), "approver", List.of("payment-approver"),
            "approver2", List.of("payment-approver"), "ap-clerk", List.of("payment-approver"), "auditor", List.of("auditor"),
            "integration", List.of("integration"), "treasurer", List.of("operator", "payment-approver"));

    @Test
    void eachRoleSignsInAndSeesEveryPageOfItsRoleWithTheDaysData() throws Exception {
        // a day's data: a batch waiting for release (and the run's sent ones, and its excluded payment as an exception),
        // an imported and a quarantined statement, budget decisions, an actuals export
        UUID waiting = pendingBatchPreparedByTreasurer();
        String token = UUID.randomUUID().toString().substring(0, 8);
        upload("tour-" + token + ".xml", camt053("TOUR-" + token, "0.00"), "IMPORTED");
        upload("tour-unbalanced-" + token + ".xml", camt053("TOURX-" + token, "0.01"), "QUARANTINED");
        budgetCheck("PO-TOUR-" + token + "-1", "Acme Supplies GmbH", "SALES", "800.00");
        budgetCheck("PO-TOUR-" + token + "-2", "Initech SARL", "OPERATIONS", "3200.00");
        given().auth().preemptive().basic("operator", PASSWORDS.get("operator")).contentType("application/json")
                .body("{\"company\":\"DE01\",\"period\":\"2026-11\"}").post("/api/v1/actuals-exports").then().statusCode(200);

        Map<String, List<String>> expected = Map.of(
                "operator", List.of("Flows", "Bank imports", "Payment batches", "Exceptions", "Budgets", "Actuals exports"),
                "approver", List.of("Flows", "Payment batches"),
                "approver2", List.of("Flows", "Payment batches"),
                "ap-clerk", List.of("Flows", "Payment batches"),
                "auditor", List.of("Flows", "Audit trail"),
                "integration", List.of("Flows"));
        for (String user : List.of("operator", "approver", "approver2", "ap-clerk", "auditor", "integration")) {
            signIn(user);
            assertEquals(expected.get(user), navigation(), user);
            // the flows' health: every route of this instance with its Camel health, none unknown
            String flows = driver.findElement(By.id("flows")).getText();
            assertTrue(flows.contains("payment-files-saga Started · UP"), flows);
            assertFalse(flows.contains("UNKNOWN"), flows);
            List<String> pages = driver.findElements(By.cssSelector("header nav a")).stream().map(a -> a.getAttribute("href")).toList();
            for (String page : pages) {
                driver.get(page);
                String name = page.replaceAll(".*/console/?", "");
                name = name.isEmpty() ? "flows" : name;
                assertConsolePage(user, page);
                shot(user + "-" + name);
                // the first entry the page lists, opened as its user would (the audit trail: a subject's entries)
                String section = page.replaceAll("^.*?(/console.*)$", "$1");
                boolean lists = !section.equals("/console") && !section.equals("/console/budgets");
                List<WebElement> entries = section.equals("/console/audit")
                        ? driver.findElements(By.cssSelector("#entries a[href*='subject=']"))
                        : lists ? driver.findElements(By.cssSelector("main a[href^='" + section + "/']")) : List.of();
                assertTrue(!lists || !entries.isEmpty(), user + " finds nothing listed on " + page);
                if (!entries.isEmpty()) {
                    String entry = entries.get(0).getAttribute("href");
                    driver.get(entry);
                    assertConsolePage(user, entry);
                    shot(user + "-" + name + "-entry");
                }
            }
            if (ROLES.get(user).contains("payment-approver")) {
                open("/console/payment-batches/" + waiting);
                assertConsolePage(user, "the waiting batch");
                assertTrue(FULL_IBAN.matcher(driver.findElement(By.id("payments")).getText()).find(),
                        user + " decides payments and sees the accounts in full");
            }
            if (ROLES.get(user).contains("auditor")) {
                driver.findElement(By.id("verify")).click();
                String verification = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verification"))).getText();
                assertTrue(verification.startsWith("The chain is intact"), verification);
                assertConsolePage(user, "chain verification");
                shot(user + "-audit-chain-verified");
            }
        }
        // a page outside the role is refused, as a page that says why
        open("/console/exceptions");
        assertTrue(driver.findElement(By.id("flash")).getText().contains("which this page needs"), driver.getPageSource().length() + "");
        shot("integration-refused-exceptions");
        // signing out ends the session: the next page asks for the login again
        open("/console");
        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "You are signed out"));
        open("/console/payment-batches");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("j_username")));
        // and a wrong password is said so
        driver.findElement(By.id("j_username")).sendKeys("approver");
        driver.findElement(By.id("j_password")).sendKeys("not-the-password");
        driver.findElement(By.id("sign-in")).click();
        assertTrue(flash().contains("was not accepted"));
        shot("login-refused");
    }

    @Test
    void approverReleasesTheBatchThatItsPreparerAndTheOdooClerkWereRefused() throws Exception {
        UUID id = pendingBatchPreparedByTreasurer();
        String page = "/console/payment-batches/" + id;
        String account = batches.find(id).orElseThrow().snapshot().lines().get(0).creditorAccount().replace(" ", "");

        signIn("treasurer");
        open(page);
        assertTrue(text("standing").contains("the four-eyes rule will refuse"), text("standing"));
        assertTrue(text("excluded").contains("treasurer: prepared the batch"), text("excluded"));
        assertTrue(text("excluded").contains("ap-clerk"), text("excluded"));
        clickAndConfirm("approve");
        assertTrue(flash().contains("You prepared payment batch " + id + " and cannot approve it"), flash());
        assertEquals("PENDING_APPROVAL", text("state"));
        shot("batch-preparer-refused");

        signIn("ap-clerk");
        open(page);
        clickAndConfirm("approve");
        assertTrue(flash().contains("You created or posted Odoo payment"), flash());
        assertEquals("PENDING_APPROVAL", batches.find(id).orElseThrow().view().state());
        shot("batch-odoo-clerk-refused");

        signIn("operator");
        open(page);
        assertFalse(driver.getPageSource().contains(account), "an operator sees no full account");
        assertTrue(driver.findElements(By.id("approve")).isEmpty(), "an operator has no approve button");
        shot("batch-as-operator-masked");

        signIn("approver");
        open("/console/payment-batches");
        assertTrue(driver.findElement(By.id("waiting")).getText().contains("treasurer"));
        shot("batches-waiting-for-release");
        driver.findElement(By.cssSelector("#waiting a[href='" + page + "']")).click();
        assertTrue(driver.findElement(By.id("payments")).getText().contains(account.replaceAll("(.{4})(?!$)", "$1 ")),
                "the approver sees the account it releases money to");
        assertEquals("You may approve or reject this batch.", text("standing"));
        shot("batch-before-approval");
        clickAndConfirm("approve");
        assertTrue(flash().contains("approved by approver and sent to the bank"), flash());
        assertEquals("SENT", text("state"));
        assertEquals("SENT", batches.find(id).orElseThrow().view().state());
        assertEquals("approver", batches.find(id).orElseThrow().view().decidedBy());
        shot("batch-approved-and-sent");

        signIn("auditor");
        open("/console/audit?subject=" + java.net.URLEncoder.encode("payment-batch:" + id, StandardCharsets.UTF_8));
        String entries = driver.findElement(By.id("entries")).getText();
        assertTrue(entries.contains("payment-batch.approved"), entries);
        assertTrue(entries.contains("approver"), entries);
        driver.findElement(By.id("verify")).click();
        // the whole chain is verified before the page answers: it takes a while on a long trail
        String verification = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verification"))).getText();
        assertTrue(verification.startsWith("The chain is intact"), verification);
        shot("audit-batch-approval-and-chain-verified");
    }

    @Test
    void operatorReplaysAnImportThatFailedWhileOdooWasDownAndDiscardsAQuarantinedFile() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);
        OdooEmulator odoo = OdooTestResource.emulator(odooVersion);
        odoo.faults().inject(Fault.odooError("psycopg2.errors.SerializationFailure").on("account.bank.statement", "create").repeating());
        ImportReport failed;
        try {
            failed = upload("outage-" + token + ".xml", camt053("OUT-" + token, "0.00"), "FAILED");
        } finally {
            odoo.faults().clear();
        }
        ImportReport quarantined = upload("unbalanced-" + token + ".xml", camt053("UNB-" + token, "0.01"), "QUARANTINED");
        awaitOdooReachable();

        signIn("operator");
        open("/console/bank-imports");
        String problems = driver.findElement(By.id("quarantined")).getText();
        assertTrue(problems.contains("unbalanced-" + token) && problems.contains("outage-" + token), problems);
        shot("bank-imports-with-quarantine");
        open("/console/bank-imports/" + quarantined.importId());
        assertTrue(text("reason").contains("Nothing was posted"), text("reason"));
        shot("bank-import-quarantined-report");

        open("/console/exceptions?flow=bank-statements&state=NEW");
        assertTrue(driver.findElement(By.id("items")).getText().contains("import:" + failed.importId()));
        shot("exception-queue");
        open("/console/exceptions/" + failed.exceptionId());
        String payload = text("payload");
        assertTrue(payload.contains("Globex Ltd"), "the payload summary shows the file's beginning");
        assertTrue(payload.lines().count() > 20, "XML written on one line is shown an element a line: " + payload.lines().count());
        assertFalse(driver.getPageSource().contains(BNK1) || driver.getPageSource().contains(CUSTOMER_IBAN),
                "bank accounts in the payload are masked");
        assertTrue(payload.contains(io.financehub.canonical.AccountMasking.mask(BNK1)), payload);
        shot("exception-before-replay");
        clickAndConfirm("replay");
        assertTrue(flash().startsWith("Replayed"), flash());
        assertEquals("REPLAYED", text("state"));
        assertEquals("IMPORTED", imports.find(UUID.fromString(failed.importId())).orElseThrow().status());
        assertEquals(3, imports.find(UUID.fromString(failed.importId())).orElseThrow().linesCreated());
        shot("exception-replayed");
        open("/console/bank-imports/" + failed.importId());
        shot("bank-import-after-replay");

        open("/console/exceptions/" + quarantined.exceptionId());
        driver.findElement(By.id("discard")).click();
        assertEquals("NEW", text("state"), "the browser does not send a discard without a reason");
        driver.findElement(By.id("discard-reason")).sendKeys("The bank sent a corrected statement UNB-" + token + " (ticket 4711)");
        driver.findElement(By.id("discard")).click();
        assertTrue(flash().contains("Discarded by operator"), flash());
        assertEquals("DISCARDED", text("state"));
        assertEquals("The bank sent a corrected statement UNB-" + token + " (ticket 4711)",
                queue.find(UUID.fromString(quarantined.exceptionId())).orElseThrow().decisionReason);
        shot("exception-discarded-with-reason");
    }

    @Test
    void operatorChecksBudgetDecisionsAndExportsAMonthWithItsReconciliation() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        budgetCheck("PO-" + token + "-1", "Acme Supplies GmbH", "SALES", "800.00");
        budgetCheck("PO-" + token + "-2", "Initech SARL", "OPERATIONS", "3200.00");
        budgetCheck("PO-" + token + "-3", "Broken Bank Vendor", "IT", "450.00");
        // what the platform provider records while the finance platform is down: a hold, not final
        BudgetCheckRequest held = new BudgetCheckRequest("PO-" + token + "-4", "r1", new CompanyRef("DE01"), "Globex Ltd", Optional.empty(),
                "buyer", LocalDate.of(2026, 11, 20), List.of(new BudgetCheckRequest.Line(new CostCentreRef(new CompanyRef("DE01"), "IT"),
                        Money.of("7400.00", "EUR"))));
        BudgetDecision hold = new BudgetDecision(held.orderReference(), "r1", BudgetDecision.Outcome.HOLD, List.of("BUDGET_PLATFORM_UNAVAILABLE"),
                Optional.empty(), "The budget platform did not answer; the order waits until it does.", Money.of("0.00", "EUR"));
        ledger.record(held, appJson.writeValueAsString(hold), false, o -> !o.equals("HOLD") && !o.equals("QUEUED"), Optional.empty(),
                Optional.empty());

        signIn("operator");
        open("/console/budgets");
        assertTrue(driver.findElement(By.id("waiting")).getText().contains("PO-" + token + "-4"));
        String decisions = driver.findElement(By.id("decisions")).getText();
        assertTrue(decisions.contains("PO-" + token + "-1") && decisions.contains("APPROVE"), decisions);
        assertTrue(decisions.contains("ESCALATE") && decisions.contains("REJECT"), decisions);
        shot("budgets");

        open("/console/actuals-exports");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("company"))).selectByValue("DE01");
        WebElement period = driver.findElement(By.id("period"));
        period.clear();
        period.sendKeys("2026-11");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("full");
        driver.findElement(By.id("run-export")).click();
        String done = flash();
        assertTrue(done.startsWith("Exported DE01 2026-11 (full)"), done);
        assertTrue(driver.findElement(By.id("reconciliation")).getText().contains("0.00"));
        shot("actuals-export-reconciliation");
        open("/console/actuals-exports");
        shot("actuals-exports");
    }

    @Test
    void aForgedFormIsRefusedThenAnApproverRejectsTheBatchWithAReason() throws Exception {
        UUID id = pendingBatchPreparedByTreasurer();
        signIn("approver");
        open("/console/payment-batches/" + id);
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('input[name=csrf]').forEach(function (i) { i.value = 'forged-by-another-site'; });");
        clickAndConfirm("approve");
        String refusal = flash();
        assertTrue(refusal.contains("did not carry this session's security token"), refusal);
        assertEquals("PENDING_APPROVAL", batches.find(id).orElseThrow().view().state());
        shot("forged-form-refused");

        signIn("approver2");
        open("/console/payment-batches/" + id);
        driver.findElement(By.id("reject")).click();
        assertEquals("PENDING_APPROVAL", text("state"), "the browser does not send a rejection without a reason");
        driver.findElement(By.id("reject-reason")).sendKeys("Execution date is a bank holiday; prepare again for 2026-11-25");
        driver.findElement(By.id("reject")).click();
        assertTrue(flash().contains("rejected"), flash());
        assertEquals("REJECTED", text("state"));
        assertEquals("REJECTED", batches.find(id).orElseThrow().view().state());
        assertEquals("approver2", batches.find(id).orElseThrow().view().decidedBy());
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("Execution date is a bank holiday"));
        assertTrue(driver.findElements(By.id("approve")).isEmpty(), "a decided batch offers no approval");
        shot("batch-rejected-with-reason");
    }
}
