package io.financehub.formats.csv;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.financehub.formats.Mutations;
import io.financehub.formats.StatementOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random and mutated bank CSV exports (the example layouts) never give what a valid file would not, and never fail but with a
 * {@code StatementFormatException} ({@link StatementOracle}). Inputs: {@code CsvReaderFuzzTestInputs/fuzz} (the {@code seed-*}
 * files are valid files; a finding's reproducer goes next to them). The normal build checks every input and runs
 * {@link #mutatedFilesBehave()} for a few seconds; {@link #fuzz} is Jazzer's coverage-guided run, only with
 * {@code JAZZER_FUZZ=1} (its agent would slow every later test of the build). Longer runs: README, "Fuzzing the
 * statement readers".
 */
class CsvReaderFuzzTest {

    static final List<String> DICTIONARY = List.of("\"", "\"\"", ",", ";", "\n", "\r\n", "-", "(", ")", ".", "1,000,000,000,000,000,000.00",
            "\"D\"", "\"C\"", "\"X\"", "Umsatz vorgemerkt", "Balance at end of period,,,,\"1,00\",", "12/32/2018", "\t");

    private final StatementOracle oracle = new StatementOracle();

    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @DictionaryEntries({"\"", "\"\"", ",", ";", "-", "(", ")", "\"D\"", "\"C\""})
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] file) {
        oracle.check("fuzz.csv", file);
    }

    @Test
    void mutatedFilesBehave() {
        Mutations.run(getClass(), "fuzz.csv", DICTIONARY, input -> oracle.check("fuzz.csv", input));
    }

    @Test
    void everyInputBehavesAndTheSeedsPass() {
        Mutations.seeds(getClass()).forEach((name, input) -> {
            StatementOracle.Outcome outcome = oracle.check("input.csv", input);
            if (name.startsWith("seed-")) {
                assertEquals(StatementOracle.Outcome.ACCEPTED, outcome, name + " is a valid file");
            }
        });
    }
}
