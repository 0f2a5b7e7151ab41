package io.financehub.formats.csv;

import io.financehub.canonical.Money;
import io.financehub.canonical.statement.AccountReference;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.SourceLocation;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementPeriod;
import io.financehub.formats.FreeTexts;
import io.financehub.formats.ListCursor;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.StatementFormatException.Code;
import io.financehub.formats.TextDecoding;
import io.financehub.formats.csv.CsvLayout.ColumnRef;
import io.financehub.formats.csv.CsvLayout.Field;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bank CSV export into one canonical statement, driven entirely by a {@link CsvLayout}.
 *
 * <p>Each record is parsed by Apache Commons CSV in its strict RFC 4180 form, one physical line at a time: a
 * quoted field must close on its own line, and nothing but the delimiter may follow its closing quote, so an
 * unbalanced quote is an error at its line instead of a field that swallows the delimiter and the next line. Every
 * record must have the header's number of columns (without a header: the first record's; empty cells after the
 * last column are tolerated). What this class adds: locating the header among metadata lines, mapping header
 * names to positions, ignoring summary lines, locale numbers and dates, debit/credit conventions, and line numbers
 * in errors. Quoted fields spanning several lines are therefore not supported (no bank layout seen needs them).
 *
 * <p>Lines are returned in chronological order (a layout with {@code order: descending} is reversed),
 * so the occurrence index of the idempotency key is stable between exports. Opening/closing balances
 * come from metadata patterns or are derived from the running-balance column: opening = balance after
 * the first line minus its amount, closing = balance after the last line.
 */
public final class CsvStatementReader {

    private static final int DETECT_LINES = 40;

    /** Counterparty names: camt's {@code Max140Text}, which the other formats also fit in. */
    static final FreeTexts.Field NAME = new FreeTexts.Field("counterparty name", 140);
    /** All remittance columns of a row joined: the hub's bound for a line's text in Odoo (as for camt). */
    static final FreeTexts.Field REMITTANCE = new FreeTexts.Field("remittance text", 1000);
    /** The bank's booking reference, the line's identity for exactly-once posting: camt's {@code Max35Text}; never cut. */
    static final FreeTexts.Field BANK_REFERENCE = new FreeTexts.Field("bank reference (the layout's reference column)", 35);
    static final FreeTexts.Field REFERENCE = new FreeTexts.Field("reference (end-to-end id, mandate or creditor reference)", 35);
    static final FreeTexts.Field ACCOUNT = new FreeTexts.Field("counterparty account", 34);
    static final FreeTexts.Field STATEMENT_ACCOUNT = new FreeTexts.Field("account", 34);

    private final Map<Character, CSVFormat> formats = new java.util.concurrent.ConcurrentHashMap<>();

    /** A reader; thread-safe. */
    public static CsvStatementReader standalone() {
        return new CsvStatementReader();
    }

    /** True when the layout's {@code detect} pattern matches one of the first lines of the text. */
    public static boolean matches(CsvLayout layout, String text) {
        if (layout.detect().isEmpty()) {
            return false;
        }
        String[] lines = text.split("\r\n|\r|\n", DETECT_LINES + 1);
        for (int i = 0; i < Math.min(lines.length, DETECT_LINES); i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (layout.detect().get().matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    public BankStatement read(byte[] content, String fileName, CsvLayout layout, Charset fallback) {
        String text = TextDecoding.decode(content, fileName, layout.charset(), fallback).text();
        return read(text, fileName, layout);
    }

    /** The file's statement as a cursor, with the texts the reader had to shorten as warnings. */
    public StatementCursor open(byte[] content, String fileName, CsvLayout layout, Charset fallback) {
        String text = TextDecoding.decode(content, fileName, layout.charset(), fallback).text();
        FreeTexts texts = new FreeTexts();
        BankStatement statement = read(text, fileName, layout, texts);
        return new ListCursor(List.of(statement), texts.warnings());
    }

    public BankStatement read(String text, String fileName, CsvLayout layout) {
        return read(text, fileName, layout, new FreeTexts());
    }

    private BankStatement read(String text, String fileName, CsvLayout layout, FreeTexts texts) {
        String[] physical = text.split("\r\n|\r|\n", -1);
        List<String> allLines = new ArrayList<>(List.of(physical));
        int headerIndex = -1;
        if (layout.header()) {
            headerIndex = layout.skipLines();
            if (layout.headerMatch().isPresent()) {
                while (headerIndex < allLines.size() && !layout.headerMatch().get().matcher(allLines.get(headerIndex)).find()) {
                    headerIndex++;
                }
            }
            while (headerIndex < allLines.size() && allLines.get(headerIndex).isBlank()) {
                headerIndex++;
            }
            if (headerIndex >= allLines.size()) {
                throw new StatementFormatException(Code.NOT_A_STATEMENT, "The file has no header line after " + layout.skipLines()
                        + " skipped lines", SourceLocation.file(fileName),
                        "Check that the file is a '" + layout.id() + "' export, or fix skip-lines in the layout");
            }
        }
        int firstData = layout.header() ? headerIndex + 1 : layout.skipLines();

        List<String> records = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        if (layout.header()) {
            records.add(allLines.get(headerIndex));
            lineNumbers.add(headerIndex + 1);
        }
        for (int i = firstData; i < allLines.size(); i++) {
            String line = allLines.get(i);
            if (line.isBlank() || isIgnored(layout, line) || isEmptyRecord(line, layout.delimiter())) {
                continue;
            }
            records.add(line);
            lineNumbers.add(i + 1);
        }
        List<List<String>> rows = parse(records, layout, fileName, lineNumbers);

        Map<Field, List<Integer>> positions = new EnumMap<>(Field.class);
        List<String> header = layout.header() ? rows.remove(0) : List.of();
        if (layout.header()) {
            lineNumbers.remove(0);
        }
        int headerLine = headerIndex + 1;
        for (Map.Entry<Field, List<ColumnRef>> e : layout.columns().entrySet()) {
            List<Integer> idx = new ArrayList<>();
            for (ColumnRef ref : e.getValue()) {
                idx.add(resolve(ref, header, fileName, headerLine, layout, e.getKey().key()));
            }
            positions.put(e.getKey(), idx);
        }
        Integer accountColumn = layout.account().column().map(r -> resolve(r, header, fileName, headerLine, layout, "account")).orElse(null);
        Integer currencyColumn = layout.currency().column().map(r -> resolve(r, header, fileName, headerLine, layout, "currency")).orElse(null);

        String accountId = layout.account().fixed().orElse(null);
        if (layout.account().metadata().isPresent()) {
            accountId = metadata(layout.account().metadata().get(), allLines).orElseThrow(() -> new StatementFormatException(
                    Code.INVALID_CONTENT, "The account line described by the layout ('" + layout.account().metadata().get().pattern()
                    + "') is not in the file", SourceLocation.file(fileName), "Check that the file is a complete '" + layout.id() + "' export"));
        }
        String currencyCode = layout.currency().fixed().orElse(null);

        List<StatementLine.Builder> builders = new ArrayList<>(rows.size());
        List<BigDecimal> balancesAfter = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            int lineNo = lineNumbers.get(r);
            Row row = new Row(cells, positions, fileName, lineNo, header);
            if (accountColumn != null) {
                String a = cell(cells, accountColumn);
                if (accountId == null && !a.isBlank()) {
                    accountId = a.strip();
                } else if (!a.isBlank() && !a.strip().equals(accountId)) {
                    throw row.error("The file mixes accounts (column " + (accountColumn + 1) + ")", "account",
                            "Split the export per account; one file must hold one account");
                }
            }
            String lineCurrency = currencyColumn != null ? cell(cells, currencyColumn).strip() : currencyCode;
            if (currencyCode == null && lineCurrency != null && !lineCurrency.isEmpty()) {
                currencyCode = lineCurrency;
            }
            if (lineCurrency == null || lineCurrency.isEmpty()) {
                lineCurrency = currencyCode;
            }
            if (lineCurrency == null) {
                throw row.error("The line has no currency", "currency", "Fill the currency column or fix the layout's currency");
            }
            Currency ccy = row.currency(lineCurrency, "currency");
            BigDecimal amount = amount(row, layout);
            SourceLocation where = new SourceLocation(fileName, OptionalInt.of(lineNo), OptionalInt.empty(), Optional.of(layout.id()));
            StatementLine.Builder b = StatementLine.builder()
                    .bookingDate(row.date(layout, Field.BOOKING_DATE, true))
                    .valueDate(row.date(layout, Field.VALUE_DATE, false))
                    .amount(new Money(amount, ccy))
                    .counterpartyName(texts.text(row.text(Field.COUNTERPARTY_NAME), NAME, where))
                    .counterpartyAccount(texts.text(row.text(Field.COUNTERPARTY_ACCOUNT), ACCOUNT, where))
                    .counterpartyBic(row.text(Field.COUNTERPARTY_BIC))
                    .remittanceUnstructured(texts.text(row.text(Field.REMITTANCE), REMITTANCE, where))
                    .bankReference(texts.identifier(row.text(Field.REFERENCE), BANK_REFERENCE, where.withPath("field reference")))
                    .endToEndId(notProvided(texts.text(row.text(Field.END_TO_END_ID), REFERENCE, where)))
                    .mandateId(texts.text(row.text(Field.MANDATE_ID), REFERENCE, where))
                    .creditorReference(texts.text(row.text(Field.CREDITOR_REFERENCE), REFERENCE, where))
                    .location(where);
            String status = row.text(Field.STATUS);
            if (status != null && layout.pendingValues().contains(status.strip())) {
                b.status(EntryStatus.PENDING);
            }
            String original = row.text(Field.ORIGINAL_AMOUNT);
            String originalCcy = row.text(Field.ORIGINAL_CURRENCY);
            if (original != null && originalCcy != null && !originalCcy.strip().equalsIgnoreCase(ccy.getCurrencyCode())) {
                BigDecimal value = row.number(original, layout, "original-amount");
                if (value.signum() != 0) {
                    // the sign of the foreign amount follows the line; exports differ in how they sign it
                    BigDecimal signed = amount.signum() < 0 ? value.abs().negate() : value.abs();
                    b.originalAmount(new Money(signed, row.currency(originalCcy.strip(), "original-currency")));
                }
            }
            builders.add(b);
            String balance = row.text(Field.BALANCE);
            balancesAfter.add(balance == null ? null : row.number(balance, layout, "balance"));
        }
        if (layout.descending()) {
            Collections.reverse(builders);
            Collections.reverse(balancesAfter);
        }
        if (accountId == null || accountId.isBlank()) {
            throw new StatementFormatException(Code.INVALID_CONTENT, "The account cannot be determined (layout '" + layout.id() + "')",
                    SourceLocation.file(fileName), "Fix the layout's account source or fill the account column");
        }
        if (currencyCode == null) {
            throw new StatementFormatException(Code.INVALID_CONTENT, "The currency cannot be determined: the file has no lines and the layout no fixed currency",
                    SourceLocation.file(fileName), "Give the layout a fixed currency");
        }
        Currency accountCurrency;
        try {
            accountCurrency = Money.currency(currencyCode);
        } catch (IllegalArgumentException e) {
            throw new StatementFormatException(Code.INVALID_CONTENT, "'" + quote(currencyCode) + "' is not an ISO 4217 currency code",
                    SourceLocation.file(fileName), "Check the file or the layout's currency");
        }
        AccountReference account = AccountReference.of(texts.identifier(accountId.strip(), STATEMENT_ACCOUNT, SourceLocation.file(fileName)),
                accountCurrency);

        List<StatementLine> lines = new ArrayList<>(builders.size());
        LocalDate first = null;
        LocalDate last = null;
        for (int i = 0; i < builders.size(); i++) {
            StatementLine line = builders.get(i).index(i + 1).build();
            lines.add(line);
            first = first == null || line.bookingDate().isBefore(first) ? line.bookingDate() : first;
            last = last == null || line.bookingDate().isAfter(last) ? line.bookingDate() : last;
        }
        Balance opening = null;
        Balance closing = null;
        if (!lines.isEmpty() && balancesAfter.get(0) != null && balancesAfter.get(balancesAfter.size() - 1) != null) {
            opening = new Balance("CSV-DERIVED", new Money(balancesAfter.get(0).subtract(lines.get(0).amount().amount()), accountCurrency), first);
            closing = new Balance("CSV-BALANCE", new Money(balancesAfter.get(balancesAfter.size() - 1), accountCurrency), last);
        }
        if (layout.openingBalancePattern().isPresent()) {
            Optional<String> v = metadata(layout.openingBalancePattern().get(), allLines);
            if (v.isPresent()) {
                opening = new Balance("CSV-OPENING", new Money(number(v.get(), layout, fileName, "opening-balance"), accountCurrency),
                        first != null ? first : LocalDate.EPOCH);
            }
        }
        if (layout.closingBalancePattern().isPresent()) {
            Optional<String> v = metadata(layout.closingBalancePattern().get(), allLines);
            if (v.isPresent()) {
                closing = new Balance("CSV-CLOSING", new Money(number(v.get(), layout, fileName, "closing-balance"), accountCurrency),
                        last != null ? last : LocalDate.EPOCH);
            }
        }
        StatementKind kind = layout.hasBalances() ? StatementKind.STATEMENT : StatementKind.TRANSACTION_LIST;
        StatementHeader statementHeader = new StatementHeader("csv:" + layout.id(), kind, Optional.empty(), fileName,
                Optional.empty(), Optional.empty(), account, Optional.empty(),
                first == null ? Optional.empty() : Optional.of(new StatementPeriod(first, last)),
                Optional.ofNullable(opening), Optional.ofNullable(closing), List.of(), SourceLocation.file(fileName));
        return new BankStatement(statementHeader, lines);
    }

    // ------------------------------------------------------------------------------------ records

    /**
     * The cells of each line, by the strict grammar: a quoted field closes on its line and only the delimiter follows
     * its closing quote. Every record has the width of the first (the header, when the layout has one); empty cells
     * after that width are tolerated (trailing delimiters), anything else in them, or fewer cells, is refused.
     */
    private List<List<String>> parse(List<String> input, CsvLayout layout, String fileName, List<Integer> lineNumbers) {
        CSVFormat format = formats.computeIfAbsent(layout.delimiter(), d -> CSVFormat.RFC4180.builder()
                .setDelimiter(d).setQuote('"').setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(false).setTrim(false).get());
        List<List<String>> rows = new ArrayList<>(input.size());
        int width = -1;
        for (int r = 0; r < input.size(); r++) {
            String line = input.get(r);
            int lineNo = lineNumbers.get(r);
            List<String> cells = cells(line, format, fileName, lineNo, layout);
            if (width < 0) {
                width = cells.size();
                while (width > 1 && cells.get(width - 1).isBlank()) {
                    width--;
                }
            } else if (cells.size() < width) {
                throw new StatementFormatException(Code.INVALID_CONTENT, "The line has " + cells.size() + " columns where "
                        + (layout.header() ? "the header has " : "the first line has ") + width + ": a column is missing or a quote or "
                        + "delimiter is out of place", SourceLocation.line(fileName, lineNo),
                        "Check this line of the '" + layout.id() + "' export; nothing from the file was imported");
            } else {
                for (int c = width; c < cells.size(); c++) {
                    if (!cells.get(c).isBlank()) {
                        throw new StatementFormatException(Code.INVALID_CONTENT, "The line has " + cells.size() + " columns where "
                                + (layout.header() ? "the header has " : "the first line has ") + width + " (column " + (c + 1)
                                + " is not empty): a delimiter is out of place or unquoted", SourceLocation.of(fileName, lineNo, 0,
                                "column " + (c + 1)), "Check this line of the '" + layout.id() + "' export; nothing from the file was imported");
                    }
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> cells(String line, CSVFormat format, String fileName, int lineNo, CsvLayout layout) {
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(line, format)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            String reason = lower.contains("eof reached before encapsulated token finished")
                    ? "A quoted field is not closed on this line (an unbalanced '\"'); a field may not run over the delimiter into the next line"
                    : lower.contains("between encapsulated token and delimiter")
                    ? "Text follows a quoted field's closing '\"' before the delimiter (an unbalanced or unescaped '\"'; inside a quoted "
                    + "field a quote is written twice: \"\")"
                    : "The line is not valid CSV: " + message;
            Matcher position = Pattern.compile("position: ([\\d,]+)").matcher(message);
            int column = position.find() ? Integer.parseInt(position.group(1).replace(",", "")) : 0;
            throw new StatementFormatException(Code.INVALID_CONTENT, reason, SourceLocation.of(fileName, lineNo, column, null),
                    "Check the quotes in this line of the '" + layout.id() + "' export (delimiter '" + layout.delimiter()
                            + "'); nothing from the file was imported", e);
        }
        if (records.size() != 1) {
            throw new StatementFormatException(Code.INVALID_CONTENT, "The line holds " + records.size() + " CSV records",
                    SourceLocation.line(fileName, lineNo), "Check this line of the '" + layout.id() + "' export");
        }
        CSVRecord record = records.get(0);
        if (record.size() > CsvLayout.MAX_COLUMNS) {
            throw new StatementFormatException(Code.INVALID_CONTENT, "The line has " + record.size() + " columns, more than the "
                    + CsvLayout.MAX_COLUMNS + " a layout can use", SourceLocation.line(fileName, lineNo),
                    "Check that the file is a '" + layout.id() + "' export with delimiter '" + layout.delimiter() + "'");
        }
        return new ArrayList<>(record.toList());
    }

    // ------------------------------------------------------------------------------------ values

    private static boolean isIgnored(CsvLayout layout, String line) {
        for (Pattern p : layout.ignoreLines()) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** A line of only delimiters (",,,,,") is a spacer, not a record. */
    private static boolean isEmptyRecord(String line, char delimiter) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != delimiter && c != '"' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static int resolve(ColumnRef ref, List<String> header, String fileName, int headerLine, CsvLayout layout, String key) {
        if (ref.name().isEmpty()) {
            return ref.position() - 1;
        }
        String wanted = ref.name().get();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equals(wanted)) {
                return i;
            }
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        throw new StatementFormatException(Code.INVALID_LAYOUT,
                "Column '" + wanted + "' (layout '" + layout.id() + "', " + key + ") is not in the header " + header,
                SourceLocation.line(fileName, headerLine), "Check that the file is a '" + layout.id() + "' export, or fix the layout");
    }

    private static Optional<String> metadata(Pattern p, List<String> lines) {
        for (String line : lines) {
            Matcher m = p.matcher(line.startsWith("\uFEFF") ? line.substring(1) : line);
            if (m.find()) {
                return Optional.of(m.groupCount() >= 1 ? m.group(1).strip() : m.group().strip());
            }
        }
        return Optional.empty();
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index) : "";
    }

    private static String notProvided(String s) {
        return s == null || s.equalsIgnoreCase("NOTPROVIDED") ? null : s;
    }

    private static BigDecimal amount(Row row, CsvLayout layout) {
        BigDecimal amount;
        if (row.has(Field.AMOUNT)) {
            String text = row.text(Field.AMOUNT);
            if (text == null) {
                throw row.error("The amount is empty", "amount", "Ask the bank for a corrected export");
            }
            amount = row.number(text, layout, "amount");
            if (row.has(Field.DC_INDICATOR)) {
                String ind = row.text(Field.DC_INDICATOR);
                String code = ind == null ? "" : ind.strip();
                if (layout.debitValues().contains(code)) {
                    amount = amount.abs().negate();
                } else if (layout.creditValues().contains(code)) {
                    amount = amount.abs();
                } else {
                    throw row.error("Debit/credit indicator '" + quote(code) + "' is neither " + layout.debitValues() + " nor "
                            + layout.creditValues(), "dc-indicator", "Fix the layout's debit-values/credit-values or the file");
                }
            }
        } else {
            String debit = row.text(Field.DEBIT);
            String credit = row.text(Field.CREDIT);
            if (debit == null && credit == null) {
                throw row.error("Both debit and credit are empty", "debit/credit", "Ask the bank for a corrected export");
            }
            BigDecimal d = debit == null ? BigDecimal.ZERO : row.number(debit, layout, "debit").abs();
            BigDecimal c = credit == null ? BigDecimal.ZERO : row.number(credit, layout, "credit");
            amount = c.subtract(d);
        }
        return layout.invertedSign() ? amount.negate() : amount;
    }

    static BigDecimal number(String raw, CsvLayout layout, String fileName, String key) {
        BigDecimal n = parseNumber(raw, layout);
        if (n == null) {
            throw new StatementFormatException(Code.INVALID_CONTENT, key + " '" + quote(raw) + "' is not a number in the layout's format (decimal '"
                    + layout.decimalSeparator() + "')", SourceLocation.file(fileName), "Check the file or the layout's separators");
        }
        if (digits(n) > MAX_DIGITS) {
            throw new StatementFormatException(Code.INVALID_CONTENT, key + " '" + quote(raw) + "' has " + digits(n) + " digits; an amount has at most "
                    + MAX_DIGITS, SourceLocation.file(fileName), "Check the file; no bank balance has that many digits");
        }
        return n;
    }

    /** The most digits an amount may have, as in camt ({@code totalDigits 18}): more is damage, not money. */
    static final int MAX_DIGITS = 18;

    /** Significant digits as XML Schema's {@code totalDigits} counts them (no leading zeros, no trailing fraction zeros). */
    static int digits(BigDecimal n) {
        BigDecimal stripped = n.stripTrailingZeros();
        return stripped.signum() == 0 ? 0 : stripped.scale() >= 0 ? stripped.precision() : stripped.precision() - stripped.scale();
    }

    static String quote(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Locale number: grouping removed, decimal normalised, sign leading or trailing ("9,90-"), "+" allowed. */
    static BigDecimal parseNumber(String raw, CsvLayout layout) {
        String s = raw.strip().replace("\u00a0", "").replace(" ", "");
        if (layout.groupingSeparator().isPresent()) {
            s = s.replace(String.valueOf(layout.groupingSeparator().get()), "");
        }
        if (layout.decimalSeparator() == ',') {
            s = s.replace(',', '.');
        }
        boolean negative = false;
        if (s.endsWith("-")) {
            negative = true;
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("(") && s.endsWith(")")) {
            negative = !negative;
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (!s.matches("-?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return null;
        }
        BigDecimal n = new BigDecimal(s);
        return negative ? n.negate() : n;
    }

    /** One data row with its line number, for values and for errors that name line and column. */
    private static final class Row {
        private final List<String> cells;
        private final Map<Field, List<Integer>> positions;
        private final String fileName;
        private final int line;
        private final List<String> header;

        Row(List<String> cells, Map<Field, List<Integer>> positions, String fileName, int line, List<String> header) {
            this.cells = cells;
            this.positions = positions;
            this.fileName = fileName;
            this.line = line;
            this.header = header;
        }

        boolean has(Field f) {
            return positions.containsKey(f);
        }

        /** Cell text (several remittance columns joined by a space), or null when absent or blank. */
        String text(Field f) {
            List<Integer> idx = positions.get(f);
            if (idx == null) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            for (int i : idx) {
                String v = cell(cells, i).strip();
                if (!v.isEmpty()) {
                    parts.add(v);
                }
            }
            return parts.isEmpty() ? null : String.join(" ", parts);
        }

        LocalDate date(CsvLayout layout, Field f, boolean required) {
            String text = text(f);
            if (text == null) {
                if (required) {
                    throw error("The " + f.key() + " is empty", f.key(), "Ask the bank for a corrected export");
                }
                return null;
            }
            String t = text.strip();
            for (DateTimeFormatter format : layout.dateFormats()) {
                try {
                    return LocalDate.parse(t, format);
                } catch (DateTimeParseException ignored) {
                    // try the next declared format
                }
            }
            throw error("'" + quote(t) + "' matches none of the date formats " + layout.datePatterns(), f.key(),
                    "Check the file, or add the format to the layout's date-formats");
        }

        BigDecimal number(String raw, CsvLayout layout, String key) {
            BigDecimal n = parseNumber(raw, layout);
            if (n == null) {
                throw error("'" + quote(raw) + "' is not a number in the layout's format (decimal '" + layout.decimalSeparator() + "'"
                        + layout.groupingSeparator().map(g -> ", grouping '" + g + "'").orElse("") + ")", key,
                        "Check the file, or fix the layout's decimal-separator/grouping-separator");
            }
            if (digits(n) > MAX_DIGITS) {
                throw error("'" + quote(raw) + "' has " + digits(n) + " digits; an amount has at most " + MAX_DIGITS, key,
                        "Check this line of the export; no bank amount has that many digits");
            }
            return n;
        }

        Currency currency(String code, String key) {
            try {
                return Money.currency(code);
            } catch (IllegalArgumentException e) {
                throw error("'" + quote(code) + "' is not an ISO 4217 currency code", key, "Check the file or the layout's currency");
            }
        }

        StatementFormatException error(String reason, String key, String action) {
            if (!header.isEmpty() && cells.size() < header.size() && !cells.isEmpty() && !cells.get(cells.size() - 1).isBlank()) {
                reason = reason + " (this line has " + cells.size() + " columns, the header " + header.size() + ")";
            }
            return new StatementFormatException(Code.INVALID_CONTENT, reason,
                    new SourceLocation(fileName, OptionalInt.of(line), OptionalInt.empty(), Optional.of("field " + key)), action);
        }
    }
}
