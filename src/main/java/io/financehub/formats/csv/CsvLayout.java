package io.financehub.formats.csv;

import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One bank's CSV export described in data (a {@code mappings/csv-layouts/*.yaml} file), so that a new bank
 * needs a layout file, not code. Build it with {@link #fromMap(Map)} from the parsed YAML; every problem
 * in the map is reported at once, each with its key.
 *
 * <pre>
 * id: ing-de                          # unique, used in the format header ("csv:ing-de")
 * charset: ISO-8859-1                 # declared charset; UTF-8 content and BOMs are still recognised
 * delimiter: ";"                      # one of , ; | and "\t"
 * skip-lines: 0                       # lines before the header (metadata blocks)
 * header: true                        # the first line after skip-lines names the columns
 * header-match: "^Buchung;"           # or: the header is the first line (after skip-lines) matching this
 * detect: "^Buchung;Valuta;"          # regex matching one of the first 40 lines: how the detector recognises the export
 * ignore-lines: ["^Saldo"]            # data lines matching any of these are skipped
 * account: {fixed: DE89...} | {column: Auftragskonto} | {metadata: "^IBAN;(.+)$"}
 * currency: {fixed: EUR} | {column: "Währung"}
 * columns:                            # header name, or 1-based column number
 *   booking-date: Buchung
 *   value-date: Valuta
 *   amount: Betrag                    # or debit + credit, or amount + dc-indicator
 *   debit: Soll
 *   credit: Haben
 *   dc-indicator: "S/H"
 *   counterparty-name, counterparty-account, counterparty-bic, remittance (one or a list, joined),
 *   reference, end-to-end-id, mandate-id, creditor-reference, original-amount, original-currency,
 *   balance (running balance after the line), status
 * debit-values: [D, S]  credit-values: [C, H]   # for dc-indicator
 * pending-values: ["Umsatz vorgemerkt"]         # status values of lines not yet booked
 * date-formats: ["dd.MM.yyyy", "dd.MM.yy"]
 * decimal-separator: ","   grouping-separator: "."
 * sign: normal | inverted            # inverted: the export shows debits positive (credit-card style)
 * order: ascending | descending      # row order by date, used to derive opening/closing from the balance column
 * opening-balance: {metadata: "regex with group 1"}  closing-balance: {metadata: "..."}
 * balances: none                     # required when the export has neither a balance column nor both balance
 *                                    # metadata lines: its statements are imported without the balance check
 * </pre>
 *
 * <p>A layout either says where the statement's balances are (the {@code balance} column, from which opening and
 * closing are derived, or both {@code opening-balance} and {@code closing-balance}) or declares {@code balances:
 * none}; then the import report says each statement was not balance-checked. A file of a layout with balances
 * that lacks them is refused.
 */
public record CsvLayout(
        String id,
        Optional<Charset> charset,
        char delimiter,
        int skipLines,
        boolean header,
        Optional<Pattern> detect,
        List<Pattern> ignoreLines,
        Source account,
        Source currency,
        Map<Field, List<ColumnRef>> columns,
        Set<String> debitValues,
        Set<String> creditValues,
        Set<String> pendingValues,
        List<DateTimeFormatter> dateFormats,
        List<String> datePatterns,
        char decimalSeparator,
        Optional<Character> groupingSeparator,
        boolean invertedSign,
        boolean descending,
        Optional<Pattern> openingBalancePattern,
        Optional<Pattern> closingBalancePattern,
        Optional<Pattern> headerMatch,
        boolean hasBalances) {

    /** The most columns a row may have, and the highest column number a layout may name. */
    public static final int MAX_COLUMNS = 256;

    /** The meanings a column can have. */
    public enum Field {
        BOOKING_DATE("booking-date"),
        VALUE_DATE("value-date"),
        AMOUNT("amount"),
        DEBIT("debit"),
        CREDIT("credit"),
        DC_INDICATOR("dc-indicator"),
        CURRENCY("currency"),
        ACCOUNT("account"),
        COUNTERPARTY_NAME("counterparty-name"),
        COUNTERPARTY_ACCOUNT("counterparty-account"),
        COUNTERPARTY_BIC("counterparty-bic"),
        REMITTANCE("remittance"),
        REFERENCE("reference"),
        END_TO_END_ID("end-to-end-id"),
        MANDATE_ID("mandate-id"),
        CREDITOR_REFERENCE("creditor-reference"),
        ORIGINAL_AMOUNT("original-amount"),
        ORIGINAL_CURRENCY("original-currency"),
        BALANCE("balance"),
        STATUS("status");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Optional<Field> byKey(String key) {
            for (Field f : values()) {
                if (f.key.equals(key)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** A column by header name or by 1-based position. */
    public record ColumnRef(Optional<String> name, int position) {
        public String describe() {
            return name.map(n -> "'" + n + "'").orElse("column " + position);
        }
    }

    /** Where a value comes from: fixed in the layout, a column, or a regex (group 1) over the lines before the table. */
    public record Source(Optional<String> fixed, Optional<ColumnRef> column, Optional<Pattern> metadata) {
        static final Source NONE = new Source(Optional.empty(), Optional.empty(), Optional.empty());

        public boolean isAbsent() {
            return fixed.isEmpty() && column.isEmpty() && metadata.isEmpty();
        }
    }

    /** A layout map that cannot be used; {@link #errors()} lists every problem with its key. */
    public static final class InvalidLayoutException extends IllegalArgumentException {
        private final List<String> errors;

        public InvalidLayoutException(String layoutName, List<String> errors) {
            super("CSV layout " + layoutName + " is invalid: " + String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    private static final Set<String> KNOWN_KEYS = Set.of("id", "description", "charset", "delimiter", "quote", "skip-lines",
            "header", "detect", "ignore-lines", "account", "currency", "columns", "debit-values", "credit-values",
            "pending-values", "date-formats", "decimal-separator", "grouping-separator", "sign", "order",
            "opening-balance", "closing-balance", "header-match", "balances");

    public CsvLayout {
        Objects.requireNonNull(id, "id");
        columns = Map.copyOf(columns);
    }

    public Optional<List<ColumnRef>> column(Field field) {
        return Optional.ofNullable(columns.get(field));
    }

    /** Builds a layout from a YAML-shaped map (keys as in the class comment); throws listing every error. */
    @SuppressWarnings("unchecked")
    public static CsvLayout fromMap(Map<String, Object> map) {
        List<String> errors = new ArrayList<>();
        Object rawId = map.get("id");
        String id = rawId instanceof String s && !s.isBlank() ? s.strip() : null;
        if (id == null) {
            errors.add("id: required, a non-empty text");
        } else if (!id.matches("[A-Za-z0-9._-]+")) {
            errors.add("id: '" + id + "' may only contain letters, digits, '.', '_' and '-'");
        }
        for (String key : map.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                errors.add(key + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN_KEYS)) + ")");
            }
        }
        Optional<Charset> charset = Optional.empty();
        if (map.get("charset") != null) {
            try {
                charset = Optional.of(Charset.forName(String.valueOf(map.get("charset"))));
            } catch (RuntimeException e) {
                errors.add("charset: '" + map.get("charset") + "' is not a charset this JVM supports (e.g. UTF-8, ISO-8859-1, ISO-8859-15, windows-1252)");
            }
        }
        String delimiterText = text(map, "delimiter", ",", errors);
        char delimiter = ',';
        if ("\\t".equals(delimiterText) || "\t".equals(delimiterText) || "tab".equalsIgnoreCase(delimiterText)) {
            delimiter = '\t';
        } else if (delimiterText.length() == 1 && ",;|".contains(delimiterText)) {
            delimiter = delimiterText.charAt(0);
        } else {
            errors.add("delimiter: '" + delimiterText + "' is not supported; use one of , ; | or \\t");
        }
        String quote = text(map, "quote", "\"", errors);
        if (!quote.equals("\"")) {
            errors.add("quote: only '\"' is supported");
        }
        int skip = integer(map, "skip-lines", 0, errors);
        boolean header = bool(map, "header", true, errors);
        Optional<Pattern> detect = Optional.ofNullable(map.get("detect")).map(v -> pattern("detect", v, errors));
        Optional<Pattern> headerMatch = Optional.ofNullable(map.get("header-match")).map(v -> pattern("header-match", v, errors));
        if (headerMatch.isPresent() && !header) {
            errors.add("header-match: needs header: true");
        }
        List<Pattern> ignore = new ArrayList<>();
        for (Object p : list(map, "ignore-lines", errors)) {
            Pattern compiled = pattern("ignore-lines", p, errors);
            if (compiled != null) {
                ignore.add(compiled);
            }
        }
        Map<Field, List<ColumnRef>> columns = new LinkedHashMap<>();
        Object cols = map.get("columns");
        if (!(cols instanceof Map)) {
            errors.add("columns: required, a map from field (booking-date, amount, ...) to header name or column number");
        } else {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) cols).entrySet()) {
                Optional<Field> field = Field.byKey(e.getKey());
                if (field.isEmpty()) {
                    errors.add("columns." + e.getKey() + ": unknown field (known: "
                            + String.join(", ", java.util.Arrays.stream(Field.values()).map(Field::key).toList()) + ")");
                    continue;
                }
                List<ColumnRef> refs = new ArrayList<>();
                Collection<Object> values = e.getValue() instanceof Collection<?> c ? (Collection<Object>) c : List.of(e.getValue() == null ? "" : e.getValue());
                for (Object v : values) {
                    ColumnRef ref = columnRef("columns." + e.getKey(), v, header, errors);
                    if (ref != null) {
                        refs.add(ref);
                    }
                }
                if (refs.size() > 1 && field.get() != Field.REMITTANCE) {
                    errors.add("columns." + e.getKey() + ": only remittance may list several columns");
                }
                columns.put(field.get(), refs);
            }
            if (!columns.containsKey(Field.BOOKING_DATE)) {
                errors.add("columns.booking-date: required");
            }
            boolean amount = columns.containsKey(Field.AMOUNT);
            boolean debitCredit = columns.containsKey(Field.DEBIT) || columns.containsKey(Field.CREDIT);
            if (amount == debitCredit) {
                errors.add("columns: declare either amount (optionally with dc-indicator) or debit and credit, not both and not neither");
            }
            if (debitCredit && !(columns.containsKey(Field.DEBIT) && columns.containsKey(Field.CREDIT))) {
                errors.add("columns: debit and credit must be declared together");
            }
            if (columns.containsKey(Field.DC_INDICATOR) && !amount) {
                errors.add("columns.dc-indicator: needs columns.amount");
            }
        }
        Set<String> debitValues = Set.copyOf(strings(map, "debit-values", errors));
        Set<String> creditValues = Set.copyOf(strings(map, "credit-values", errors));
        if (columns.containsKey(Field.DC_INDICATOR) && (debitValues.isEmpty() || creditValues.isEmpty())) {
            errors.add("debit-values/credit-values: required with columns.dc-indicator (e.g. [D] and [C])");
        }
        Set<String> pendingValues = Set.copyOf(strings(map, "pending-values", errors));
        if (!pendingValues.isEmpty() && !columns.containsKey(Field.STATUS)) {
            errors.add("pending-values: needs columns.status");
        }
        List<String> datePatterns = strings(map, "date-formats", errors);
        List<DateTimeFormatter> dateFormats = new ArrayList<>();
        if (datePatterns.isEmpty()) {
            errors.add("date-formats: required, e.g. [\"dd.MM.yyyy\"]");
        }
        for (String p : datePatterns) {
            try {
                dateFormats.add(DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu").replace("yy", "uu"), Locale.ROOT)
                        .withResolverStyle(ResolverStyle.STRICT));
            } catch (IllegalArgumentException e) {
                errors.add("date-formats: '" + p + "' is not a date pattern: " + e.getMessage());
            }
        }
        String decimal = text(map, "decimal-separator", ".", errors);
        if (decimal.length() != 1 || !".,".contains(decimal)) {
            errors.add("decimal-separator: must be '.' or ','");
        }
        String grouping = text(map, "grouping-separator", "", errors);
        if (grouping.length() > 1 || (!grouping.isEmpty() && !".,' ".contains(grouping))) {
            errors.add("grouping-separator: must be empty or one of . , ' and space");
        } else if (grouping.equals(decimal)) {
            errors.add("grouping-separator: must differ from decimal-separator");
        }
        String sign = text(map, "sign", "normal", errors);
        if (!sign.equals("normal") && !sign.equals("inverted")) {
            errors.add("sign: must be 'normal' or 'inverted'");
        }
        String order = text(map, "order", "ascending", errors);
        if (!order.equals("ascending") && !order.equals("descending")) {
            errors.add("order: must be 'ascending' or 'descending'");
        }
        Source account = source(map, "account", header, errors);
        if (account.isAbsent()) {
            errors.add("account: required: {fixed: ...}, {column: ...} or {metadata: \"regex with one group\"}");
        }
        Source currency = source(map, "currency", header, errors);
        if (currency.isAbsent()) {
            errors.add("currency: required: {fixed: EUR} or {column: ...}");
        }
        Optional<Pattern> opening = metadataOnly(map, "opening-balance", errors);
        Optional<Pattern> closing = metadataOnly(map, "closing-balance", errors);
        boolean balanceColumn = columns.containsKey(Field.BALANCE);
        boolean balanceLines = opening.isPresent() && closing.isPresent();
        String balances = text(map, "balances", "", errors);
        boolean hasBalances = !balances.equals("none");
        if (!balances.isEmpty() && !balances.equals("none") && !balances.equals("required")) {
            errors.add("balances: must be 'none' (the export has no balances) or 'required'");
        } else if (!balances.equals("none") && !balanceColumn && !balanceLines) {
            errors.add("balances: the layout has no balance column and not both opening-balance and closing-balance, so its "
                    + "statements cannot be balance-checked; declare balances: none to import them unchecked, or map the balances");
        } else if (balances.equals("none") && (balanceColumn || balanceLines)) {
            errors.add("balances: none contradicts " + (balanceColumn ? "columns.balance" : "opening-balance/closing-balance")
                    + "; remove one of them");
        }
        if (!errors.isEmpty()) {
            throw new InvalidLayoutException(id == null ? "(without id)" : "'" + id + "'", errors);
        }
        return new CsvLayout(id, charset, delimiter, skip, header, detect, List.copyOf(ignore), account, currency, columns,
                debitValues, creditValues, pendingValues, List.copyOf(dateFormats), List.copyOf(datePatterns),
                decimal.charAt(0), grouping.isEmpty() ? Optional.empty() : Optional.of(grouping.charAt(0)),
                sign.equals("inverted"), order.equals("descending"), opening, closing, headerMatch, hasBalances);
    }

    @SuppressWarnings("unchecked")
    private static Source source(Map<String, Object> map, String key, boolean header, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return Source.NONE;
        }
        if (!(v instanceof Map)) {
            errors.add(key + ": must be a map with one of fixed, column, metadata");
            return Source.NONE;
        }
        Map<String, Object> m = (Map<String, Object>) v;
        if (m.size() != 1) {
            errors.add(key + ": give exactly one of fixed, column, metadata");
            return Source.NONE;
        }
        if (m.containsKey("fixed")) {
            return new Source(Optional.of(String.valueOf(m.get("fixed")).strip()), Optional.empty(), Optional.empty());
        }
        if (m.containsKey("column")) {
            ColumnRef ref = columnRef(key + ".column", m.get("column"), header, errors);
            return ref == null ? Source.NONE : new Source(Optional.empty(), Optional.of(ref), Optional.empty());
        }
        if (m.containsKey("metadata")) {
            Pattern p = pattern(key + ".metadata", m.get("metadata"), errors);
            return p == null ? Source.NONE : new Source(Optional.empty(), Optional.empty(), Optional.of(p));
        }
        errors.add(key + ": unknown source '" + m.keySet().iterator().next() + "' (use fixed, column or metadata)");
        return Source.NONE;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Pattern> metadataOnly(Map<String, Object> map, String key, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map) || !((Map<String, Object>) v).containsKey("metadata") || ((Map<String, Object>) v).size() != 1) {
            errors.add(key + ": must be {metadata: \"regex whose group 1 is the amount\"}");
            return Optional.empty();
        }
        return Optional.ofNullable(pattern(key + ".metadata", ((Map<String, Object>) v).get("metadata"), errors));
    }

    private static ColumnRef columnRef(String key, Object v, boolean header, List<String> errors) {
        if (v instanceof Number n) {
            int pos = n.intValue();
            if (pos < 1 || pos > MAX_COLUMNS) {
                errors.add(key + ": column number " + pos + " must be between 1 and " + MAX_COLUMNS);
                return null;
            }
            return new ColumnRef(Optional.empty(), pos);
        }
        String name = v == null ? "" : String.valueOf(v).strip();
        if (name.isEmpty()) {
            errors.add(key + ": empty column reference");
            return null;
        }
        if (!header) {
            errors.add(key + ": '" + name + "' is a header name but the layout has header: false; use a column number");
            return null;
        }
        return new ColumnRef(Optional.of(name), 0);
    }

    private static Pattern pattern(String key, Object v, List<String> errors) {
        try {
            return Pattern.compile(String.valueOf(v));
        } catch (PatternSyntaxException e) {
            errors.add(key + ": '" + v + "' is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private static String text(Map<String, Object> map, String key, String dflt, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String) && !(v instanceof Character)) {
            errors.add(key + ": must be a text");
            return dflt;
        }
        return String.valueOf(v);
    }

    private static int integer(Map<String, Object> map, String key, int dflt, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number) || ((Number) v).intValue() < 0) {
            errors.add(key + ": must be a whole number >= 0");
            return dflt;
        }
        return ((Number) v).intValue();
    }

    private static boolean bool(Map<String, Object> map, String key, boolean dflt, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean)) {
            errors.add(key + ": must be true or false");
            return dflt;
        }
        return (Boolean) v;
    }

    private static List<Object> list(Map<String, Object> map, String key, List<String> errors) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v instanceof String) {
            return List.of(v);
        }
        errors.add(key + ": must be a list");
        return List.of();
    }

    private static List<String> strings(Map<String, Object> map, String key, List<String> errors) {
        List<String> out = new ArrayList<>();
        for (Object o : list(map, key, errors)) {
            out.add(String.valueOf(o).strip());
        }
        return out;
    }
}
