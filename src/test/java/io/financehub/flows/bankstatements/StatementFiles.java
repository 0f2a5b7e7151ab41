package io.financehub.flows.bankstatements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Builds small, valid statement files for the demo accounts (test data written for these tests). */
final class StatementFiles {

    static final String ACCOUNT_BNK1 = "DE89370400440532013000";
    static final String ACCOUNT_BNK2 = "DE02120300000000202051";
    /** US01's Chase USD account (journal BNK1 of company 2), read with the demo CSV layout chase-usd-demo. */
    static final String ACCOUNT_US01 = "000123456789";

    /** A booked entry. {@code ref} null means the bank gave no reference (content digest keys). */
    record Entry(String amount, String date, String name, String iban, String remittance, String ref, String endToEnd,
            String fxAmount, String fxCurrency) {

        static Entry credit(String amount, String date, String name, String iban, String remittance, String ref) {
            return new Entry(amount, date, name, iban, remittance, ref, null, null, null);
        }

        static Entry debit(String amount, String date, String name, String iban, String remittance, String ref) {
            return new Entry("-" + amount, date, name, iban, remittance, ref, null, null, null);
        }

        Entry withEndToEnd(String e2e) {
            return new Entry(amount, date, name, iban, remittance, ref, e2e, fxAmount, fxCurrency);
        }

        Entry withForeign(String amount, String currency) {
            return new Entry(this.amount, date, name, iban, remittance, ref, endToEnd, amount, currency);
        }
    }

    /** A camt.053.001.08 with one statement per (id, account, opening, entries). */
    static String camt053(String messageId, List<Statement> statements) {
        return camt(false, messageId, statements);
    }

    /** A camt.054.001.08 debit/credit notification: the same entries, no balances (notifications carry none). */
    static String camt054(String messageId, List<Statement> statements) {
        return camt(true, messageId, statements);
    }

    private static String camt(boolean notification, String messageId, List<Statement> statements) {
        String root = notification ? "BkToCstmrDbtCdtNtfctn" : "BkToCstmrStmt";
        String item = notification ? "Ntfctn" : "Stmt";
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:").append(notification ? "camt.054" : "camt.053")
                .append(".001.08\"><").append(root).append(">")
                .append("<GrpHdr><MsgId>").append(messageId).append("</MsgId><CreDtTm>2026-11-21T18:00:00</CreDtTm></GrpHdr>");
        for (Statement s : statements) {
            BigDecimal closing = new BigDecimal(s.opening);
            for (Entry e : s.entries) {
                closing = closing.add(new BigDecimal(e.amount));
            }
            x.append("<").append(item).append("><Id>").append(s.id)
                    .append("</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-11-21T18:00:00</CreDtTm>")
                    .append("<Acct><Id><IBAN>").append(s.account).append("</IBAN></Id><Ccy>EUR</Ccy></Acct>");
            if (!notification) {
                balance(x, "OPBD", s.opening, "2026-11-20");
                balance(x, "CLBD", closing.toPlainString(), "2026-11-21");
            }
            for (Entry e : s.entries) {
                boolean credit = !e.amount.startsWith("-");
                String abs = credit ? e.amount : e.amount.substring(1);
                x.append("<Ntry>");
                if (e.ref != null) {
                    x.append("<NtryRef>").append(e.ref).append("</NtryRef>");
                }
                x.append("<Amt Ccy=\"EUR\">").append(abs).append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT")
                        .append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>").append(e.date).append("</Dt></BookgDt>")
                        .append("<ValDt><Dt>").append(e.date).append("</Dt></ValDt>");
                if (e.ref != null) {
                    x.append("<AcctSvcrRef>").append(e.ref).append("</AcctSvcrRef>");
                }
                x.append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>").append(credit ? "RCDT" : "ICDT")
                        .append("</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>")
                        .append("<NtryDtls><TxDtls>");
                if (e.endToEnd != null) {
                    x.append("<Refs><EndToEndId>").append(e.endToEnd).append("</EndToEndId></Refs>");
                }
                if (e.fxAmount != null) {
                    x.append("<AmtDtls><InstdAmt><Amt Ccy=\"").append(e.fxCurrency).append("\">").append(e.fxAmount)
                            .append("</Amt></InstdAmt></AmtDtls>");
                }
                if (e.name != null) {
                    String party = credit ? "Dbtr" : "Cdtr";
                    x.append("<RltdPties><").append(party).append("><Pty><Nm>").append(e.name).append("</Nm></Pty></").append(party).append(">");
                    if (e.iban != null) {
                        x.append("<").append(party).append("Acct><Id><IBAN>").append(e.iban).append("</IBAN></Id></").append(party).append("Acct>");
                    }
                    x.append("</RltdPties>");
                }
                if (e.remittance != null) {
                    x.append("<RmtInf><Ustrd>").append(e.remittance).append("</Ustrd></RmtInf>");
                }
                x.append("</TxDtls></NtryDtls></Ntry>");
            }
            x.append("</").append(item).append(">");
        }
        return x.append("</").append(root).append("></Document>\n").toString();
    }

    record Statement(String id, String account, String opening, List<Entry> entries) {
    }

    static Statement statement(String id, String account, String opening, Entry... entries) {
        return new Statement(id, account, opening, new ArrayList<>(List.of(entries)));
    }

    private static void balance(StringBuilder x, String code, String amount, String date) {
        BigDecimal v = new BigDecimal(amount);
        x.append("<Bal><Tp><CdOrPrtry><Cd>").append(code).append("</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">")
                .append(v.abs().toPlainString()).append("</Amt><CdtDbtInd>").append(v.signum() < 0 ? "DBIT" : "CRDT")
                .append("</CdtDbtInd><Dt><Dt>").append(date).append("</Dt></Dt></Bal>");
    }

    /** An MT940 with one statement, German :86: structure. */
    static String mt940(String reference, String account, String opening, List<Entry> entries) {
        BigDecimal closing = new BigDecimal(opening);
        StringBuilder x = new StringBuilder();
        x.append(":20:").append(reference).append("\r\n:25:").append(account).append("\r\n:28C:00001/001\r\n")
                .append(":60F:").append(mtBalance(new BigDecimal(opening), "261120")).append("\r\n");
        for (Entry e : entries) {
            BigDecimal amount = new BigDecimal(e.amount);
            closing = closing.add(amount);
            String date = e.date.substring(2).replace("-", "");
            x.append(":61:").append(date).append(date.substring(2)).append(amount.signum() < 0 ? "D" : "C")
                    .append(amount.abs().toPlainString().replace('.', ',')).append("NTRF")
                    .append(e.ref == null ? "NONREF" : e.ref).append("\r\n")
                    .append(":86:166?00GUTSCHRIFT")
                    // SEPA keywords as German banks write them: EREF+ first, then SVWZ+ with the remittance
                    .append(e.endToEnd == null ? "?20" + (e.remittance == null ? "" : e.remittance)
                            : "?20EREF+" + e.endToEnd + "?21SVWZ+" + (e.remittance == null ? "" : e.remittance))
                    .append(e.name == null ? "" : "?32" + e.name)
                    .append(e.iban == null ? "" : "?31" + e.iban).append("\r\n");
        }
        x.append(":62F:").append(mtBalance(closing, "261121")).append("\r\n-\r\n");
        return x.toString();
    }

    private static String mtBalance(BigDecimal amount, String date) {
        return (amount.signum() < 0 ? "D" : "C") + date + "EUR" + amount.abs().setScale(2).toPlainString().replace('.', ',');
    }

    /**
     * A bank CSV export in the demo layout {@code chase-usd-demo} (mappings/csv-layouts.yaml) for the USD
     * account: newest row first as the bank exports it, a running balance from which the reader derives
     * opening and closing, dates MM/dd/yyyy. Amounts are USD; {@code fxAmount}/{@code fxCurrency} fill the
     * original-amount columns.
     */
    static String chaseCsv(String opening, List<Entry> entries) {
        List<String> rows = new ArrayList<>();
        BigDecimal balance = new BigDecimal(opening);
        for (Entry e : entries) {
            BigDecimal amount = new BigDecimal(e.amount);
            balance = balance.add(amount);
            String[] d = e.date.split("-");
            rows.add(String.join(",", amount.signum() < 0 ? "DEBIT" : "CREDIT", d[1] + "/" + d[2] + "/" + d[0],
                    quoted(e.remittance), amount.toPlainString(), amount.signum() < 0 ? "ACH_DEBIT" : "ACH_CREDIT",
                    balance.setScale(2).toPlainString(), "", quoted(e.name), e.iban == null ? "" : e.iban,
                    e.ref == null ? "" : e.ref, e.fxAmount == null ? "" : e.fxAmount, e.fxCurrency == null ? "" : e.fxCurrency));
        }
        java.util.Collections.reverse(rows);
        return "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,Counterparty,Counterparty Account,"
                + "Reference,Original Amount,Original Currency\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    private static String quoted(String v) {
        return v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /**
     * The same account's transaction search export in the demo layout {@code chase-usd-search-demo}: no balance
     * column (the layout declares {@code balances: none}), newest row first.
     */
    static String chaseSearchCsv(List<Entry> entries) {
        List<String> rows = new ArrayList<>();
        for (Entry e : entries) {
            BigDecimal amount = new BigDecimal(e.amount);
            String[] d = e.date.split("-");
            rows.add(String.join(",", amount.signum() < 0 ? "DEBIT" : "CREDIT", d[1] + "/" + d[2] + "/" + d[0],
                    quoted(e.remittance), amount.toPlainString(), amount.signum() < 0 ? "ACH_DEBIT" : "ACH_CREDIT", "",
                    quoted(e.name), e.iban == null ? "" : e.iban, e.ref == null ? "" : e.ref));
        }
        java.util.Collections.reverse(rows);
        return "Details,Posting Date,Description,Amount,Type,Check or Slip #,Counterparty,Counterparty Account,Reference\r\n"
                + String.join("\r\n", rows) + "\r\n";
    }
}
