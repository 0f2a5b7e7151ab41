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
import org.apache.camel.ExchangeProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a whole file before anything is posted: it reads in its format to the end (the readers refuse what the
 * format forbids), every statement balances (opening + lines = closing) or is of a kind that carries no balances,
 * its account is known (mappings, else an Odoo bank journal with that account) and its currency is the
 * journal's. Any problem in any statement rejects the whole file, so Odoo never sees half a file. What passes with
 * a caveat (not balance-checked, texts cut or cleaned) goes to the import report as warnings.
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

    /**
     * The file's statements, checked, each with its journal; what passes with a caveat becomes the import's warnings
     * (each check of the file replaces the last one's). Any problem rejects the file.
     */
    public List<PreparedStatement> prepare(@ExchangeProperty(BankStatementsFlow.PROPERTY_FILE) StatementFile file,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_IMPORT) ImportProgress progress) {
        if (file == null) {
            throw new IllegalStateException("no branch of the format choice opened this file (statementFormats.openCamt, openMt940 or openCsv)");
        }
        ImportProgress p = ImportProgress.required(progress);
        List<ImportProblem> warnings = new ArrayList<>();
        try {
            return prepare(file, warnings);
        } finally {
            p.warnings(warnings);
        }
    }

    private List<PreparedStatement> prepare(StatementFile file, List<ImportProblem> warnings) {
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
                        problems.add(new ImportProblem(p.code().name(), p.message(), p.location().describe(), errorAction(p)));
                    } else {
                        warnings.add(warning(p));
                    }
                }
                Optional<BankJournal> journal = journal(header, set, problems);
                if (journal.isPresent()) {
                    prepared.add(new PreparedStatement(header, journal.get(), booked));
                }
                statementsRead++;
            }
            cursor.warnings().forEach(w -> warnings.add(warning(w)));
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

    private static String errorAction(ValidationProblem p) {
        return p.code() == ValidationProblem.Code.NO_BALANCES
                ? "Ask the bank for the complete statement with its opening and closing balances; nothing was posted"
                : "Ask the bank for a corrected statement; nothing was posted";
    }

    private static ImportProblem warning(ValidationProblem p) {
        String action = switch (p.code()) {
            case NOT_BALANCE_CHECKED -> "Compare the account's balance in Odoo with the bank's after the import; "
                    + "the file had no balances to check its lines against";
            case TEXT_SHORTENED -> "None needed: the shortened text was posted; the full text is in the archived file";
            case CONTROL_CHARACTERS_REMOVED -> "None needed: the text was posted without them";
            default -> "None needed; shown for reconciliation";
        };
        return new ImportProblem(p.code().name(), p.message(), p.location().describe(), action);
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
