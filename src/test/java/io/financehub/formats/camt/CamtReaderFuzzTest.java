package io.financehub.formats.camt;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.financehub.formats.Mutations;
import io.financehub.formats.StatementOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random and mutated camt files never give what a valid file would not, and never fail but with a
 * {@code StatementFormatException} ({@link StatementOracle}). Inputs: {@code CamtReaderFuzzTestInputs/fuzz} (the {@code seed-*}
 * files are valid files; a finding's reproducer goes next to them). The normal build checks every input and runs
 * {@link #mutatedFilesBehave()} for a few seconds; {@link #fuzz} is Jazzer's coverage-guided run, only with
 * {@code JAZZER_FUZZ=1} (its agent would slow every later test of the build). Longer runs: README, "Fuzzing the
 * statement readers".
 */
class CamtReaderFuzzTest {

    static final List<String> DICTIONARY = List.of("<Amt Ccy=\"EUR\">", "</Amt>", "-", "1E+20", "0.000001", "<CdtDbtInd>DBIT</CdtDbtInd>",
            "<CdtDbtInd>CRDT</CdtDbtInd>", "</Ntry>", "<Ntry>", "</Stmt>", "</Document>", "<?xml version=\"1.1\"?>", "&#x1;", "&amp;",
            "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-21</Dt></Dt></Bal>",
            "<Cd>OPBD</Cd>", "<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>", "<Sts><Cd>PDNG</Cd></Sts>", "<Ustrd>" + "x".repeat(300) + "</Ustrd>",
            "<AcctSvcrRef>", "camt.053.001.99", "camt.054.001.08", "<![CDATA[", "]]>", "<!DOCTYPE Document>", "USD", "XXX");

    private final StatementOracle oracle = new StatementOracle();

    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @DictionaryEntries({"<Amt Ccy=\"EUR\">", "<CdtDbtInd>DBIT</CdtDbtInd>", "</Ntry>", "<Ntry>", "</Stmt>", "</Document>", "1E+20", "&#x1;",
            "<Cd>CLBD</Cd>", "<Cd>OPBD</Cd>", "<AcctSvcrRef>", "<Ustrd>"})
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] file) {
        oracle.check("fuzz.xml", file);
    }

    @Test
    void mutatedFilesBehave() {
        Mutations.run(getClass(), "fuzz.xml", DICTIONARY, input -> oracle.check("fuzz.xml", input));
    }

    @Test
    void everyInputBehavesAndTheSeedsPass() {
        Mutations.seeds(getClass()).forEach((name, input) -> {
            StatementOracle.Outcome outcome = oracle.check("input.xml", input);
            if (name.startsWith("seed-")) {
                assertEquals(StatementOracle.Outcome.ACCEPTED, outcome, name + " is a valid file");
            }
        });
    }
}
