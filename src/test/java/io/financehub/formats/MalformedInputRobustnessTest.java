package io.financehub.formats;

import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvStatementReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;
import io.financehub.formats.dispatch.StatementReaders;

/**
 * Damaged input never escapes as a bare runtime exception: every truncation and random corruption of a
 * valid camt, MT940 and CSV file either still reads or fails with a {@link StatementFormatException}
 * (the only kind the flow turns into a quarantine with a readable error).
 */
class MalformedInputRobustnessTest {

    private static final String CAMT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId>"
            + "<CreDtTm>2024-03-01T10:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>"
            + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">40.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>"
            + "<Ntry><Amt Ccy=\"EUR\">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt>"
            + "<ValDt><DtTm>2024-03-01T09:00:00+01:00</DtTm></ValDt><AcctSvcrRef>R1</AcctSvcrRef><NtryDtls>"
            + "<TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><Amt Ccy=\"EUR\">10.00</Amt><AmtDtls><InstdAmt><Amt Ccy=\"USD\">11.00</Amt>"
            + "<CcyXchg><XchgRate>0.9</XchgRate></CcyXchg></InstdAmt></AmtDtls><RltdPties><Dbtr><Pty><Nm>A</Nm></Pty></Dbtr></RltdPties></TxDtls>"
            + "<TxDtls><Amt Ccy=\"EUR\">20.00</Amt><RmtInf><Strd><CdtrRefInf><Ref>RF18</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
            + "</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>";

    private static final String MT940 = "{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:\r\n:20:REF\r\n:25:DE89370400440532013000EUR\r\n"
            + ":28C:1/1\r\n:60F:C240301EUR10,00\r\n:61:2403010301D2,50NDDTEREF//B1\r\n/OCMT/USD3,00//CHGS/EUR0,10/\r\n"
            + ":86:105?00LASTSCHRIFT?20EREF+E1?21SVWZ+Test?30COBADEFFXXX?31DE89370400440532013000?32Name\r\n"
            + ":61:240301RC1,00NTRFNONREF\r\n:86:/EREF/E2//CNTP/NL91ABNA0417164300/ABNANL2A/Jansen/Ams//REMI/USTD//x/\r\n"
            + ":62F:C240301EUR6,50\r\n-}";

    private static final String CSV = "\"Date\",\"Label\",\"Amount\",\"D/C\",\"Balance\",\"Partner Name\",\"Bank Account\"\n"
            + "\"12/15/2018\",\"Supplier\",\"33.50\",\"D\",\"-23.50\",\"John Doe\",\"123456789\"\n"
            + "\"12/15/2018\",\"Payment\",\"1,533.50\",\"C\",\"1,510.00\",\"Azure\",\"\"\n";

    private static final String NOISE = "<>/:?+-,.0123456789ACDRX \n\"&;";

    private final StatementReaders readers = new StatementReaders(TestLayouts.all(), CsvStatementReader.standalone(),
            Charset.forName("windows-1252"), CamtStatementReader.Options.DEFAULT);

    @Test
    void truncatedAndCorruptedFilesFailOnlyWithStatementFormatExceptions() {
        Random random = new Random(20261122);
        List<String> escapes = new ArrayList<>();
        for (String sample : List.of(CAMT, MT940, CSV)) {
            byte[] original = sample.getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut < original.length; cut += 3) {
                attempt(java.util.Arrays.copyOf(original, cut), escapes);
            }
            for (int i = 0; i < 1500; i++) {
                byte[] mutated = original.clone();
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    int pos = random.nextInt(mutated.length);
                    mutated[pos] = (byte) NOISE.charAt(random.nextInt(NOISE.length()));
                }
                attempt(mutated, escapes);
            }
        }
        if (!escapes.isEmpty()) {
            fail(escapes.size() + " inputs escaped as other exceptions, e.g.:\n" + String.join("\n", escapes.subList(0, Math.min(8, escapes.size()))));
        }
    }

    private void attempt(byte[] content, List<String> escapes) {
        try {
            readers.readAll("fuzz.dat", content).forEach(s -> new StatementValidator().validate(s));
        } catch (StatementFormatException expected) {
            // the only acceptable failure
        } catch (RuntimeException e) {
            StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            escapes.add(e + " at " + top + " for: " + new String(content, StandardCharsets.UTF_8).replace("\n", "\\n"));
        }
    }
}
