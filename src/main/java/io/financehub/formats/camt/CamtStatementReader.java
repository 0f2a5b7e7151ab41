package io.financehub.formats.camt;

import io.financehub.canonical.Bic;
import io.financehub.canonical.Money;
import io.financehub.canonical.statement.AccountReference;
import io.financehub.canonical.statement.Balance;
import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.BankTransactionCode;
import io.financehub.canonical.statement.BatchInfo;
import io.financehub.canonical.statement.Charge;
import io.financehub.canonical.statement.EntryStatus;
import io.financehub.canonical.statement.SourceLocation;
import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementKind;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementPeriod;
import io.financehub.formats.FreeTexts;
import io.financehub.formats.StatementCursor;
import io.financehub.formats.StatementFormatException;
import io.financehub.formats.ValidationProblem;
import io.financehub.formats.StatementFormatException.Code;
import io.financehub.formats.xml.SafeXml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Reads ISO 20022 camt.053 statements, camt.054 notifications and camt.052 reports, versions {@code 001.02} to
 * {@code 001.10} by namespace (another version is refused), into canonical statements.
 *
 * <p><b>Why streaming StAX and not Prowide's {@code MxCamt053001NN}:</b> Prowide binds the whole
 * document to a JAXB object graph, one generated class set per message version. A 100,000-entry
 * statement then costs hundreds of megabytes of heap before the first line can be posted, and the
 * mapping has to be written once per version class. This reader streams: it materialises one
 * {@code Ntry} at a time as a tiny element tree, maps it by element names that are stable across
 * versions (the few renames, such as {@code BIC}/{@code BICFI} or v08's {@code Pty} wrapper, are handled
 * by alternatives), and hands lines out through a pull {@link StatementCursor}. It tolerates the harmless
 * real-world deviations seen in bank files (v02-style {@code BIC} in a v04 file, invalid country codes,
 * {@code BookgDt/DtTm}), which a validating binder may reject.
 *
 * <p>It checks what the schemas say about what it posts, in the same streaming pass: every {@code Amt} is an
 * unsigned decimal of at most 18 digits, 5 of them decimals; the document is well-formed to its end and is the
 * file's only document; a text is cleaned of control characters and cut to its element's length with a warning
 * ({@link StatementCursor#warnings()}), except the account and the bank's reference, which are refused when too
 * long.
 *
 * <p>Semantics:
 * <ul>
 *   <li>A batch entry with several {@code TxDtls} becomes one line per transaction when the amounts
 *       of the transactions are all in the account currency and add up to the entry amount; otherwise
 *       (or when {@link Options#keepBatchAggregate()} says so for the account) the entry stays one line
 *       marked with {@link BatchInfo}. Falling back keeps the statement balanced instead of inventing
 *       amounts.</li>
 *   <li>Reversals ({@code RvslInd=true}): ISO 20022 says {@code CdtDbtInd} of a reversal entry is the
 *       direction of the reversal booking itself (a reversed debit is reported as CRDT), so the sign
 *       follows {@code CdtDbtInd} and the line is flagged {@code reversal}.</li>
 *   <li>The counterparty is the debtor for credits and the creditor for debits (v08's {@code Pty}
 *       wrapper and the ultimate parties as fallback); {@code EndToEndId} {@code NOTPROVIDED} counts as absent.</li>
 *   <li>camt.054 carries no balances: the header says so ({@link StatementKind#NOTIFICATION}, no opening
 *       or closing balance) and the balance check is left to the flow.</li>
 * </ul>
 */
public final class CamtStatementReader {

    /**
     * Reading options. {@code keepBatchAggregate} decides per account whether batch entries stay one
     * aggregate line (some ledgers reconcile the batch total, not its parts).
     */
    public record Options(Predicate<AccountReference> keepBatchAggregate) {

        public static final Options DEFAULT = new Options(account -> false);

        public Options {
            Objects.requireNonNull(keepBatchAggregate, "keepBatchAggregate");
        }

        public static Options keepingBatchAggregates() {
            return new Options(account -> true);
        }
    }

    private static final XMLInputFactory FACTORY = SafeXml.inputFactory();
    private static final java.util.regex.Pattern UNSIGNED_DECIMAL = java.util.regex.Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final java.util.regex.Pattern SIGNED_DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** The statement's account: {@code IBAN2007Identifier} or {@code Othr/Id} ({@code Max34Text}); never cut. */
    static final FreeTexts.Field ACCOUNT_ID = new FreeTexts.Field("account (Acct/Id, at most 34 characters)", 34);
    /** The bank's booking reference, the line's identity for exactly-once posting ({@code Max35Text}); never cut. */
    static final FreeTexts.Field BANK_REFERENCE = new FreeTexts.Field("bank reference (AcctSvcrRef, Max35Text)", 35);
    /** All {@code Ustrd} of a transaction joined: each is at most 140; this bounds what a label in Odoo can become. */
    static final FreeTexts.Field REMITTANCE_JOINED = new FreeTexts.Field("remittance text (all Ustrd of a transaction)", 1000);
    /** All {@code Strd/CdtrRefInf/Ref} of a transaction joined. */
    static final FreeTexts.Field CREDITOR_REFERENCES_JOINED = new FreeTexts.Field("creditor references (all CdtrRefInf/Ref)", 1000);

    /**
     * The length the camt.05x schemas give each text element this reader uses (the same in every version from .02
     * to .10). Elements not listed are codes, dates and amounts checked by their own grammar, or not used.
     */
    private static final Map<String, FreeTexts.Field> ELEMENT_LENGTHS = Map.ofEntries(
            length("MsgId", "Max35Text", 35), length("Id", "Max35Text", 35), length("NtryRef", "Max35Text", 35),
            length("EndToEndId", "Max35Text", 35), length("InstrId", "Max35Text", 35), length("TxId", "Max35Text", 35),
            length("MndtId", "Max35Text", 35), length("PmtInfId", "Max35Text", 35), length("Ref", "Max35Text", 35),
            length("Prtry", "Max35Text", 35), length("Cd", "Max35Text", 35), length("Issr", "Max35Text", 35),
            length("SubFmlyCd", "Max35Text", 35), length("IBAN", "IBAN2007Identifier", 34),
            length("ElctrncSeqNb", "Number", 18), length("LglSeqNb", "Number", 18),
            length("Nm", "Max140Text", 140), length("Ustrd", "Max140Text", 140), length("AddtlRmtInf", "Max140Text", 140),
            length("AddtlNtryInf", "Max500Text", 500), length("AddtlTxInf", "Max500Text", 500));

    private static Map.Entry<String, FreeTexts.Field> length(String element, String type, int max) {
        return Map.entry(element, new FreeTexts.Field(element + " (" + type + ")", max));
    }

    private CamtStatementReader() {
    }

    /** Opens a streaming cursor; the caller closes it (which closes {@code in}). */
    public static StatementCursor open(InputStream in, String fileName, Options options) {
        return new Cursor(in, fileName, options);
    }

    /** Reads every statement of a document held in memory. */
    public static List<BankStatement> readAll(byte[] content, String fileName, Options options) {
        try (StatementCursor cursor = open(new ByteArrayInputStream(content), fileName, options)) {
            return cursor.readAll();
        }
    }

    private static final class Cursor implements StatementCursor {

        private final InputStream in;
        private final String fileName;
        private final Options options;
        private XMLStreamReader reader;
        private final StringBuilder text = new StringBuilder(64);
        private int depth;

        private CamtNamespace namespace;
        private int documentLevel;
        private int messageLevel;
        private String messagePath;
        private String messageId;
        private LocalDateTime messageCreated;
        private boolean finished;
        private int statementCount;

        // state of the current statement
        private boolean inStatement;
        private boolean containerClosed;
        private int containerLevel;
        private String statementPath;
        private XmlNode bufferedEntry;
        private boolean atEntryStart;
        private int entryIndex;
        private int lineIndex;
        private Currency accountCurrency;
        private LocalDateTime statementCreated;
        private boolean keepAggregate;
        private final Deque<StatementLine> queue = new ArrayDeque<>();
        private final FreeTexts texts = new FreeTexts();

        Cursor(InputStream in, String fileName, Options options) {
            this.in = in;
            this.fileName = fileName;
            this.options = options;
        }

        @Override
        public Optional<StatementHeader> nextStatement() {
            if (finished) {
                return Optional.empty();
            }
            if (reader == null) {
                start();
            }
            if (inStatement) {
                while (nextLine().isPresent()) {
                    // drain the unread lines of the current statement
                }
            }
            while (nextChild(messageLevel)) {
                String name = reader.getLocalName();
                if (name.equals(namespace.statementElement())) {
                    statementCount++;
                    return Optional.of(readHeader());
                } else if (name.equals("GrpHdr")) {
                    XmlNode grpHdr = readSubtree(messagePath);
                    messageId = grpHdr.textOrNull("MsgId");
                    messageCreated = dateTime(grpHdr.child("CreDtTm"), messagePath + "/GrpHdr/CreDtTm").orElse(null);
                } else {
                    skipSubtree();
                }
            }
            finishDocument();
            finished = true;
            if (statementCount == 0) {
                throw new StatementFormatException(Code.NOT_A_STATEMENT,
                        "The " + namespace.messageName() + " document contains no " + namespace.statementElement() + " element",
                        SourceLocation.of(fileName, 0, 0, messagePath),
                        "Ask the bank for a complete file; this one has a group header only and nothing to import");
            }
            return Optional.empty();
        }

        @Override
        public Optional<StatementLine> nextLine() {
            while (true) {
                if (!queue.isEmpty()) {
                    return Optional.of(queue.poll());
                }
                if (!inStatement || containerClosed) {
                    inStatement = false;
                    return Optional.empty();
                }
                XmlNode entry;
                if (bufferedEntry != null) {
                    entry = bufferedEntry;
                    bufferedEntry = null;
                } else if (atEntryStart) {
                    entry = readSubtree(statementPath, "Ntry[" + (entryIndex + 1) + "]");
                } else {
                    advanceToNextEntry();
                    continue;
                }
                atEntryStart = false;
                entryIndex++;
                mapEntry(entry, statementPath + "/Ntry[" + entryIndex + "]");
                advanceToNextEntry();
            }
        }

        @Override
        public List<ValidationProblem> warnings() {
            return texts.warnings();
        }

        @Override
        public void close() {
            try {
                if (reader != null) {
                    reader.close();
                }
            } catch (XMLStreamException ignored) {
                // closing a reader over a stream we close next
            } finally {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing useful to do when closing an input stream fails
                }
            }
        }

        // ---------------------------------------------------------------- document structure

        private void start() {
            try {
                reader = FACTORY.createXMLStreamReader(in);
            } catch (XMLStreamException e) {
                throw StatementFormatException.xml(e, fileName);
            }
            // the Document element may be the root or sit inside a transport wrapper (AppHdr + Document)
            int elementsBeforeDocument = 0;
            String rootName = null;
            while (true) {
                int event = nextEvent();
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new StatementFormatException(Code.NOT_A_STATEMENT,
                            "The XML document contains no ISO 20022 camt Document", SourceLocation.file(fileName),
                            "Check that this is a camt.052/053/054 file; other XML documents cannot be imported");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (reader.getLocalName().equals("Document")) {
                        String uri = reader.getNamespaceURI();
                        namespace = CamtNamespace.parse(uri).orElseThrow(() -> new StatementFormatException(Code.NOT_A_STATEMENT,
                                "The XML Document has namespace '" + (uri == null ? "" : uri)
                                        + "', which is not a camt.052, camt.053 or camt.054 namespace",
                                location("Document"),
                                "Check that this is a bank statement in ISO 20022 camt format; other XML documents cannot be imported"));
                        if (!namespace.isSupported()) {
                            throw new StatementFormatException(Code.UNSUPPORTED_FORMAT, namespace.unsupportedReason(),
                                    location("Document/@xmlns"),
                                    "Ask the bank for the statement in a supported camt version, or have the hub extended for this one");
                        }
                        break;
                    }
                    if (++elementsBeforeDocument > 200) {
                        throw new StatementFormatException(Code.NOT_A_STATEMENT,
                                "The XML holds no ISO 20022 camt Document near its start (root '" + rootName + "')",
                                location(reader.getLocalName()),
                                "Check that this is a camt.052/053/054 file; other XML documents cannot be imported");
                    }
                    if (rootName == null) {
                        rootName = reader.getLocalName();
                    }
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            documentLevel = depth;
            if (!nextChild(documentLevel) || !reader.getLocalName().equals(namespace.messageElement())) {
                throw new StatementFormatException(Code.NOT_A_STATEMENT,
                        "The " + namespace.messageName() + " Document does not contain " + namespace.messageElement(),
                        location("Document"),
                        "Check that this is a bank statement in ISO 20022 camt format; the file is well-formed but has no statement content");
            }
            messageLevel = depth;
            messagePath = "Document/" + namespace.messageElement();
        }

        private StatementHeader readHeader() {
            inStatement = true;
            containerClosed = false;
            containerLevel = depth;
            atEntryStart = false;
            bufferedEntry = null;
            entryIndex = 0;
            lineIndex = 0;
            queue.clear();
            statementPath = messagePath + "/" + namespace.statementElement() + "[" + statementCount + "]";
            SourceLocation where = location(statementPath);

            String id = null;
            String elSeq = null;
            String lglSeq = null;
            LocalDateTime created = null;
            StatementPeriod period = null;
            XmlNode acct = null;
            List<Balance> balances = new ArrayList<>();
            boolean closed = true;
            while (nextChild(containerLevel)) {
                if (reader.getLocalName().equals("Ntry")) {
                    atEntryStart = true;
                    closed = false;
                    break;
                }
                XmlNode node = readSubtree(statementPath);
                String path = statementPath + "/" + node.name;
                switch (node.name) {
                    case "Id" -> id = nonEmpty(node.text);
                    case "ElctrncSeqNb" -> elSeq = nonEmpty(node.text);
                    case "LglSeqNb" -> lglSeq = nonEmpty(node.text);
                    case "CreDtTm" -> created = dateTime(node, path).orElse(null);
                    case "FrToDt" -> period = period(node, path);
                    case "Acct" -> acct = node;
                    case "Bal" -> balances.add(balance(node, path + "[" + (balances.size() + 1) + "]"));
                    default -> {
                        // TxsSummry, RptgSrc, Intrst, AddtlStmtInf ...: not needed for posting
                    }
                }
            }
            containerClosed = closed;
            if (acct == null) {
                throw invalid("The " + namespace.statementElement() + " has no Acct (account) element", where,
                        "Ask the bank for a corrected file; a statement must name its account");
            }
            String ccyText = acct.textOrNull("Ccy");
            Currency currency;
            if (ccyText != null) {
                currency = currency(ccyText, acct.child("Ccy"), statementPath + "/Acct/Ccy");
            } else if (!balances.isEmpty()) {
                currency = balances.get(0).amount().currency();
            } else if (atEntryStart) {
                bufferedEntry = readSubtree(statementPath, "Ntry[1]");
                XmlNode amt = bufferedEntry.child("Amt");
                if (amt == null || amt.currency == null) {
                    throw invalid("Neither the account nor the first entry states a currency", where,
                            "Ask the bank for a corrected file; the account currency cannot be determined");
                }
                currency = currency(amt.currency, amt, statementPath + "/Ntry[1]/Amt/@Ccy");
            } else {
                throw invalid("The account has no currency (Acct/Ccy), and there are no balances or entries to take it from", where,
                        "Ask the bank for a corrected file, or include the account currency");
            }
            accountCurrency = currency;
            statementCreated = created != null ? created : messageCreated;
            String iban = acct.textOrNull("Id", "IBAN");
            String other = acct.textOrNull("Id", "Othr", "Id");
            if (iban == null && other == null) {
                throw invalid("The account has neither Id/IBAN nor Id/Othr/Id", location(acct, statementPath + "/Acct"),
                        "Ask the bank for a corrected file; a statement must identify its account");
            }
            AccountReference account = AccountReference.of(iban != null ? iban : other, currency)
                    .withServicer(Optional.ofNullable(acct.firstText(
                            new String[] {"Svcr", "FinInstnId", "BICFI"}, new String[] {"Svcr", "FinInstnId", "BIC"}))
                            .flatMap(Bic::tryParse))
                    .withOwnerName(Optional.ofNullable(acct.firstText(
                            new String[] {"Ownr", "Nm"}, new String[] {"Ownr", "Pty", "Nm"}, new String[] {"Nm"})));
            keepAggregate = options.keepBatchAggregate().test(account);

            Balance opening = pick(balances, "OPBD", "PRCD");
            Balance closing = pick(balances, "CLBD");
            List<Balance> interim = balances.stream().filter(b -> b.typeCode().equals("ITBD")).toList();
            if (opening == null && closing != null && !interim.isEmpty()) {
                opening = interim.get(0);
            } else if (closing == null && opening != null && !interim.isEmpty()) {
                closing = interim.get(interim.size() - 1);
            } else if (opening == null && closing == null && interim.size() >= 2) {
                opening = interim.get(0);
                closing = interim.get(interim.size() - 1);
            }
            List<Balance> others = new ArrayList<>(balances);
            others.remove(opening);
            others.remove(closing);
            StatementKind kind = switch (namespace.format()) {
                case CAMT_052 -> StatementKind.REPORT;
                case CAMT_054 -> StatementKind.NOTIFICATION;
                default -> StatementKind.STATEMENT;
            };
            return new StatementHeader(namespace.messageName(), kind, Optional.ofNullable(messageId),
                    id != null ? id : (messageId != null ? messageId + "/" + statementCount : fileName + "/" + statementCount),
                    Optional.ofNullable(elSeq), Optional.ofNullable(lglSeq), account,
                    Optional.ofNullable(created != null ? created : messageCreated), Optional.ofNullable(period),
                    Optional.ofNullable(opening), Optional.ofNullable(closing), others, where);
        }

        private void advanceToNextEntry() {
            while (true) {
                if (!nextChild(containerLevel)) {
                    containerClosed = true;
                    return;
                }
                if (reader.getLocalName().equals("Ntry")) {
                    atEntryStart = true;
                    return;
                }
                skipSubtree();
            }
        }

        // ---------------------------------------------------------------- entries

        private void mapEntry(XmlNode e, String path) {
            SourceLocation where = location(e, path);
            XmlNode amtNode = e.child("Amt");
            if (amtNode == null) {
                throw invalid("The entry has no Amt", where, "Ask the bank for a corrected file");
            }
            boolean credit = creditDebit(e, path, true);
            Money entryAmount = money(amtNode, path + "/Amt", credit);
            Money foreignEntryAmount = null;
            if (!entryAmount.currency().equals(accountCurrency)) {
                // some banks report Ntry/Amt in the transaction currency; the account-currency amount is then in AmtDtls
                XmlNode inAccountCcy = firstInCurrency(accountCurrency, e.child("AmtDtls", "CntrValAmt", "Amt"),
                        e.child("AmtDtls", "TxAmt", "Amt"), e.child("AmtDtls", "InstdAmt", "Amt"),
                        e.child("NtryDtls", "TxDtls", "AmtDtls", "CntrValAmt", "Amt"),
                        e.child("NtryDtls", "TxDtls", "AmtDtls", "TxAmt", "Amt"),
                        e.child("NtryDtls", "TxDtls", "AmtDtls", "InstdAmt", "Amt"));
                if (inAccountCcy != null) {
                    foreignEntryAmount = entryAmount;
                    entryAmount = money(inAccountCcy, path + "/AmtDtls", credit);
                }
            }
            boolean reversal = bool(e.textOrNull("RvslInd"));
            String statusText = e.firstText(new String[] {"Sts", "Cd"}, new String[] {"Sts", "Prtry"}, new String[] {"Sts"});
            EntryStatus status = EntryStatus.fromIsoCode(statusText);
            LocalDate booking = date(e.child("BookgDt"), path + "/BookgDt");
            LocalDate value = date(e.child("ValDt"), path + "/ValDt");
            if (booking == null && value == null) {
                // camt.054 advices may omit both dates (schema-optional); the advice's creation day is then the best date
                if (statementCreated == null) {
                    throw invalid("The entry has neither a booking date (BookgDt) nor a value date (ValDt), and the "
                                    + namespace.statementElement() + " has no creation time to fall back to", where,
                            "Ask the bank for a corrected file; a line cannot be booked without a date");
                }
                booking = statementCreated.toLocalDate();
            }
            BankTransactionCode entryCode = transactionCode(e.child("BkTxCd"));
            List<Charge> entryCharges = charges(e, path);
            String entryRef = e.textOrNull("AcctSvcrRef");
            String addtl = e.textOrNull("AddtlNtryInf");
            List<XmlNode> txs = e.allAlong("NtryDtls", "TxDtls");
            int declared = 0;
            List<XmlNode> batches = e.allAlong("NtryDtls", "Btch");
            for (XmlNode btch : batches) {
                declared += parseIntOrZero(btch.textOrNull("NbOfTxs"));
            }
            int count = Math.max(txs.size(), declared);
            // the ordering party's ids of the one batch the entry books (several Btch blocks name no single file)
            Optional<String> batchMessageId = batches.size() == 1 ? Optional.ofNullable(notProvided(batches.get(0).textOrNull("MsgId")))
                    : Optional.empty();
            Optional<String> batchInformationId = batches.size() == 1
                    ? Optional.ofNullable(notProvided(batches.get(0).textOrNull("PmtInfId"))) : Optional.empty();

            if (txs.size() >= 2 && !keepAggregate) {
                List<Money> parts = splitAmounts(txs, credit, entryAmount, path);
                if (parts != null) {
                    for (int i = 0; i < txs.size(); i++) {
                        XmlNode tx = txs.get(i);
                        String txPath = path + "/NtryDtls/TxDtls[" + (i + 1) + "]";
                        StatementLine.Builder b = base(e, booking, value, reversal, status, entryCode, entryRef, addtl)
                                .amount(parts.get(i))
                                .batch(new BatchInfo(count, OptionalInt.of(i + 1), entryAmount, List.of(), batchMessageId, batchInformationId))
                                .location(location(tx, txPath));
                        details(b, tx, parts.get(i).amount().signum() >= 0, txPath, null);
                        b.charges(charges(tx, txPath));
                        emit(b);
                    }
                    return;
                }
            }
            StatementLine.Builder b = base(e, booking, value, reversal, status, entryCode, entryRef, addtl)
                    .amount(entryAmount)
                    .charges(entryCharges)
                    .location(where);
            if (count >= 2 || batchMessageId.isPresent() || batchInformationId.isPresent()) {
                List<String> endToEndIds = new ArrayList<>();
                if (txs.size() >= 2) {
                    for (XmlNode tx : txs) {
                        Optional.ofNullable(notProvided(tx.textOrNull("Refs", "EndToEndId"))).ifPresent(endToEndIds::add);
                    }
                }
                b.batch(new BatchInfo(Math.max(count, 1), OptionalInt.empty(), entryAmount, endToEndIds, batchMessageId, batchInformationId));
            }
            if (foreignEntryAmount != null) {
                b.originalAmount(foreignEntryAmount);
            }
            if (txs.size() == 1) {
                String txPath = path + "/NtryDtls/TxDtls[1]";
                details(b, txs.get(0), credit, txPath, e.child("AmtDtls"));
                if (entryCharges.isEmpty()) {
                    b.charges(charges(txs.get(0), txPath));
                }
            } else {
                foreign(b, e.child("AmtDtls"), entryAmount, path + "/AmtDtls");
            }
            emit(b);
        }

        private StatementLine.Builder base(XmlNode e, LocalDate booking, LocalDate value, boolean reversal,
                                           EntryStatus status, BankTransactionCode code, String entryRef, String addtl) {
            return StatementLine.builder()
                    .bookingDate(booking)
                    .valueDate(value)
                    .reversal(reversal)
                    .status(status)
                    .transactionCode(code)
                    .bankReference(entryRef)
                    .entryReference(e.textOrNull("NtryRef"))
                    .additionalInfo(addtl);
        }

        private void emit(StatementLine.Builder b) {
            lineIndex++;
            queue.add(b.index(lineIndex).build());
        }

        /** Signed account-currency amounts of the batch's transactions, or null when they cannot stand for the entry. */
        private List<Money> splitAmounts(List<XmlNode> txs, boolean entryCredit, Money entryAmount, String entryPath) {
            List<Money> parts = new ArrayList<>(txs.size());
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < txs.size(); i++) {
                XmlNode tx = txs.get(i);
                XmlNode amt = firstInCurrency(accountCurrency, tx.child("Amt"), tx.child("AmtDtls", "TxAmt", "Amt"),
                        tx.child("AmtDtls", "CntrValAmt", "Amt"), tx.child("AmtDtls", "InstdAmt", "Amt"));
                if (amt == null) {
                    return null;
                }
                String ind = tx.textOrNull("CdtDbtInd");
                boolean credit = ind == null ? entryCredit : creditDebit(tx, entryPath + "/NtryDtls/TxDtls[" + (i + 1) + "]", true);
                BigDecimal value = amount(amt, entryPath + "/NtryDtls/TxDtls[" + (i + 1) + "]/Amt");
                Money m = new Money(credit ? value : value.negate(), accountCurrency);
                parts.add(m);
                sum = sum.add(m.amount());
            }
            return sum.compareTo(entryAmount.amount()) == 0 ? parts : null;
        }

        private void details(StatementLine.Builder b, XmlNode tx, boolean credit, String txPath, XmlNode entryAmtDtls) {
            XmlNode refs = tx.child("Refs");
            if (refs != null) {
                String ownRef = refs.textOrNull("AcctSvcrRef");
                if (ownRef != null) {
                    b.bankReference(ownRef);
                }
                b.endToEndId(notProvided(refs.textOrNull("EndToEndId")));
                b.instructionId(notProvided(refs.textOrNull("InstrId")));
                b.mandateId(notProvided(refs.textOrNull("MndtId")));
            }
            XmlNode txCode = tx.child("BkTxCd");
            if (txCode != null) {
                BankTransactionCode code = transactionCode(txCode);
                if (code.isoCode().isPresent() || code.proprietaryCode().isPresent()) {
                    b.transactionCode(code);
                }
            }
            XmlNode parties = tx.child("RltdPties");
            if (parties != null) {
                String party = credit ? "Dbtr" : "Cdtr";
                String ultimate = credit ? "UltmtDbtr" : "UltmtCdtr";
                String name = parties.firstText(new String[] {party, "Nm"}, new String[] {party, "Pty", "Nm"},
                        new String[] {ultimate, "Nm"}, new String[] {ultimate, "Pty", "Nm"});
                b.counterpartyName(name);
                b.counterpartyAccount(parties.firstText(new String[] {party + "Acct", "Id", "IBAN"},
                        new String[] {party + "Acct", "Id", "Othr", "Id"}));
            }
            XmlNode agents = tx.child("RltdAgts");
            if (agents != null) {
                String agent = credit ? "DbtrAgt" : "CdtrAgt";
                b.counterpartyBic(agents.firstText(new String[] {agent, "FinInstnId", "BICFI"},
                        new String[] {agent, "FinInstnId", "BIC"}));
            }
            XmlNode rmt = tx.child("RmtInf");
            if (rmt != null) {
                List<String> ustrd = new ArrayList<>();
                for (XmlNode u : rmt.all("Ustrd")) {
                    if (!u.text.isEmpty()) {
                        ustrd.add(u.text);
                    }
                }
                List<String> refsText = new ArrayList<>();
                for (XmlNode s : rmt.all("Strd")) {
                    String ref = s.textOrNull("CdtrRefInf", "Ref");
                    if (ref != null) {
                        refsText.add(ref);
                    }
                    for (XmlNode add : s.all("AddtlRmtInf")) {
                        if (ustrd.isEmpty() && !add.text.isEmpty()) {
                            ustrd.add(add.text);
                        }
                    }
                }
                if (!ustrd.isEmpty()) {
                    b.remittanceUnstructured(texts.text(String.join(" ", ustrd), REMITTANCE_JOINED, location(rmt, txPath + "/RmtInf")));
                }
                if (!refsText.isEmpty()) {
                    b.creditorReference(texts.text(String.join("; ", refsText), CREDITOR_REFERENCES_JOINED, location(rmt, txPath + "/RmtInf")));
                }
            }
            XmlNode rtr = tx.child("RtrInf");
            if (rtr != null) {
                b.returnReason(rtr.firstText(new String[] {"Rsn", "Cd"}, new String[] {"Rsn", "Prtry"}));
            }
            String addtlTx = tx.textOrNull("AddtlTxInf");
            if (addtlTx != null) {
                b.additionalInfo(addtlTx);
            }
            XmlNode amtDtls = tx.child("AmtDtls");
            foreign(b, amtDtls != null ? amtDtls : entryAmtDtls, b.amount(), txPath + "/AmtDtls");
        }

        /** Instructed/transaction amount in a currency other than the account's, for foreign-currency posting. */
        private void foreign(StatementLine.Builder b, XmlNode amtDtls, Money lineAmount, String path) {
            if (amtDtls == null) {
                return;
            }
            for (String part : new String[] {"InstdAmt", "TxAmt"}) {
                XmlNode amt = amtDtls.child(part, "Amt");
                if (amt != null && amt.currency != null && !amt.currency.equals(accountCurrency.getCurrencyCode())) {
                    Money m = money(amt, path + "/" + part + "/Amt", lineAmount.amount().signum() >= 0);
                    b.originalAmount(m);
                    String rate = amtDtls.firstText(new String[] {part, "CcyXchg", "XchgRate"},
                            new String[] {"CntrValAmt", "CcyXchg", "XchgRate"}, new String[] {"TxAmt", "CcyXchg", "XchgRate"},
                            new String[] {"InstdAmt", "CcyXchg", "XchgRate"});
                    if (rate != null) {
                        if (!SIGNED_DECIMAL.matcher(rate).matches()) {
                            throw invalid("Exchange rate '" + quote(rate) + "' is not a decimal number", location(amtDtls, path),
                                    "Ask the bank for a corrected file");
                        }
                        BigDecimal value = new BigDecimal(rate);
                        // BaseOneRate
                        checkDigits(value, 11, 10, "exchange rate '" + quote(rate) + "'", location(amtDtls, path));
                        b.exchangeRate(value);
                    }
                    return;
                }
            }
        }

        private List<Charge> charges(XmlNode owner, String path) {
            List<Charge> out = new ArrayList<>();
            for (XmlNode chrgs : owner.all("Chrgs")) {
                List<XmlNode> records = chrgs.all("Rcrd");
                if (records.isEmpty() && chrgs.child("Amt") != null) {
                    records = List.of(chrgs);
                }
                for (XmlNode r : records) {
                    XmlNode amt = r.child("Amt");
                    if (amt == null) {
                        continue;
                    }
                    String ind = r.textOrNull("CdtDbtInd");
                    Money m = money(amt, path + "/Chrgs", ind == null || ind.equals("CRDT"));
                    String incl = r.textOrNull("ChrgInclInd");
                    out.add(new Charge(m, Optional.ofNullable(r.firstText(new String[] {"Tp", "Cd"}, new String[] {"Tp", "Prtry", "Id"}))
                            , incl == null ? Optional.empty() : Optional.of(bool(incl))));
                }
            }
            return out;
        }

        private static BankTransactionCode transactionCode(XmlNode btc) {
            if (btc == null) {
                return BankTransactionCode.NONE;
            }
            return new BankTransactionCode(btc.text("Domn", "Cd"), btc.text("Domn", "Fmly", "Cd"),
                    btc.text("Domn", "Fmly", "SubFmlyCd"), btc.text("Prtry", "Cd"), btc.text("Prtry", "Issr"));
        }

        // ---------------------------------------------------------------- values

        private Balance balance(XmlNode bal, String path) {
            String type = bal.firstText(new String[] {"Tp", "CdOrPrtry", "Cd"}, new String[] {"Tp", "CdOrPrtry", "Prtry"});
            if (type == null) {
                throw invalid("The balance has no type (Tp/CdOrPrtry)", location(bal, path), "Ask the bank for a corrected file");
            }
            XmlNode amt = bal.child("Amt");
            if (amt == null) {
                throw invalid("The balance " + type + " has no Amt", location(bal, path), "Ask the bank for a corrected file");
            }
            boolean credit = creditDebit(bal, path, true);
            LocalDate day = date(bal.child("Dt"), path + "/Dt");
            if (day == null) {
                throw invalid("The balance " + type + " has no date", location(bal, path), "Ask the bank for a corrected file");
            }
            return new Balance(type, money(amt, path + "/Amt", credit), day);
        }

        private boolean creditDebit(XmlNode owner, String path, boolean required) {
            String ind = owner.textOrNull("CdtDbtInd");
            if (ind == null) {
                if (required) {
                    throw invalid("CdtDbtInd (credit/debit indicator) is missing", location(owner, path),
                            "Ask the bank for a corrected file; the direction of the amount is unknown");
                }
                return true;
            }
            if (ind.equals("CRDT")) {
                return true;
            }
            if (ind.equals("DBIT")) {
                return false;
            }
            throw invalid("CdtDbtInd is '" + quote(ind) + "', expected CRDT or DBIT", location(owner, path + "/CdtDbtInd"),
                    "Ask the bank for a corrected file");
        }

        private Money money(XmlNode amt, String path, boolean credit) {
            if (amt.currency == null) {
                throw invalid("The amount has no Ccy attribute", location(amt, path), "Ask the bank for a corrected file");
            }
            Currency ccy = currency(amt.currency, amt, path + "/@Ccy");
            BigDecimal value = amount(amt, path);
            return new Money(credit ? value : value.negate(), ccy);
        }

        /**
         * An {@code Amt} as the schema types it ({@code ActiveOrHistoricCurrencyAndAmount}): an {@code xs:decimal} of at
         * least 0 with at most 18 digits, 5 of them decimals. No exponent, no sign: the direction is {@code CdtDbtInd}.
         */
        private BigDecimal amount(XmlNode amt, String path) {
            String t = amt.text;
            if (!UNSIGNED_DECIMAL.matcher(t).matches()) {
                String why = t.isEmpty() ? "is empty"
                        : t.startsWith("-") ? "is negative; a camt amount is never negative, its direction is CdtDbtInd (CRDT or DBIT)"
                        : t.indexOf('e') >= 0 || t.indexOf('E') >= 0
                        ? "is in scientific notation, which a camt amount may not use (digits with an optional decimal point, e.g. 100.00)"
                        : "is not a decimal number (digits with an optional decimal point, e.g. 100.00)";
                throw invalid("The amount '" + quote(t) + "' " + why, location(amt, path), "Ask the bank for a corrected file");
            }
            BigDecimal value = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
            checkDigits(value, 18, 5, "amount '" + quote(t) + "'", location(amt, path));
            return value;
        }

        /** {@code totalDigits}/{@code fractionDigits} of XML Schema: trailing fraction zeros and leading zeros do not count. */
        private void checkDigits(BigDecimal value, int totalDigits, int fractionDigits, String what, SourceLocation where) {
            BigDecimal stripped = value.stripTrailingZeros();
            int fraction = Math.max(0, stripped.scale());
            int total = stripped.signum() == 0 ? 0 : stripped.scale() >= 0 ? stripped.precision() : stripped.precision() - stripped.scale();
            if (fraction > fractionDigits || total > totalDigits) {
                throw invalid("The " + what + " has " + total + " digits, " + fraction + " of them decimals; the camt schema allows at most "
                        + totalDigits + " digits with " + fractionDigits + " decimals", where, "Ask the bank for a corrected file");
            }
        }

        private static String quote(String s) {
            return s.length() <= 40 ? s : s.substring(0, 40) + "...";
        }

        private Currency currency(String code, XmlNode node, String path) {
            try {
                return Money.currency(code);
            } catch (IllegalArgumentException ex) {
                throw invalid("'" + quote(code) + "' is not an ISO 4217 currency code", location(node, path),
                        "Ask the bank for a corrected file");
            }
        }

        /** {@code <X><Dt>..</Dt></X>} or {@code <X><DtTm>..</DtTm></X>}; also tolerates {@code <Dt><DtTm>} nesting. */
        private LocalDate date(XmlNode holder, String path) {
            if (holder == null) {
                return null;
            }
            XmlNode dt = holder.child("Dt");
            if (dt != null && dt.children().isEmpty() && !dt.text.isEmpty()) {
                return isoDate(dt, path + "/Dt");
            }
            XmlNode dtTm = holder.child("DtTm");
            if (dtTm == null && dt != null) {
                dtTm = dt.child("DtTm");
                if (dtTm == null && dt.child("Dt") != null) {
                    return isoDate(dt.child("Dt"), path + "/Dt/Dt");
                }
            }
            if (dtTm != null) {
                return dateTime(dtTm, path + "/DtTm").map(LocalDateTime::toLocalDate).orElse(null);
            }
            return null;
        }

        private LocalDate isoDate(XmlNode node, String path) {
            String t = node.text;
            try {
                return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
            } catch (DateTimeParseException ex) {
                throw invalid("'" + quote(t) + "' is not an ISO date (YYYY-MM-DD)", location(node, path), "Ask the bank for a corrected file");
            }
        }

        private Optional<LocalDateTime> dateTime(XmlNode node, String path) {
            if (node == null || node.text.isEmpty()) {
                return Optional.empty();
            }
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(node.text);
                return Optional.of(LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.of(
                        parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0)));
            } catch (DateTimeParseException ex) {
                if (node.text.length() == 10) {
                    return Optional.of(isoDate(node, path).atStartOfDay());
                }
                throw invalid("'" + quote(node.text) + "' is not an ISO date-time", location(node, path), "Ask the bank for a corrected file");
            }
        }

        private StatementPeriod period(XmlNode frToDt, String path) {
            Optional<LocalDateTime> from = dateTime(frToDt.child("FrDtTm"), path + "/FrDtTm");
            Optional<LocalDateTime> to = dateTime(frToDt.child("ToDtTm"), path + "/ToDtTm");
            if (from.isEmpty() || to.isEmpty()) {
                return null;
            }
            return new StatementPeriod(from.get().toLocalDate(), to.get().toLocalDate());
        }

        private static Balance pick(List<Balance> balances, String... types) {
            for (String type : types) {
                for (Balance b : balances) {
                    if (b.typeCode().equals(type)) {
                        return b;
                    }
                }
            }
            return null;
        }

        private static XmlNode firstInCurrency(Currency currency, XmlNode... candidates) {
            for (XmlNode n : candidates) {
                if (n != null && currency.getCurrencyCode().equals(n.currency) && !n.text.isEmpty()) {
                    return n;
                }
            }
            return null;
        }

        private static String notProvided(String s) {
            return s == null || s.equalsIgnoreCase("NOTPROVIDED") ? null : s;
        }

        private static boolean bool(String s) {
            return s != null && (s.equals("true") || s.equals("1"));
        }

        private static int parseIntOrZero(String s) {
            if (s == null) {
                return 0;
            }
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException ex) {
                return 0;
            }
        }

        private static String nonEmpty(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        // ---------------------------------------------------------------- StAX plumbing

        /** Next event; a DOCTYPE anywhere is refused (XXE, entity expansion). */
        private int nextEvent() {
            try {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new StatementFormatException(Code.FORBIDDEN_XML,
                            "The XML contains a DOCTYPE declaration, which is refused (external entities and entity expansion are not allowed)",
                            location(null),
                            "Ask the bank for the plain camt file; statement files never need a DOCTYPE");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new StatementFormatException(Code.FORBIDDEN_XML,
                            "The XML references the undeclared entity '&" + reader.getLocalName() + ";'", location(null),
                            "Ask the bank for the plain camt file; statement files never use custom entities");
                }
                return event;
            } catch (XMLStreamException e) {
                throw StatementFormatException.xml(e, fileName);
            }
        }

        /** Moves to the next child start of the element at {@code level}; false when that element ends. */
        private boolean nextChild(int level) {
            while (true) {
                int event = nextEvent();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT:
                        depth++;
                        if (depth == level + 1) {
                            return true;
                        }
                        skipSubtree();
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        depth--;
                        if (depth < level) {
                            return false;
                        }
                        break;
                    case XMLStreamConstants.END_DOCUMENT:
                        throw endsEarly();
                    default:
                        break;
                }
            }
        }

        /** Skips the element whose start was just read. */
        private void skipSubtree() {
            int target = depth - 1;
            while (depth > target) {
                int event = nextEvent();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw endsEarly();
                }
            }
        }

        /**
         * Materialises the element whose start was just read, leaving the reader at its end. Leaf texts leave here
         * clean and within their element's length ({@link #limitText}); {@code parentPath} names where the element is,
         * for the warnings and errors.
         */
        private XmlNode readSubtree(String parentPath) {
            return readSubtree(parentPath, reader.getLocalName());
        }

        /** {@code rootLabel}: how the element appears in paths ({@code Ntry[3]}). */
        private XmlNode readSubtree(String parentPath, String rootLabel) {
            XmlNode root = startNode();
            XmlNode[] stack = new XmlNode[16];
            int top = 0;
            stack[0] = root;
            text.setLength(0);
            while (true) {
                int event = nextEvent();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        XmlNode child = startNode();
                        stack[top].add(child);
                        if (++top == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                        }
                        stack[top] = child;
                        text.setLength(0);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        XmlNode done = stack[top];
                        if (done.children().isEmpty() && !text.isEmpty()) {
                            done.text = limitText(done, stack, top, parentPath, rootLabel, text.toString().strip());
                        }
                        text.setLength(0);
                        if (top == 0) {
                            return root;
                        }
                        top--;
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw endsEarly();
                    default -> {
                        // comments and processing instructions carry nothing for us
                    }
                }
            }
        }

        /**
         * A leaf's text without control characters and within the length its element has in the camt schemas. The
         * statement's account and the bank's booking reference are identifiers and refused when too long; other
         * texts are cut, with a warning.
         */
        private String limitText(XmlNode leaf, XmlNode[] stack, int top, String parentPath, String rootLabel, String raw) {
            if (raw.isEmpty()) {
                return raw;
            }
            StringBuilder relative = new StringBuilder(stack[0].name);
            StringBuilder labelled = new StringBuilder(rootLabel);
            for (int i = 1; i <= top; i++) {
                relative.append('/').append(stack[i].name);
                labelled.append('/').append(stack[i].name);
            }
            String rel = relative.toString();
            SourceLocation where = SourceLocation.of(fileName, leaf.line, leaf.column, parentPath + "/" + labelled);
            if (rel.equals("Acct/Id/IBAN") || rel.equals("Acct/Id/Othr/Id")) {
                return texts.identifier(raw, ACCOUNT_ID, where);
            }
            if (leaf.name.equals("AcctSvcrRef")) {
                return texts.identifier(raw, BANK_REFERENCE, where);
            }
            FreeTexts.Field field = ELEMENT_LENGTHS.get(leaf.name);
            return field == null ? texts.clean(raw, "text of " + leaf.name, where) : texts.text(raw, field, where);
        }

        private XmlNode startNode() {
            Location loc = reader.getLocation();
            XmlNode node = new XmlNode(reader.getLocalName(), loc.getLineNumber(), loc.getColumnNumber());
            if (reader.getAttributeCount() > 0) {
                String ccy = reader.getAttributeValue(null, "Ccy");
                if (ccy != null) {
                    node.currency = ccy.trim();
                }
            }
            return node;
        }

        private SourceLocation location(String path) {
            Location loc = reader == null ? null : reader.getLocation();
            return loc == null ? SourceLocation.file(fileName).withPath(path)
                    : SourceLocation.of(fileName, loc.getLineNumber(), loc.getColumnNumber(), path);
        }

        private SourceLocation location(XmlNode node, String path) {
            return SourceLocation.of(fileName, node.line, node.column, path);
        }

        private StatementFormatException endsEarly() {
            return new StatementFormatException(Code.TRUNCATED, "The XML ends before the document is complete: the file is truncated",
                    location(null), "Ask the bank for the complete file; nothing from this one was imported");
        }

        /**
         * After the message element: the rest of the file must close the Document (and a transport wrapper around
         * it) and end. A second statement document glued on, or anything after the end, refuses the whole file: the
         * hub would otherwise import the first document and drop the rest without a word.
         */
        private void finishDocument() {
            while (true) {
                int event = nextEvent();
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    return;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String what = depth >= documentLevel ? "the Document holds a second element (" + reader.getLocalName()
                            + ") after " + namespace.messageElement() : "a second element (" + reader.getLocalName()
                            + ") follows the camt Document";
                    throw new StatementFormatException(Code.MALFORMED_XML, "The file holds more than one document: " + what,
                            location(reader.getLocalName()),
                            "Ask the bank to send each statement file separately and unmodified; nothing from this file was imported");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private StatementFormatException invalid(String reason, SourceLocation where, String action) {
            return new StatementFormatException(Code.INVALID_CONTENT, reason, where, action);
        }
    }
}
