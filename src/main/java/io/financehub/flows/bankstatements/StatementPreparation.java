package io.financehub.flows.bankstatements;

import io.financehub.canonical.statement.BankStatement;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.canonical.statement.StatementLineKey;
import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import io.financehub.formats.StatementValidator;
import io.financehub.formats.ValidationProblem;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.Mappings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a whole file before anything is posted: every statement balances (opening + lines = closing), its
 * account is known (mappings, else an Odoo bank journal with that account) and its currency is the
 * journal's. Any problem in any statement rejects the whole file, so Odoo never sees half a file.
 */
@ApplicationScoped
@Named("statementPreparation")
@RegisterForReflection
public class StatementPreparation {

    @Inject
    Mappings mappings;

    @Inject
    OdooBankJournals journals;

    private final StatementValidator validator = new StatementValidator();

    public List<PreparedStatement> prepare(List<BankStatement> statements) {
        MappingSet set = mappings.get();
        List<ImportProblem> problems = new ArrayList<>();
        List<PreparedStatement> prepared = new ArrayList<>();
        if (statements.isEmpty()) {
            throw new StatementRejectedException(List.of(new ImportProblem("NO_STATEMENT",
                    "The file holds no statement", "whole file", "Check that the bank sent the right file")));
        }
        for (BankStatement statement : statements) {
            String where = statement.header().location().describe() + " (statement " + statement.header().statementId() + ")";
            for (ValidationProblem p : validator.validate(statement)) {
                if (p.isError()) {
                    problems.add(new ImportProblem(p.code().name(), p.message(), p.location().describe(),
                            "Ask the bank for a corrected statement; nothing was posted"));
                }
            }
            String account = MappingSet.sanitize(statement.account().identifier());
            Optional<BankJournal> journal = journals.forAccount(account, set);
            if (journal.isEmpty()) {
                problems.add(new ImportProblem("UNKNOWN_ACCOUNT", "The account " + statement.account().masked()
                        + " is neither in mappings/bank-accounts.yaml nor the bank account of an Odoo bank journal", where,
                        "Map the account to its company and journal in mappings/bank-accounts.yaml, or set it on the Odoo bank journal"));
                continue;
            }
            String currency = statement.account().currency().getCurrencyCode();
            if (!currency.equals(journal.get().currency())) {
                problems.add(new ImportProblem("CURRENCY_MISMATCH", "The statement is in " + currency + " but journal "
                        + journal.get().code() + " of " + journal.get().companyName() + " keeps " + journal.get().currency(), where,
                        "Import the statement into a journal in " + currency + " (mappings/bank-accounts.yaml)"));
                continue;
            }
            StatementLineKey.Generator keys = StatementLineKey.forStatement(statement.account());
            List<PreparedStatement.KeyedLine> lines = new ArrayList<>();
            for (StatementLine line : statement.bookedLines()) {
                lines.add(new PreparedStatement.KeyedLine(line, keys.next(line)));
            }
            prepared.add(new PreparedStatement(statement, journal.get(), lines));
        }
        if (!problems.isEmpty()) {
            throw new StatementRejectedException(problems);
        }
        return prepared;
    }
}
