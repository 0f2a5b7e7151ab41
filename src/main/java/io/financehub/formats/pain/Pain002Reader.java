package io.financehub.formats.pain;

import io.financehub.formats.xml.SafeXml;
import com.prowidesoftware.swift.model.mx.MxPain00200103;
import com.prowidesoftware.swift.model.mx.MxPain00200110;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.CustomerPaymentStatusReportV03;
import com.prowidesoftware.swift.model.mx.dic.CustomerPaymentStatusReportV10;
import com.prowidesoftware.swift.model.mx.dic.OriginalGroupHeader17;
import com.prowidesoftware.swift.model.mx.dic.OriginalGroupInformation20;
import com.prowidesoftware.swift.model.mx.dic.OriginalPaymentInformation1;
import com.prowidesoftware.swift.model.mx.dic.OriginalPaymentInstruction32;
import com.prowidesoftware.swift.model.mx.dic.PaymentTransaction105;
import com.prowidesoftware.swift.model.mx.dic.PaymentTransactionInformation25;
import com.prowidesoftware.swift.model.mx.dic.StatusReason6Choice;
import com.prowidesoftware.swift.model.mx.dic.StatusReasonInformation12;
import com.prowidesoftware.swift.model.mx.dic.StatusReasonInformation8;
import io.financehub.canonical.Money;
import io.financehub.canonical.payment.PaymentStatus;
import io.financehub.canonical.payment.PaymentStatusReport;
import io.financehub.canonical.payment.PaymentStatusReport.PaymentInformationStatus;
import io.financehub.canonical.payment.PaymentStatusReport.TransactionStatus;
import io.financehub.canonical.payment.StatusReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a bank's customer payment status report (pain.002) into a {@link PaymentStatusReport}: group status
 * (GrpSts), payment-information block status (PmtInfSts) and per-payment status (TxSts) with their reason codes
 * and texts. Versions .001.03 and .001.10 are read, recognised by namespace; other pain.002 versions, the Swiss
 * SIX variants and documents without a namespace are recognised and refused with the reason.
 *
 * <p>The document is first scanned with a hardened StAX reader (no DOCTYPE, no external entity: an XXE payload
 * is refused before anything else reads it) that finds the version; Prowide's ISO 20022 model
 * ({@link MxPain00200103}, {@link MxPain00200110}) then binds it.
 */
public final class Pain002Reader {

    /** pain.002 files are small (one line per payment); this bounds what a hostile upload can make us hold. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final String ISO_PREFIX = "urn:iso:std:iso:20022:tech:xsd:";
    private static final String V03 = "pain.002.001.03";
    private static final String V10 = "pain.002.001.10";

    /** Reads a status report file. */
    public PaymentStatusReport read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new PaymentFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a status report from a stream; {@code sourceName} (file name, upload id) appears in every error. */
    public PaymentStatusReport read(InputStream in, String sourceName) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PaymentFormatException(sourceName + ": cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new PaymentFormatException(sourceName + ": larger than " + (MAX_BYTES / (1024 * 1024))
                    + " MB, which no pain.002 status report is; refused");
        }
        return read(bytes, sourceName);
    }

    public PaymentStatusReport read(byte[] xml, String sourceName) {
        if (xml.length <= 4096 && new String(xml, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            throw new PaymentFormatException(sourceName + ": the file is empty (" + xml.length + " bytes), so it holds no status "
                    + "report; nothing was applied. Ask the bank to send the report again");
        }
        Detected detected = detect(xml, sourceName);
        String text = new String(xml, detected.charset);
        if (V03.equals(detected.messageName)) {
            MxPain00200103 mx = bind(() -> MxPain00200103.parse(text), sourceName, V03);
            CustomerPaymentStatusReportV03 report = mx == null ? null : mx.getCstmrPmtStsRpt();
            if (report == null || report.getGrpHdr() == null) {
                throw new PaymentFormatException(sourceName + ": " + V03 + " document has no CstmrPmtStsRpt/GrpHdr");
            }
            return fromV03(report, sourceName);
        }
        MxPain00200110 mx = bind(() -> MxPain00200110.parse(text), sourceName, V10);
        CustomerPaymentStatusReportV10 report = mx == null ? null : mx.getCstmrPmtStsRpt();
        if (report == null || report.getGrpHdr() == null) {
            throw new PaymentFormatException(sourceName + ": " + V10 + " document has no CstmrPmtStsRpt/GrpHdr");
        }
        return fromV10(report, sourceName);
    }

    // ---------------------------------------------------------------- detection

    private static final class Detected {
        final String messageName;
        final Charset charset;

        Detected(String messageName, Charset charset) {
            this.messageName = messageName;
            this.charset = charset;
        }
    }

    /** Finds the Document element and its namespace, refusing DTDs and anything that is not pain.002 .03/.10. */
    private static Detected detect(byte[] xml, String sourceName) {
        XMLStreamReader reader = null;
        try {
            reader = SafeXml.entityReportingInputFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            Charset charset = charset(reader.getEncoding());
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new PaymentFormatException(sourceName + ": line " + reader.getLocation().getLineNumber()
                            + ": a DOCTYPE declaration is not allowed in a bank file (it could pull in external "
                            + "entities); refused");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new PaymentFormatException(sourceName + ": line " + reader.getLocation().getLineNumber()
                            + ": entity reference &" + reader.getLocalName() + "; is not allowed; refused");
                }
                if (event == XMLStreamConstants.START_ELEMENT && "Document".equals(reader.getLocalName())) {
                    String namespace = reader.getNamespaceURI();
                    String messageName = messageName(namespace, reader, sourceName);
                    expectStatusReport(reader, sourceName, messageName);
                    readToEnd(reader, sourceName);
                    return new Detected(messageName, charset);
                }
            }
            throw new PaymentFormatException(sourceName + ": no <Document> element; this is not an ISO 20022 "
                    + "pain.002 payment status report");
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
            throw new PaymentFormatException(sourceName + ": " + where + "not well-formed XML ("
                    + e.getMessage().replaceAll("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message: ", "")
                    + ")", e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was acquired that closing could release
                }
            }
        }
    }

    private static String messageName(String namespace, XMLStreamReader reader, String sourceName) {
        int line = reader.getLocation().getLineNumber();
        if (namespace == null || namespace.isEmpty()) {
            String hint = "";
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                if (reader.getAttributeLocalName(i).equalsIgnoreCase("xmlns")) {
                    hint = " (it has an attribute '" + reader.getAttributeLocalName(i) + "=\""
                            + reader.getAttributeValue(i) + "\"', which is not a namespace declaration: XML "
                            + "names are case-sensitive)";
                }
            }
            throw new PaymentFormatException(sourceName + ": line " + line + ": <Document> has no XML namespace"
                    + hint + ", so its pain.002 version cannot be known; ask the bank for a file with "
                    + ISO_PREFIX + V03 + " or " + V10);
        }
        if (namespace.equals(ISO_PREFIX + V03)) {
            return V03;
        }
        if (namespace.equals(ISO_PREFIX + V10)) {
            return V10;
        }
        if (namespace.startsWith(ISO_PREFIX + "pain.002.")) {
            throw new PaymentFormatException(sourceName + ": line " + line + ": "
                    + namespace.substring(ISO_PREFIX.length()) + " is a pain.002 version this hub does not read; "
                    + "supported are " + V03 + " and " + V10 + " (configure the bank to send one of them)");
        }
        if (namespace.toLowerCase(Locale.ROOT).contains("pain.002")) {
            throw new PaymentFormatException(sourceName + ": line " + line + ": namespace " + namespace
                    + " is a national pain.002 variant (e.g. Swiss SIX), not the ISO " + V03 + " or " + V10
                    + " this hub reads");
        }
        if (namespace.startsWith(ISO_PREFIX + "camt.053.") || namespace.startsWith(ISO_PREFIX + "camt.052.")) {
            // camt.054 notifications are read by the status inbox itself (PaymentStatusReports), statements are not
            throw new PaymentFormatException(sourceName + ": line " + line + ": " + namespace.substring(ISO_PREFIX.length())
                    + " is a bank statement or account report, not a payment status report: drop it in "
                    + "bank-statements/inbox (or POST /api/v1/bank-statements), where its entries become bank statement "
                    + "lines; the payment status inbox reads pain.002 (" + V03 + ", " + V10 + ") and camt.054 notifications");
        }
        throw new PaymentFormatException(sourceName + ": line " + line + ": namespace " + namespace
                + " is not a pain.002 payment status report (expected " + ISO_PREFIX + V03 + " or " + V10 + ")");
    }

    /** The binding below is lenient, so well-formedness and the no-DTD rule are checked here, to the last byte. */
    private static void readToEnd(XMLStreamReader reader, String sourceName) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new PaymentFormatException(sourceName + ": line " + reader.getLocation().getLineNumber()
                        + ": DOCTYPE declarations and entity references are not allowed in a bank file; refused");
            }
        }
    }

    private static void expectStatusReport(XMLStreamReader reader, String sourceName, String messageName)
            throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (!"CstmrPmtStsRpt".equals(reader.getLocalName())) {
                    throw new PaymentFormatException(sourceName + ": line " + reader.getLocation().getLineNumber()
                            + ": " + messageName + " <Document> must contain <CstmrPmtStsRpt>, found <"
                            + reader.getLocalName() + ">");
                }
                return;
            }
        }
        throw new PaymentFormatException(sourceName + ": " + messageName + " <Document> is empty");
    }

    private static Charset charset(String encoding) {
        try {
            return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private interface Binding<T> {
        T bind();
    }

    private static <T> T bind(Binding<T> binding, String sourceName, String messageName) {
        try {
            return binding.bind();
        } catch (RuntimeException e) {
            throw new PaymentFormatException(sourceName + ": the " + messageName + " content cannot be read: "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- pain.002.001.03

    private static PaymentStatusReport fromV03(CustomerPaymentStatusReportV03 rpt, String sourceName) {
        OriginalGroupInformation20 group = rpt.getOrgnlGrpInfAndSts();
        if (group == null) {
            throw new PaymentFormatException(sourceName + ": " + V03 + " has no OrgnlGrpInfAndSts; without it the "
                    + "report cannot be tied to a payment file");
        }
        List<PaymentInformationStatus> blocks = new ArrayList<>();
        int blockNo = 0;
        for (OriginalPaymentInformation1 block : rpt.getOrgnlPmtInfAndSts()) {
            blockNo++;
            String blockWhere = "OrgnlPmtInfAndSts[" + blockNo + "]";
            List<TransactionStatus> txs = new ArrayList<>();
            int txNo = 0;
            for (PaymentTransactionInformation25 tx : block.getTxInfAndSts()) {
                txNo++;
                String where = blockWhere + "/TxInfAndSts[" + txNo + "]";
                Optional<Money> amount = Optional.ofNullable(tx.getOrgnlTxRef())
                        .map(ref -> ref.getAmt() == null ? null : ref.getAmt().getInstdAmt())
                        .flatMap(a -> money(a, sourceName, where));
                txs.add(new TransactionStatus(text(tx.getStsId()), text(tx.getOrgnlInstrId()),
                        required(tx.getOrgnlEndToEndId(), sourceName, where + "/OrgnlEndToEndId"),
                        status(tx.getTxSts() == null ? null : tx.getTxSts().value()),
                        reasons8(tx.getStsRsnInf()), amount));
            }
            blocks.add(new PaymentInformationStatus(
                    required(block.getOrgnlPmtInfId(), sourceName, blockWhere + "/OrgnlPmtInfId"),
                    status(block.getPmtInfSts() == null ? null : block.getPmtInfSts().value()),
                    reasons8(block.getStsRsnInf()), txs));
        }
        return new PaymentStatusReport(
                required(rpt.getGrpHdr().getMsgId(), sourceName, "GrpHdr/MsgId"),
                Optional.ofNullable(rpt.getGrpHdr().getCreDtTm()),
                V03,
                required(group.getOrgnlMsgId(), sourceName, "OrgnlGrpInfAndSts/OrgnlMsgId"),
                text(group.getOrgnlMsgNmId()),
                status(group.getGrpSts() == null ? null : group.getGrpSts().value()),
                reasons8(group.getStsRsnInf()),
                blocks);
    }

    private static List<StatusReason> reasons8(List<StatusReasonInformation8> infos) {
        return reasons(infos, StatusReasonInformation8::getRsn, StatusReasonInformation8::getAddtlInf);
    }

    // ---------------------------------------------------------------- pain.002.001.10

    private static PaymentStatusReport fromV10(CustomerPaymentStatusReportV10 rpt, String sourceName) {
        OriginalGroupHeader17 group = rpt.getOrgnlGrpInfAndSts();
        if (group == null) {
            throw new PaymentFormatException(sourceName + ": " + V10 + " has no OrgnlGrpInfAndSts; without it the "
                    + "report cannot be tied to a payment file");
        }
        List<PaymentInformationStatus> blocks = new ArrayList<>();
        int blockNo = 0;
        for (OriginalPaymentInstruction32 block : rpt.getOrgnlPmtInfAndSts()) {
            blockNo++;
            String blockWhere = "OrgnlPmtInfAndSts[" + blockNo + "]";
            List<TransactionStatus> txs = new ArrayList<>();
            int txNo = 0;
            for (PaymentTransaction105 tx : block.getTxInfAndSts()) {
                txNo++;
                String where = blockWhere + "/TxInfAndSts[" + txNo + "]";
                Optional<Money> amount = Optional.ofNullable(tx.getOrgnlTxRef())
                        .map(ref -> ref.getAmt() == null ? null : ref.getAmt().getInstdAmt())
                        .flatMap(a -> money(a, sourceName, where));
                txs.add(new TransactionStatus(text(tx.getStsId()), text(tx.getOrgnlInstrId()),
                        required(tx.getOrgnlEndToEndId(), sourceName, where + "/OrgnlEndToEndId"),
                        status(tx.getTxSts()), reasons12(tx.getStsRsnInf()), amount));
            }
            blocks.add(new PaymentInformationStatus(
                    required(block.getOrgnlPmtInfId(), sourceName, blockWhere + "/OrgnlPmtInfId"),
                    status(block.getPmtInfSts()), reasons12(block.getStsRsnInf()), txs));
        }
        return new PaymentStatusReport(
                required(rpt.getGrpHdr().getMsgId(), sourceName, "GrpHdr/MsgId"),
                Optional.ofNullable(rpt.getGrpHdr().getCreDtTm()),
                V10,
                required(group.getOrgnlMsgId(), sourceName, "OrgnlGrpInfAndSts/OrgnlMsgId"),
                text(group.getOrgnlMsgNmId()),
                status(group.getGrpSts()),
                reasons12(group.getStsRsnInf()),
                blocks);
    }

    private static List<StatusReason> reasons12(List<StatusReasonInformation12> infos) {
        return reasons(infos, StatusReasonInformation12::getRsn, StatusReasonInformation12::getAddtlInf);
    }

    // ---------------------------------------------------------------- shared

    private static <T> List<StatusReason> reasons(List<T> infos, Function<T, StatusReason6Choice> reason,
                                                  Function<T, List<String>> additional) {
        List<StatusReason> out = new ArrayList<>();
        for (T info : infos) {
            StatusReason6Choice rsn = reason.apply(info);
            List<String> lines = new ArrayList<>();
            for (String line : additional.apply(info)) {
                if (line != null && !line.isBlank()) {
                    lines.add(line.trim());
                }
            }
            out.add(new StatusReason(text(rsn == null ? null : rsn.getCd()), text(rsn == null ? null : rsn.getPrtry()),
                    lines));
        }
        return out;
    }

    private static Optional<PaymentStatus> status(String code) {
        return text(code).map(PaymentStatus::of);
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String required(String value, String sourceName, String path) {
        if (value == null || value.isBlank()) {
            throw new PaymentFormatException(sourceName + ": " + path + " is missing; a status line without it "
                    + "cannot be matched to a payment (ask the bank for a complete pain.002)");
        }
        return value.trim();
    }

    private static Optional<Money> money(ActiveOrHistoricCurrencyAndAmount amount, String sourceName, String where) {
        if (amount == null || amount.getValue() == null || amount.getCcy() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Money.of(amount.getValue(), amount.getCcy()));
        } catch (IllegalArgumentException e) {
            throw new PaymentFormatException(sourceName + ": " + where + "/OrgnlTxRef/Amt: " + e.getMessage(), e);
        }
    }
}
