package io.financehub.flows.bankstatements;

import io.financehub.canonical.statement.StatementHeader;
import io.financehub.canonical.statement.StatementLine;
import io.financehub.flows.bankstatements.ImportReport.ImportProblem;
import io.financehub.formats.StatementCursor;
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
 *
 * <p>The check is one streaming pass over the file: lines are validated as they are read and not kept, so
 * memory does not grow with the file.
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

    public List<PreparedStatement> prepare(StatementFile file) {
        MappingSet set = mappings.get();
        List<ImportProblem> problems = new ArrayList<>();
        List<PreparedStatement> prepared = new ArrayList<>();
        int statementsRead = 0;
        try (StatementCursor cursor = file.open()) {
            for (Optional<StatementHeader> next = cursor.nextStatement(); next.isPresent(); next = cursor.nextStatement()) {
                StatementHeader header = next.get();
                StatementValidator.Check check = validator.begin(header);
                int booked = 0;
                for (Optional<StatementLine> line = cursor.nextLine(); line.isPresent(); line = cursor.nextLine()) {
                    check.accept(line.get());
                    if (line.get().status().isPostable()) {
                        booked++;
                    }
                }
                for (ValidationProblem p : check.finish()) {
                    if (p.isError()) {
                        problems.add(new ImportProblem(p.code().name(), p.message(), p.location().describe(),
                                "Ask the bank for a corrected statement; nothing was posted"));
                    }
                }
                Optional<BankJournal> journal = journal(header, set, problems);
                if (journal.isPresent()) {
                    prepared.add(new PreparedStatement(header, journal.get(), booked));
                }
                statementsRead++;
            }
        }
        if (statementsRead == 0) {
            throw new StatementRejectedException(List.of(new ImportProblem("NO_STATEMENT",
                    "The file holds no statement", "whole file", "Check that the bank sent the right file")));
        }
        if (!problems.isEmpty()) {
            throw new StatementRejectedException(problems);
        }
        return prepared;
    }

    /** The journal the statement posts to, or a problem saying why there is none. */
    private Optional<BankJournal> journal(StatementHeader header, MappingSet set, List<ImportProblem> problems) {
        String where = header.location().describe() + " (statement " + header.statementId() + ")";
        String account = MappingSet.sanitize(header.account().identifier());
        Optional<BankJournal> journal = journals.forAccount(account, set);
        if (journal.isEmpty()) {
            problems.add(new ImportProblem("UNKNOWN_ACCOUNT", "The account " + header.account().masked()
                    + " is neither in mappings/bank-accounts.yaml nor the bank account of an Odoo bank journal", where,
                    "Map the account to its company and journal in mappings/bank-accounts.yaml, or set it on the Odoo bank journal"));
            return Optional.empty();
        }
        String currency = header.account().currency().getCurrencyCode();
        if (!currency.equals(journal.get().currency())) {
            problems.add(new ImportProblem("CURRENCY_MISMATCH", "The statement is in " + currency + " but journal "
                    + journal.get().code() + " of " + journal.get().companyName() + " keeps " + journal.get().currency(), where,
                    "Import the statement into a journal in " + currency + " (mappings/bank-accounts.yaml)"));
            return Optional.empty();
        }
        return journal;
    }
}
