package io.financehub.formats;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.formats.mt940.Mt940StatementReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

class Scratch2 {
    @Test
    void dump() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "shared", "fixtures", "mt940"))) {
            for (Path f : files.sorted().toList()) {
                try {
                    List<BankStatement> st = Mt940StatementReader.read(Files.readAllBytes(f), f.getFileName().toString(), Optional.empty(), Charset.forName("windows-1252"));
                    for (BankStatement s : st) {
                        System.out.println(f.getFileName() + " " + s.header().statementId() + " " + s.account() + " lines=" + s.lines().size()
                                + " problems=" + new StatementValidator().validate(s).stream().map(ValidationProblem::describe).toList());
                        for (StatementLine l : s.lines()) {
                            System.out.println("    " + l.amount() + " " + l.bookingDate() + " name=" + l.counterpartyName().orElse("") + " acct=" + l.counterpartyAccount().map(Object::toString).orElse("") + " e2e=" + l.endToEndId().orElse("") + " rem=" + l.remittanceUnstructured().orElse("") + " ref=" + l.bankReference().orElse("") + " code=" + l.transactionCode().proprietaryCode().orElse(""));
                        }
                    }
                } catch (StatementFormatException e) {
                    System.out.println(f.getFileName() + " ERROR " + e.code() + " " + e.getMessage());
                }
            }
        }
    }
}
