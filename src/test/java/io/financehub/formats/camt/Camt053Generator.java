package io.financehub.formats.camt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

/**
 * Writes a synthetic camt.053.001.08 statement with N entries, streaming (constant memory), for the
 * bank-statements benchmark. Deterministic for a seed: amounts, names and references repeat exactly, and the
 * closing balance is opening + Σ entries, so the file validates. Every entry has its own AcctSvcrRef and one
 * TxDtls with end-to-end id, counterparty name and IBAN, and unstructured remittance, like a real SEPA day.
 */
public final class Camt053Generator {

    /** What was written. */
    public record Summary(Path file, int lines, BigDecimal opening, BigDecimal closing, long bytes) {
    }

    public static final String ACCOUNT_IBAN = "DE89370400440532013000";
    private static final String[] NAMES = {"Müller GmbH", "Jansen BV", "Dupont SA", "Rossi S.p.A.", "Smith & Sons Ltd", "Nowak Sp. z o.o."};
    private static final String[] IBANS = {"DE75512108001245126199", "NL91ABNA0417164300", "FR1420041010050500013M02606",
            "IT60X0542811101000000123456", "GB29NWBK60161331926819", "PL61109010140000071219812874"};

    private Camt053Generator() {
    }

    public static Summary write(Path file, int lines, long seed) throws IOException {
        return write(file, lines, seed, BigDecimal.ZERO);
    }

    /** As {@link #write(Path, int, long)}, with the closing balance off by {@code closingError} (a damaged file). */
    public static Summary write(Path file, int lines, long seed, BigDecimal closingError) throws IOException {
        BigDecimal opening = new BigDecimal("1000000.00");
        BigDecimal sum = BigDecimal.ZERO;
        Random first = new Random(seed);
        for (int i = 0; i < lines; i++) {
            sum = sum.add(amount(first, i));
            first.nextInt(1_000_000); // the remittance draw of the writing pass: keep both passes in step
        }
        BigDecimal closing = opening.add(sum).add(closingError);
        LocalDate day = LocalDate.of(2024, 3, 1);
        Random random = new Random(seed);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n");
            w.write("<BkToCstmrStmt><GrpHdr><MsgId>BENCH-" + seed + "</MsgId><CreDtTm>2024-03-01T23:00:00+01:00</CreDtTm></GrpHdr>\n");
            w.write("<Stmt><Id>BENCH-STMT-" + seed + "</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2024-03-01T23:00:00+01:00</CreDtTm>");
            w.write("<FrToDt><FrDtTm>2024-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2024-03-01T23:59:59+01:00</ToDtTm></FrToDt>\n");
            w.write("<Acct><Id><IBAN>" + ACCOUNT_IBAN + "</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Svcr></Acct>\n");
            balance(w, "OPBD", opening, day);
            balance(w, "CLBD", closing, day);
            StringBuilder sb = new StringBuilder(1024);
            for (int i = 0; i < lines; i++) {
                BigDecimal amount = amount(random, i);
                boolean credit = amount.signum() >= 0;
                int party = i % NAMES.length;
                sb.setLength(0);
                sb.append("<Ntry><NtryRef>").append(i + 1).append("</NtryRef><Amt Ccy=\"EUR\">").append(amount.abs().toPlainString())
                        .append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>")
                        .append("<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt>")
                        .append("<AcctSvcrRef>BENCH-").append(seed).append('-').append(i + 1).append("</AcctSvcrRef>")
                        .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>").append(credit ? "RCDT" : "ICDT")
                        .append("</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>")
                        .append("<NtryDtls><TxDtls><Refs><EndToEndId>E2E-").append(i + 1).append("</EndToEndId></Refs>")
                        .append("<Amt Ccy=\"EUR\">").append(amount.abs().toPlainString()).append("</Amt>")
                        .append("<RltdPties><").append(credit ? "Dbtr" : "Cdtr").append("><Pty><Nm>").append(NAMES[party].replace("&", "&amp;"))
                        .append("</Nm></Pty></").append(credit ? "Dbtr" : "Cdtr").append("><").append(credit ? "DbtrAcct" : "CdtrAcct")
                        .append("><Id><IBAN>").append(IBANS[party]).append("</IBAN></Id></").append(credit ? "DbtrAcct" : "CdtrAcct")
                        .append("></RltdPties><RmtInf><Ustrd>Invoice ").append(100000 + i).append(" order ").append(random.nextInt(1_000_000))
                        .append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
                w.write(sb.toString());
            }
            w.write("</Stmt></BkToCstmrStmt></Document>\n");
        }
        return new Summary(file, lines, opening, closing, Files.size(file));
    }

    private static BigDecimal amount(Random random, int i) {
        long cents = 100 + random.nextInt(500_000);
        return BigDecimal.valueOf(i % 3 == 0 ? -cents : cents, 2);
    }

    private static void balance(Writer w, String type, BigDecimal amount, LocalDate day) throws IOException {
        w.write("<Bal><Tp><CdOrPrtry><Cd>" + type + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount.abs().toPlainString()
                + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + day + "</Dt></Dt></Bal>\n");
    }
}
