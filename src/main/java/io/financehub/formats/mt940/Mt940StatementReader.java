package io.financehub.formats.mt940;

import com.prowidesoftware.swift.model.field.Field25;
import com.prowidesoftware.swift.model.field.Field28C;
import com.prowidesoftware.swift.model.field.Field61;
import io.financehub.canonical.AccountMasking;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.canonical.statement.AccountReference;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.BankTransactionCode;
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

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SWIFT MT940 customer statements, including the many bank variants of the same message:
 * several statements per file ({@code :20:} blocks), with or without the SWIFT envelope
 * ({@code {1:}{2:}{4:} ... -}}), plain {@code -} terminators, bank preambles (ABN AMRO's
 * {@code ABNANL2A/940}), continuation pages with {@code :60M:/:62M:}, and the structured {@code :86:}
 * dialects handled by {@link Field86Details}.
 *
 * <p>The file is split into tags here, because only this step knows line numbers (for error
 * messages) and copes with envelopes and preambles; the {@code :61:} line's optional components are parsed
 * with Prowide ({@link Field61}) once this reader has checked its amount, and the balances here. Amounts follow
 * SWIFT's grammar strictly ({@code 15d}: digits, one decimal comma, at most 15 characters; marks C/D and
 * RC/RD); each statement needs its {@code :60F:/:60M:} and {@code :62F:/:62M:}. Texts longer than their field
 * are cut, with a warning ({@link FreeTexts}); the account and the bank's reference are refused instead.
 * Sign rules: {@code C} credit, {@code D} debit, {@code RC} (reversal of a credit) is a debit and {@code RD}
 * (reversal of a debit) a credit, both flagged as reversals.
 * A statement that is cut off before its closing balance is reported as truncated, naming the line.
 */
public final class Mt940StatementReader {

    private static final Pattern TAG = Pattern.compile("^:([0-9]{2}[A-Z]?):(.*)$");
    private static final Pattern BALANCE = Pattern.compile("^(.)(\\d{6})([A-Z]{3})(.*)$");
    private static final Pattern MT_AMOUNT = Pattern.compile("\\d+,\\d*");
    /** Value date, entry date, D/C mark, funds code, then the amount up to the transaction type's letter. */
    private static final Pattern LINE_61 = Pattern.compile("^(\\d{6})(\\d{4})?(RC|RD|C|D)?([A-Z])?([^A-Za-z]*)");

    /** {@code :20:} transaction reference number, {@code 16x}: the statement id. */
    static final FreeTexts.Field STATEMENT_REFERENCE = new FreeTexts.Field("statement reference (:20:, 16x)", 16);
    /** {@code :25:} account identification, {@code 35x}; never cut. */
    static final FreeTexts.Field ACCOUNT = new FreeTexts.Field("account (:25:, 35x)", 35);
    /** {@code :61:} reference of the account servicing institution, {@code 16x}: the line's identity; never cut. */
    static final FreeTexts.Field BANK_REFERENCE = new FreeTexts.Field("bank reference (:61: after //, 16x)", 16);
    /** {@code :61:} transaction type and identification code, {@code 1!a3!c}. */
    static final FreeTexts.Field TRANSACTION_TYPE = new FreeTexts.Field("transaction type (:61:, 1!a3!c)", 4);
    static final FreeTexts.Field OWNER_REFERENCE = new FreeTexts.Field("account owner reference (:61:, 16x)", 16);
    static final FreeTexts.Field SUPPLEMENTARY = new FreeTexts.Field("supplementary details (:61: second line, 34x)", 34);
    /** {@code :86:} information to account owner, {@code 6*65x}: no text taken from it can be longer. */
    static final FreeTexts.Field NARRATIVE = new FreeTexts.Field(":86: text (6*65x)", 390);
    static final FreeTexts.Field NARRATIVE_NAME = new FreeTexts.Field("counterparty name in :86:", 140);
    static final FreeTexts.Field NARRATIVE_ID = new FreeTexts.Field("reference in :86: (end-to-end, mandate, creditor reference)", 35);
    static final FreeTexts.Field NARRATIVE_ACCOUNT = new FreeTexts.Field("counterparty account in :86:", 34);
    private static final Pattern ACCOUNT_LIKE = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{10,30}|\\d{8,}");
    private static final Pattern OCMT = Pattern.compile("/OCMT/([A-Z]{3})(\\d+,?\\d*)/");
    private static final Pattern CHGS = Pattern.compile("/CHGS/([A-Z]{3})(\\d+,?\\d*)/");
    private static final Pattern PROPRIETARY_TAG = Pattern.compile("^:([A-Z]{2,4}):(.*)$");
    private static final Pattern TAG_LIKE = Pattern.compile("^:([0-9A-Za-z]{1,5}):.*$");
    private static final Pattern ENVELOPE = Pattern.compile("\\{[1-3]:(\\{[^}]*}|[^{}])*}");

    private Mt940StatementReader() {
    }

    /** Decodes (see {@link TextDecoding}) and reads every statement of the file. */
    public static List<BankStatement> read(byte[] content, String fileName, Optional<Charset> declaredCharset, Charset fallback) {
        String text = TextDecoding.decode(withoutSwiftFraming(content), fileName, declaredCharset, fallback).text();
        return read(text, fileName);
    }

    /** A cursor over every statement of the file, with the texts the reader had to shorten as warnings. */
    public static StatementCursor open(byte[] content, String fileName, Optional<Charset> declaredCharset, Charset fallback) {
        String text = TextDecoding.decode(withoutSwiftFraming(content), fileName, declaredCharset, fallback).text();
        FreeTexts texts = new FreeTexts();
        return new ListCursor(read(text, fileName, texts), texts.warnings());
    }

    /**
     * Files fetched from SWIFT Alliance/FileAct keep the SOH (0x01) and ETX (0x03) bytes that frame each
     * message; they are transport, not content, and are dropped before the text is checked for control characters.
     */
    static byte[] withoutSwiftFraming(byte[] content) {
        int n = 0;
        for (byte b : content) {
            if (b != 0x01 && b != 0x03) {
                n++;
            }
        }
        if (n == content.length) {
            return content;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte b : content) {
            if (b != 0x01 && b != 0x03) {
                out[i++] = b;
            }
        }
        return out;
    }

    /** Reads every statement of already decoded text. */
    public static List<BankStatement> read(String text, String fileName) {
        return read(text, fileName, new FreeTexts());
    }

    private static List<BankStatement> read(String text, String fileName, FreeTexts texts) {
        List<RawStatement> raw = split(text, fileName);
        if (raw.isEmpty()) {
            throw new StatementFormatException(Code.NOT_A_STATEMENT, "The file contains no MT940 statement (no :20: tag)",
                    SourceLocation.file(fileName), "Check that this is an MT940 file");
        }
        List<BankStatement> out = new ArrayList<>(raw.size());
        for (RawStatement r : raw) {
            out.add(new StatementBuilder(r, fileName, texts).build());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ splitting

    private record RawTag(String tag, List<String> lines, int line) {
        String value() {
            return String.join("\n", lines);
        }
    }

    private static final class RawStatement {
        final List<RawTag> tags = new ArrayList<>();
        final int ordinal;
        final int startLine;
        boolean terminated;

        RawStatement(int ordinal, int startLine) {
            this.ordinal = ordinal;
            this.startLine = startLine;
        }
    }

    private static List<RawStatement> split(String text, String fileName) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<RawStatement> statements = new ArrayList<>();
        RawStatement current = null;
        RawTag tag = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            // the envelope may share a line with content: {1:...}{2:...}{4::20:ABC
            String stripped = ENVELOPE.matcher(line).replaceAll("");
            int block4 = stripped.indexOf("{4:");
            if (block4 >= 0) {
                stripped = stripped.substring(block4 + 3);
            }
            String trimmed = stripped.strip();
            if (trimmed.equals("-") && tag != null && continuesTag(lines, i + 1)) {
                // some exports wrap :86: text so that a line holds a lone hyphen; it is text, not the end of the message
                tag.lines().add(stripped);
                continue;
            }
            if (trimmed.equals("-") || trimmed.startsWith("-}")) {
                if (current != null) {
                    current.terminated = true;
                }
                tag = null;
                continue;
            }
            if (trimmed.startsWith("{5:") || (trimmed.startsWith("}") && trimmed.length() <= 2)) {
                tag = null;
                continue;
            }
            Matcher m = TAG.matcher(stripped.stripLeading());
            if (m.matches()) {
                String name = m.group(1);
                if (name.equals("20")) {
                    current = new RawStatement(statements.size() + 1, lineNo);
                    statements.add(current);
                } else if (current == null || current.terminated) {
                    throw new StatementFormatException(Code.INVALID_CONTENT,
                            "Tag :" + name + ": appears before the statement's :20: tag", SourceLocation.line(fileName, lineNo),
                            "Check the file: every MT940 statement starts with :20:");
                }
                tag = new RawTag(name, new ArrayList<>(List.of(m.group(2))), lineNo);
                current.tags.add(tag);
                continue;
            }
            if (trimmed.equals(":940:") && (current == null || current.terminated)) {
                // Rabobank .swi exports start each file with a bare :940: message-type line
                continue;
            }
            Matcher proprietary = PROPRIETARY_TAG.matcher(trimmed);
            if (proprietary.matches() && current != null && !current.terminated) {
                // bank-specific tags such as Sberbank's :NS: carry nothing for posting; keep them so their continuation lines are absorbed
                tag = new RawTag(proprietary.group(1), new ArrayList<>(List.of(proprietary.group(2))), lineNo);
                current.tags.add(tag);
                continue;
            }
            if (TAG_LIKE.matcher(trimmed).matches()) {
                throw new StatementFormatException(Code.INVALID_CONTENT,
                        "'" + abbreviate(trimmed) + "' is not an MT940 tag (tags are two digits and an optional letter)",
                        SourceLocation.line(fileName, lineNo), "The file is not a valid MT940 statement; ask the bank for a correct export");
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            if (tag != null) {
                tag.lines().add(stripped);
            } else if (!trimmed.isEmpty() && current != null && !current.terminated) {
                throw new StatementFormatException(Code.INVALID_CONTENT, "Unexpected text outside any tag: '" + abbreviate(trimmed) + "'",
                        SourceLocation.line(fileName, lineNo), "The file is not a valid MT940 statement; ask the bank for a correct export");
            }
            // other text before the first :20: or between messages is a bank preamble (e.g. ABNANL2A / 940)
        }
        return statements;
    }

    /** True when the next non-blank line is plain continuation text rather than a new tag, envelope or preamble. */
    private static boolean continuesTag(String[] lines, int from) {
        for (int j = from; j < lines.length; j++) {
            String t = lines[j].strip();
            if (t.isEmpty()) {
                continue;
            }
            return !t.startsWith(":") && !t.startsWith("{") && !t.startsWith("-") && !t.matches("[A-Z0-9]{8,11}");
        }
        return false;
    }

    /** Quoted file content for messages: shortened, and account numbers masked (messages reach operators and logs). */
    private static String abbreviate(String s) {
        String shortened = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return ACCOUNT_LIKE.matcher(shortened).replaceAll(m -> AccountMasking.mask(m.group()));
    }

    // ------------------------------------------------------------------------------------ mapping

    private static final class StatementBuilder {
        private final RawStatement raw;
        private final String fileName;
        private final String path;
        private final FreeTexts texts;

        StatementBuilder(RawStatement raw, String fileName, FreeTexts texts) {
            this.raw = raw;
            this.fileName = fileName;
            this.path = "statement " + raw.ordinal;
            this.texts = texts;
        }

        BankStatement build() {
            String reference = null;
            String accountText = null;
            RawTag accountTag = null;
            String statementNumber = null;
            String sequenceNumber = null;
            Balance opening = null;
            Balance closing = null;
            List<Balance> others = new ArrayList<>();
            List<StatementLine.Builder> lines = new ArrayList<>();
            List<RawTag> lineTags = new ArrayList<>();
            StatementLine.Builder pending = null;
            RawTag last = null;
            for (RawTag t : raw.tags) {
                last = t;
                if (closing != null && (t.tag().equals("61") || t.tag().startsWith("60") || t.tag().startsWith("62"))) {
                    throw invalid("Tag :" + t.tag() + ": follows the statement's closing balance :" + closing.typeCode()
                            + ": (an MT940 statement has one opening balance, its lines, then one closing balance)", t);
                }
                switch (t.tag()) {
                    case "20" -> reference = texts.text(t.value().strip(), STATEMENT_REFERENCE, where(t));
                    case "25", "25P" -> {
                        accountText = texts.identifier(t.lines().get(0).strip(), ACCOUNT, where(t));
                        accountTag = t;
                    }
                    case "28C", "28" -> {
                        Field28C f = new Field28C(t.value().strip());
                        statementNumber = f.getStatementNumber();
                        sequenceNumber = f.getSequenceNumber();
                    }
                    case "60F", "60M" -> {
                        if (opening != null) {
                            throw invalid("A second opening balance :" + t.tag() + ": (the first, :" + opening.typeCode()
                                    + ":, is above); statements glued together or a damaged file", t);
                        }
                        opening = balance(t);
                    }
                    case "62F", "62M" -> closing = balance(t);
                    case "64", "65" -> others.add(balance(t));
                    case "61" -> {
                        if (opening == null) {
                            throw invalid(":61: line before the opening balance :60F:/:60M:", t);
                        }
                        pending = line(t, opening.amount().currency());
                        lines.add(pending);
                        lineTags.add(t);
                    }
                    case "86" -> {
                        if (pending != null) {
                            narrative(pending, t);
                            pending = null;
                        }
                        // an :86: after :62F: is information about the whole statement: nothing to post
                    }
                    default -> {
                        // :21:, :13D:, :34F:, :90D:, :90C: and bank-specific tags carry nothing for posting
                    }
                }
                if (!t.tag().equals("61") && !t.tag().equals("86")) {
                    pending = null;
                }
            }
            int lastLine = last == null ? raw.startLine : last.line() + last.lines().size() - 1;
            if (closing == null) {
                throw new StatementFormatException(Code.TRUNCATED,
                        "Statement " + raw.ordinal + " (:20: at line " + raw.startLine + ") ends at line " + lastLine
                                + " without a closing balance :62F:/:62M:; the file is truncated or incomplete",
                        new SourceLocation(fileName, java.util.OptionalInt.of(lastLine), java.util.OptionalInt.empty(), Optional.of(path)),
                        "Ask the bank for the complete file; nothing from this file was imported");
            }
            if (opening == null) {
                throw invalid("The statement has no opening balance :60F:/:60M:", raw.tags.get(0));
            }
            if (accountText == null || accountText.isEmpty()) {
                throw invalid("The statement has no account :25:", raw.tags.get(0));
            }
            Currency currency = opening.amount().currency();
            AccountReference account = account(accountText, currency);
            List<StatementLine> built = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                built.add(lines.get(i).index(i + 1).build());
            }
            StatementHeader header = new StatementHeader("MT940", StatementKind.STATEMENT, Optional.empty(),
                    reference == null || reference.isEmpty() ? fileName + "/" + raw.ordinal : reference,
                    Optional.ofNullable(statementNumber), Optional.ofNullable(sequenceNumber), account, Optional.empty(),
                    Optional.of(new StatementPeriod(min(opening.date(), closing.date()), max(opening.date(), closing.date()))),
                    Optional.of(opening), Optional.of(closing), others,
                    new SourceLocation(fileName, java.util.OptionalInt.of(raw.startLine), java.util.OptionalInt.empty(), Optional.of(path + " :20:")));
            return new BankStatement(header, built);
        }

        private static LocalDate min(LocalDate a, LocalDate b) {
            return a.isBefore(b) ? a : b;
        }

        private static LocalDate max(LocalDate a, LocalDate b) {
            return a.isAfter(b) ? a : b;
        }

        /** ING writes the currency after the IBAN ({@code NL77INGB0574908765EUR}); some banks add spaces. */
        private static AccountReference account(String text, Currency currency) {
            String compact = text.replace(" ", "");
            String code = currency.getCurrencyCode();
            if (compact.endsWith(code) && compact.substring(0, compact.length() - 3).matches("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}")) {
                compact = compact.substring(0, compact.length() - 3);
            }
            if (Iban.isValid(compact)) {
                return AccountReference.of(compact, currency);
            }
            Field25 f = new Field25(text);
            return AccountReference.of(f.getAccount() == null || f.getAccount().isBlank() ? text.strip() : f.getAccount().strip(), currency);
        }

        private StatementLine.Builder line(RawTag t, Currency currency) {
            // some banks pad an absent entry date with spaces (Citi: "240312    D..."): drop them first
            String first = t.lines().get(0).strip().replaceFirst("^(\\d{6})(\\d{4})?\\s+", "$1$2");
            Matcher grammar = LINE_61.matcher(first);
            if (!grammar.find()) {
                throw invalid("The :61: line does not start with a YYMMDD value date: '" + abbreviate(first) + "'", t);
            }
            String mark = grammar.group(3);
            if (mark == null) {
                throw invalid("The :61: debit/credit mark is missing or not C, D, RC or RD: '" + abbreviate(first) + "'", t);
            }
            BigDecimal amount = amount(grammar.group(5), ":61:", t);
            Field61 f;
            try {
                f = new Field61(first);
            } catch (RuntimeException e) {
                throw invalid("The :61: line cannot be read: '" + abbreviate(first) + "'", t);
            }
            LocalDate value = yymmdd(grammar.group(1), t);
            LocalDate entry = null;
            if (grammar.group(2) != null) {
                entry = mmdd(grammar.group(2), value, t);
            }
            boolean credit;
            boolean reversal = false;
            switch (mark) {
                case "C" -> credit = true;
                case "D" -> credit = false;
                case "RC" -> {
                    credit = false;
                    reversal = true;
                }
                default -> {
                    credit = true;
                    reversal = true;
                }
            }
            SourceLocation where = where(t);
            String swiftCode = texts.text((f.getTransactionType() == null ? "" : f.getTransactionType().strip())
                    + (f.getIdentificationCode() == null ? "" : f.getIdentificationCode()), TRANSACTION_TYPE, where);
            String ownerRef = f.getReferenceForTheAccountOwner();
            StatementLine.Builder b = StatementLine.builder()
                    .bookingDate(entry != null ? entry : value)
                    .valueDate(value)
                    .amount(new Money(credit ? amount : amount.negate(), currency))
                    .reversal(reversal)
                    .transactionCode(BankTransactionCode.proprietary(swiftCode, "SWIFT"))
                    .bankReference(texts.identifier(f.getReferenceOfTheAccountServicingInstitution(), BANK_REFERENCE, where))
                    .entryReference(ownerRef == null || ownerRef.equalsIgnoreCase("NONREF") ? null : texts.text(ownerRef, OWNER_REFERENCE, where))
                    .location(where);
            if (t.lines().size() > 1) {
                String supplementary = texts.text(String.join("", t.lines().subList(1, t.lines().size())).strip(), SUPPLEMENTARY, where);
                b.additionalInfo(supplementary);
                supplementary(b, supplementary, credit, currency, t);
            }
            return b;
        }

        private SourceLocation where(RawTag t) {
            return new SourceLocation(fileName, java.util.OptionalInt.of(t.line()), java.util.OptionalInt.empty(),
                    Optional.of(path + " :" + t.tag() + ":"));
        }

        /**
         * SWIFT's optional second line of :61: may carry {@code /OCMT/EUR11,85/} (original amount) and
         * {@code /CHGS/EUR0,50/} (charges); both are kept, the line amount stays what was booked.
         */
        private void supplementary(StatementLine.Builder b, String text, boolean credit, Currency currency, RawTag t) {
            Matcher ocmt = OCMT.matcher(text);
            if (ocmt.find()) {
                Money original = money(ocmt.group(1), ocmt.group(2), t);
                if (original != null && !original.currency().equals(currency)) {
                    b.originalAmount(credit ? original : original.negate());
                }
            }
            Matcher chgs = CHGS.matcher(text);
            List<io.financehub.canonical.statement.Charge> charges = new ArrayList<>();
            while (chgs.find()) {
                Money charge = money(chgs.group(1), chgs.group(2), t);
                if (charge != null) {
                    charges.add(new io.financehub.canonical.statement.Charge(charge, Optional.empty(), Optional.empty()));
                }
            }
            b.charges(charges);
        }

        /** An /OCMT/ or /CHGS/ amount ({@code 3!a15d}); null when the currency is unknown (the text stays in the line's details). */
        private Money money(String ccy, String amount, RawTag t) {
            BigDecimal value = amount(amount, ":61: supplementary details", t);
            try {
                return new Money(value, Money.currency(ccy));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private void narrative(StatementLine.Builder b, RawTag t) {
            Field86Details d = Field86Details.parse(t.lines());
            SourceLocation where = where(t);
            d.remittance().ifPresent(v -> b.remittanceUnstructured(texts.text(v, NARRATIVE, where)));
            d.endToEndId().ifPresent(v -> b.endToEndId(texts.text(v, NARRATIVE_ID, where)));
            d.mandateId().ifPresent(v -> b.mandateId(texts.text(v, NARRATIVE_ID, where)));
            d.creditorReference().ifPresent(v -> b.creditorReference(texts.text(v, NARRATIVE_ID, where)));
            d.counterpartyName().ifPresent(v -> b.counterpartyName(texts.text(v, NARRATIVE_NAME, where)));
            d.counterpartyAccount().ifPresent(v -> b.counterpartyAccount(texts.text(v, NARRATIVE_ACCOUNT, where)));
            d.counterpartyBic().ifPresent(b::counterpartyBic);
            d.returnReason().ifPresent(v -> b.returnReason(texts.text(v, NARRATIVE_ID, where)));
            d.postingText().ifPresent(v -> b.additionalInfo(texts.text(v, NARRATIVE, where)));
            if (d.dialect() == Field86Details.Dialect.GERMAN && d.transactionCode().isPresent()) {
                b.transactionCode(BankTransactionCode.proprietary(d.transactionCode().get(), "DK-GVC"));
            }
            if (d.dialect() == Field86Details.Dialect.FREE_TEXT) {
                b.additionalInfo(d.remittance().map(v -> texts.text(v, NARRATIVE, where)).orElse(null));
            }
        }

        /**
         * Balances (:60F:, :60M:, :62F:, :62M:, :64:, :65:) share one layout: D/C mark ({@code 1!a}: C or D), date
         * ({@code 6!n}), currency ({@code 3!a}), amount ({@code 15d}).
         */
        private Balance balance(RawTag t) {
            String value = oneLine(t);
            Matcher m = BALANCE.matcher(value);
            if (!m.matches()) {
                throw invalid("The balance :" + t.tag() + ": '" + abbreviate(value) + "' is not D/C mark, YYMMDD date, currency and amount "
                        + "(e.g. C240301EUR1234,56)", t);
            }
            String mark = m.group(1);
            if (!mark.equals("C") && !mark.equals("D")) {
                throw invalid("The debit/credit mark '" + mark + "' of :" + t.tag() + ": is not C (credit) or D (debit)", t);
            }
            Currency ccy;
            try {
                ccy = Money.currency(m.group(3));
            } catch (IllegalArgumentException e) {
                throw invalid("'" + m.group(3) + "' in :" + t.tag() + ": is not an ISO 4217 currency code", t);
            }
            BigDecimal number = amount(m.group(4), ":" + t.tag() + ":", t);
            return new Balance(t.tag(), new Money(mark.equals("D") ? number.negate() : number, ccy), yymmdd(m.group(2), t));
        }

        /**
         * An amount in SWIFT's {@code 15d} form: digits with one decimal comma, at most 15 characters with the comma,
         * no sign (the direction is the D/C mark) and no decimal point. Leading zeros some banks pad with do not count.
         */
        private BigDecimal amount(String text, String field, RawTag t) {
            String a = text.strip();
            if (!MT_AMOUNT.matcher(a).matches()) {
                String why = a.isEmpty() ? "is missing"
                        : a.startsWith("-") || a.startsWith("+") ? "has a sign; the direction is the debit/credit mark, the amount has none"
                        : a.indexOf('.') >= 0 ? "uses a decimal point; MT940 amounts have a decimal comma (1234,56)"
                        : a.indexOf(',') < 0 ? "has no decimal comma; MT940 amounts always have one (1234,56 or 1234,)"
                        : "is not digits with one decimal comma (1234,56)";
                throw invalid("The amount '" + abbreviate(a) + "' of " + field + " " + why, t);
            }
            String significant = a.replaceFirst("^0+(?=\\d)", "");
            if (significant.length() > 15) {
                throw invalid("The amount '" + abbreviate(a) + "' of " + field + " has " + significant.length()
                        + " characters; MT940 amounts have at most 15 with the decimal comma", t);
            }
            return new BigDecimal(a.endsWith(",") ? a.substring(0, a.length() - 1) : a.replace(',', '.'));
        }

        private LocalDate yymmdd(String text, RawTag t) {
            if (text == null || !text.matches("\\d{6}")) {
                throw invalid("'" + text + "' is not a date in YYMMDD form", t);
            }
            try {
                int yy = Integer.parseInt(text.substring(0, 2));
                // SWIFT's own window: 80-99 are 1980-1999, 00-79 are 2000-2079
                return LocalDate.of(yy >= 80 ? 1900 + yy : 2000 + yy, Integer.parseInt(text.substring(2, 4)),
                        Integer.parseInt(text.substring(4, 6)));
            } catch (DateTimeException e) {
                throw invalid("'" + text + "' is not a valid date", t);
            }
        }

        /** The entry date has no year: take the value date's, across a year end when that is closer. */
        private LocalDate mmdd(String text, LocalDate valueDate, RawTag t) {
            try {
                int month = Integer.parseInt(text.substring(0, 2));
                int day = Integer.parseInt(text.substring(2, 4));
                LocalDate candidate = LocalDate.of(valueDate.getYear(), month, day);
                if (candidate.isAfter(valueDate.plusMonths(6))) {
                    candidate = candidate.minusYears(1);
                } else if (candidate.isBefore(valueDate.minusMonths(6))) {
                    candidate = candidate.plusYears(1);
                }
                return candidate;
            } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
                throw invalid("The :61: entry date '" + text + "' is not a valid MMDD date", t);
            }
        }

        private static String oneLine(RawTag t) {
            return t.lines().get(0).strip();
        }

        private StatementFormatException invalid(String reason, RawTag t) {
            return new StatementFormatException(Code.INVALID_CONTENT, reason,
                    new SourceLocation(fileName, java.util.OptionalInt.of(t.line()), java.util.OptionalInt.empty(),
                            Optional.of(path + " :" + t.tag() + ":")),
                    "Ask the bank for a corrected file; nothing from this file was imported");
        }
    }
}
