package io.financehub.formats.mt940;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.financehub.formats.Mutations;
import io.financehub.formats.StatementOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random and mutated MT940 files never give what a valid file would not, and never fail but with a
 * {@code StatementFormatException} ({@link StatementOracle}). Inputs: {@code Mt940ReaderFuzzTestInputs/fuzz} (the {@code seed-*}
 * files are valid files; a finding's reproducer goes next to them). The normal build checks every input and runs
 * {@link #mutatedFilesBehave()} for a few seconds; {@link #fuzz} is Jazzer's coverage-guided run, only with
 * {@code JAZZER_FUZZ=1} (its agent would slow every later test of the build). Longer runs: README, "Fuzzing the
 * statement readers".
 */
class Mt940ReaderFuzzTest {

    static final List<String> DICTIONARY = List.of(":61:", ":60F:", ":62F:", ":60M:", ":62M:", ":64:", ":86:", ":20:", ":25:", ":28C:",
            "\r\n", "\r\n-\r\n", "-}", "{4:", "C", "D", "RC", "RD", "X", ",", ".", "-", "+", "000000000000000000001,00",
            ":61:2611211121D1,00NTRFNONREF\r\n", ":62F:C261121EUR1,00\r\n", "?20", "?32", "/REMI/", "/NAME/", "EUR", "USD");

    private final StatementOracle oracle = new StatementOracle();

    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @DictionaryEntries({":61:", ":60F:", ":62F:", ":86:", ":20:", "-}", "RC", "RD", ",", "EUR"})
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] file) {
        oracle.check("fuzz.sta", file);
    }

    @Test
    void mutatedFilesBehave() {
        Mutations.run(getClass(), "fuzz.sta", DICTIONARY, input -> oracle.check("fuzz.sta", input));
    }

    @Test
    void everyInputBehavesAndTheSeedsPass() {
        Mutations.seeds(getClass()).forEach((name, input) -> {
            StatementOracle.Outcome outcome = oracle.check("input.sta", input);
            if (name.startsWith("seed-")) {
                assertEquals(StatementOracle.Outcome.ACCEPTED, outcome, name + " is a valid file");
            }
        });
    }
}
