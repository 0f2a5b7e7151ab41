package io.financehub.formats;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.formats.camt.CamtStatementReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class Scratch {
    @Test
    void dump() throws Exception {
        for (String dir : List.of("camt053", "camt054", "camt052")) {
            try (Stream<Path> files = Files.list(Path.of("..", "shared", "fixtures", dir))) {
                for (Path f : files.sorted().toList()) {
                    try {
                        List<BankStatement> st = CamtStatementReader.readAll(Files.readAllBytes(f), f.getFileName().toString(), CamtStatementReader.Options.DEFAULT);
                        for (BankStatement s : st) {
                            System.out.println(f.getFileName() + " " + s.header().format() + " " + s.account() + " lines=" + s.lines().size()
                                    + " open=" + s.header().openingBalance().map(b -> b.amount().toString()).orElse("-")
                                    + " close=" + s.header().closingBalance().map(b -> b.amount().toString()).orElse("-")
                                    + " problems=" + new StatementValidator().validate(s).stream().map(ValidationProblem::describe).toList());
                        }
                    } catch (StatementFormatException e) {
                        System.out.println(f.getFileName() + " ERROR " + e.code() + " " + e.getMessage());
                    }
                }
            }
        }
    }
}
