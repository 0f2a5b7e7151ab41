package io.financehub.formats.camt;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedStatementTest {

    @TempDir
    Path dir;

    @Test
    void generatedStatementIsDeterministicStreamsAndBalances() throws Exception {
        Camt053Generator.Summary a = Camt053Generator.write(dir.resolve("a.xml"), 5_000, 11);
        Camt053Generator.Summary b = Camt053Generator.write(dir.resolve("b.xml"), 5_000, 11);
        assertEquals(-1, Files.mismatch(a.file(), b.file()), "same seed, same bytes");
        assertEquals(5_000, StaxBaseline.countEntries(a.file()));
        assertEquals(5_000, CamtStreamingBenchmark.readAll(a.file()));
        BankStatement s = CamtStatementReader.readAll(Files.readAllBytes(a.file()), "a.xml", CamtStatementReader.Options.DEFAULT).get(0);
        assertEquals(0, a.closing().compareTo(s.header().closingBalance().orElseThrow().amount().amount()));
        assertTrue(new StatementValidator().validate(s).stream().noneMatch(ValidationProblem::isError));
        assertEquals("Müller GmbH", s.lines().get(0).counterpartyName().orElseThrow());
    }
}
