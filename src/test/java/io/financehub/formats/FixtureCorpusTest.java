package io.financehub.formats;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvStatementReader;
import io.financehub.formats.mt940.Mt940StatementReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.financehub.formats.dispatch.StatementReaders;
import io.financehub.formats.dispatch.DetectedFormat;
import io.financehub.testing.SharedFixtures;

/**
 * Every third-party sample under ../shared/fixtures/{camt053,camt054,camt052,mt940,csv} behaves as its README
 * says: valid samples parse and, where they carry balances, balance. Samples that are negative, or whose
 * balances do not follow from their lines (synthetic parser-test data), are listed below with the reason and
 * the exact outcome expected, so that the list cannot silently hide a regression. Skips when ../shared is absent.
 */
class FixtureCorpusTest {

    private static final Path FIXTURES = SharedFixtures.ROOT;

    private sealed interface Expect permits Balanced, Rejected, Problem, NoLayout {
    }

    /** Parses; no data errors (warnings such as NOT_BALANCE_CHECKED allowed). */
    private record Balanced() implements Expect {
    }

    /** Reading fails with this code. */
    private record Rejected(StatementFormatException.Code code, String why) implements Expect {
    }

    /** Parses, and validation reports this error (the sample itself is inconsistent). */
    private record Problem(ValidationProblem.Code code, String why) implements Expect {
    }

    /** Not detected: no example layout covers this export. */
    private record NoLayout(String why) implements Expect {
    }

    private static final String SYNTHETIC = "synthetic parser-test data: the closing balance does not follow from the lines";
    private static final String SEK_CLOSING = "genkgo sample: closing balance in SEK on a EUR account";

    private static final Map<String, Expect> SPECIAL = Map.ofEntries(
            // camt053
            Map.entry("camt053/genkgo-camt053.v2.wrong.xml", new Rejected(StatementFormatException.Code.NOT_A_STATEMENT, "README: NEGATIVE, no Stmt")),
            Map.entry("camt053/genkgo-camt053.v2.all-balance-types.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("camt053/genkgo-camt053.v2.five.decimals.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (18.150 + 8.850 != 27.050)")),
            Map.entry("camt053/genkgo-camt053.v2.minimal.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt053.v2.minimal.ultimate.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt053.v2.with-party-ids.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt053.v3.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt053.v4.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt053.v8.xml", new Problem(ValidationProblem.Code.CURRENCY_MISMATCH, SEK_CLOSING)),
            Map.entry("camt053/genkgo-camt53.only-Dt-with-DtTm.xml", new Problem(ValidationProblem.Code.NO_BALANCES, "edge-case sample with OPBD only: no closing balance to check against")),
            Map.entry("camt053/moov-statement_1.xml", new Problem(ValidationProblem.Code.NO_BALANCES, "bank sample with available balances only (OPAV/CLAV), no booked ones")),
            Map.entry("camt053/prowide-camt.053.001.07.xml", new Problem(ValidationProblem.Code.NO_BALANCES, "parser sample with ITBD and OPAV only")),
            Map.entry("camt053/oca-test-camt053.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "OCA test file: entries trimmed, balances kept")),
            Map.entry("camt053/oca-test-camt053-bookgdt-dttm.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "OCA test file: one entry, balances of the full file")),
            Map.entry("camt053/svapnil-goldman_sachs-camt_053_us_v2_sample.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "bank sample: " + SYNTHETIC)),
            Map.entry("camt053/svapnil-goldman_sachs-camt_053_uk_v2_1.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "bank sample with placeholder amounts (all 100.00): " + SYNTHETIC)),
            // camt054
            Map.entry("camt054/oca-test-sepa-camt-unpaid-invalid.xml", new Rejected(StatementFormatException.Code.NOT_A_STATEMENT, "README: NEGATIVE, namespace other.054.001.02")),
            // camt052
            Map.entry("camt052/hbci4j-test-camt-ruecklastschrift.xml", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "FinTS test report: PRCD = CLBD despite a booked return")),
            // mt940
            Map.entry("mt940/oca-test-wrong-file.940", new Rejected(StatementFormatException.Code.INVALID_CONTENT, "README: NEGATIVE, ':9401:' is no tag")),
            Map.entry("mt940/qoomon-valid-mt942.txt", new Rejected(StatementFormatException.Code.UNSUPPORTED_FORMAT, "MT942 interim report, not a statement")),
            Map.entry("mt940/wolph-mBank-mt942.sta", new Rejected(StatementFormatException.Code.UNSUPPORTED_FORMAT, "MT942 interim report, not a statement")),
            Map.entry("mt940/wolph-gv_codes.sta", new Rejected(StatementFormatException.Code.TRUNCATED, "snippet without :62F: closing balance")),
            Map.entry("mt940/jejik-abnamro.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/jejik-commerzbank.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (0 + -12.35 = 0)")),
            Map.entry("mt940/jejik-deutschebank.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (0 + -12.35 = 0)")),
            Map.entry("mt940/jejik-ing-dos.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/jejik-knab.txt", new Rejected(StatementFormatException.Code.INVALID_CONTENT, "a :61: amount '500' without the decimal comma SWIFT requires")),
            Map.entry("mt940/jejik-oldenburgischelandesbank.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/jejik-rabobank.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/jejik-sparkasse2.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/jejik-triodos.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC)),
            Map.entry("mt940/wolph-betterplace-sepa_snippet.sta", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (second statement off by 300.08)")),
            Map.entry("mt940/jejik-postfinance.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (second page off by 0.20)")),
            Map.entry("mt940/qoomon-valid-mt940.txt", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, SYNTHETIC + " (parser test message)")),
            Map.entry("mt940/wolph-raiffeisen-cmi.sta", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "anonymised amounts: " + SYNTHETIC)),
            // csv: layouts exist for the generic OCA shapes and four German bank exports
            Map.entry("csv/oca-empty_statement_en.csv", new Problem(ValidationProblem.Code.NO_LINES, "header only: nothing to import")),
            Map.entry("csv/oca-debit_credit_amount.csv", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "running balance copied from another sample: debit rows raise it")),
            Map.entry("csv/oca-meta_data_separated_credit_debit.csv", new Problem(ValidationProblem.Code.BALANCE_MISMATCH, "summary balances differ from the lines by 0.02")),
            Map.entry("csv/rechnungspilot-ing.csv", new Rejected(StatementFormatException.Code.INVALID_CONTENT, "the 'Rente' row lacks the Buchungstext column: a short row is refused, not guessed")),
            Map.entry("csv/rechnungspilot-ing-mit-saldo.csv", new Rejected(StatementFormatException.Code.INVALID_CONTENT, "the 'Rente' row lacks the Buchungstext column: a short row is refused, not guessed")),
            Map.entry("csv/oca-original_currency_no_header.csv", new NoLayout("README: NEGATIVE/edge, no header row")),
            Map.entry("csv/oca-multi_currency.csv", new NoLayout("per-line currencies in one account: no example layout")),
            Map.entry("csv/oca-paypal-activity_en.csv", new NoLayout("PSP export: no example layout")),
            Map.entry("csv/oca-paypal-statement_en.csv", new NoLayout("PSP export: no example layout")),
            Map.entry("csv/oca-paypal-statement_es.csv", new NoLayout("PSP export: no example layout")),
            Map.entry("csv/oca-adyen-settlement_detail_report_batch_238.csv", new NoLayout("PSP settlement report: no example layout")),
            Map.entry("csv/oca-payment_return-test_payment_import.csv", new NoLayout("payment-return import, not a statement")),
            Map.entry("csv/rechnungspilot-paypal.csv", new NoLayout("PSP export: no example layout")),
            Map.entry("csv/rechnungspilot-targobank-duesseldorf.csv", new NoLayout("headerless free-text export: no example layout")),
            Map.entry("csv/rechnungspilot-sparda-bank-west.csv", new NoLayout("Atruvia export whose header was anonymised (names instead of column titles)")));

    /** Expected CSV layout per sample (detection must pick exactly this one). */
    private static final Map<String, String> CSV_LAYOUT = Map.ofEntries(
            Map.entry("oca-sample_statement_en.csv", "oca-generic-en"),
            Map.entry("oca-sample_statement_credit_card_inverse_sign_en.csv", "oca-generic-en"),
            Map.entry("oca-original_currency.csv", "oca-generic-en"),
            Map.entry("oca-original_currency_empty.csv", "oca-generic-en"),
            Map.entry("oca-empty_statement_en.csv", "oca-generic-en"),
            Map.entry("oca-balance.csv", "oca-balance"),
            Map.entry("oca-debit_credit.csv", "oca-dc-indicator"),
            Map.entry("oca-debit_credit_amount.csv", "oca-debit-credit-columns"),
            Map.entry("oca-meta_data_separated_credit_debit.csv", "oca-metadata-credit-debit"),
            Map.entry("rechnungspilot-commerzbank.csv", "commerzbank-de"),
            Map.entry("rechnungspilot-ing.csv", "ing-de"),
            Map.entry("rechnungspilot-ing-mit-saldo.csv", "ing-de"),
            Map.entry("rechnungspilot-sparkasse-lzo-camt-v2.csv", "sparkasse-camt-csv"),
            Map.entry("rechnungspilot-sparkasse-lzo-camt-v8.csv", "sparkasse-camt-csv"),
            Map.entry("rechnungspilot-sparkasse-lzo-mt940.csv", "sparkasse-mt940-csv"),
            Map.entry("rechnungspilot-gls-bank.csv", "atruvia-de"));

    /** Declared charsets, as a bank profile would declare them. */
    private static final Map<String, Charset> DECLARED = Map.of(
            "mt940/wolph-raiffeisen-cmi.sta", Charset.forName("IBM852"));

    private final StatementReaders readers = new StatementReaders(TestLayouts.all(), CsvStatementReader.standalone(),
            Charset.forName("windows-1252"), CamtStatementReader.Options.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everySampleBehavesAsItsReadmeSays() throws IOException {
        SharedFixtures.require("");
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("camt053", "camt054", "camt052", "mt940", "csv")) {
            Path folder = FIXTURES.resolve(dir);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().collect(Collectors.toList())) {
                    String key = dir + "/" + file.getFileName();
                    tests.add(DynamicTest.dynamicTest(key, () -> check(key, file)));
                }
            }
        }
        return tests.stream();
    }

    private void check(String key, Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        Expect expect = SPECIAL.getOrDefault(key, new Balanced());
        if (expect instanceof Rejected rejected) {
            StatementFormatException e = assertThrows(StatementFormatException.class, () -> read(key, name, content), rejected.why());
            assertEquals(rejected.code(), e.code(), e.getMessage());
            assertTrue(e.getMessage().contains(name), "the message names the file: " + e.getMessage());
            return;
        }
        if (expect instanceof NoLayout noLayout) {
            StatementFormatException e = assertThrows(StatementFormatException.class, () -> readers.detector().detect(name, content), noLayout.why());
            assertEquals(StatementFormatException.Code.UNKNOWN_FORMAT, e.code(), e.getMessage());
            return;
        }
        if (key.startsWith("csv/")) {
            DetectedFormat format = readers.detector().detect(name, content);
            assertEquals(Optional.of(CSV_LAYOUT.get(name)), format.csvLayoutId(), "layout detected for " + name);
        }
        List<BankStatement> statements = read(key, name, content);
        assertFalse(statements.isEmpty(), "at least one statement");
        StatementValidator validator = new StatementValidator();
        List<ValidationProblem> errors = statements.stream()
                .flatMap(s -> validator.validate(s).stream())
                .filter(ValidationProblem::isError)
                .toList();
        if (expect instanceof Problem problem) {
            assertTrue(errors.stream().anyMatch(p -> p.code() == problem.code()),
                    "expected " + problem.code() + " (" + problem.why() + ") but got " + errors);
        } else {
            assertTrue(errors.isEmpty(), "no data errors expected, got " + errors.stream().map(ValidationProblem::describe).toList());
            for (BankStatement s : statements) {
                s.lines().forEach(l -> assertEquals(s.account().currency(), l.amount().currency(), "line currency"));
            }
        }
    }

    private List<BankStatement> read(String key, String name, byte[] content) {
        Charset declared = DECLARED.get(key);
        if (declared != null) {
            return Mt940StatementReader.read(content, name, Optional.of(declared), declared);
        }
        return readers.readAll(name, content);
    }
}
