package io.financehub.flows.bankstatements;

import io.financehub.formats.dispatch.DetectedFormat;
import io.financehub.formats.dispatch.StatementFormatDetector;
import io.financehub.formats.dispatch.StatementReaders;
import io.financehub.formats.camt.CamtStatementReader;
import io.financehub.formats.csv.CsvLayout;
import io.financehub.formats.csv.CsvStatementReader;
import io.financehub.mapping.MappingSet;
import io.financehub.mapping.Mappings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.Charset;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The statement formats as the route uses them: detection by content (the route's content-based router
 * switches on what it finds) and one reader per format, configured from the mappings (CSV layouts,
 * per-account batch-booking option).
 */
@ApplicationScoped
@Named("statementFormats")
@RegisterForReflection
public class StatementFormats {

    @Inject
    Mappings mappings;

    private volatile StatementReaders readers;

    private StatementReaders readers() {
        StatementReaders r = readers;
        if (r == null) {
            MappingSet set = mappings.get();
            List<CsvLayout> layouts = set.csvLayouts().stream().map(l -> CsvLayout.fromMap(l.declaration())).toList();
            CamtStatementReader.Options camt = new CamtStatementReader.Options(
                    account -> set.bankAccount(account.identifier()).map(b -> b.keepBatchAggregate()).orElse(false));
            r = new StatementReaders(layouts, new CsvStatementReader(), Charset.forName("windows-1252"), camt);
            readers = r;
        }
        return r;
    }

    /** The format of the received content (the route names it and switches on it); unknown content is refused. */
    public DetectedFormat detect(@ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @Header(Exchange.FILE_NAME_ONLY) String fileName) {
        StatementSource.Head head = source(source).head(StatementFormatDetector.HEAD_BYTES);
        return readers().detector().detect(name(fileName), head.bytes(), head.complete());
    }

    /** The route's camt branch: the file is read as camt.053/054, streamed. Nothing is read yet. */
    public StatementFile openCamt(@ExchangeProperty(BankStatementsFlow.PROPERTY_FORMAT) DetectedFormat format,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @Header(Exchange.FILE_NAME_ONLY) String fileName) {
        return opened(format, source, name(fileName), "camt", (readers, name) -> in -> readers.openCamt(in, name));
    }

    /** The route's MT940 branch. Nothing is read yet. */
    public StatementFile openMt940(@ExchangeProperty(BankStatementsFlow.PROPERTY_FORMAT) DetectedFormat format,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @Header(Exchange.FILE_NAME_ONLY) String fileName) {
        return opened(format, source, name(fileName), "mt940", (readers, name) -> in -> readers.openMt940(in, name));
    }

    /** The route's bank CSV branch, in the layout the detection matched. Nothing is read yet. */
    public StatementFile openCsv(@ExchangeProperty(BankStatementsFlow.PROPERTY_FORMAT) DetectedFormat format,
            @ExchangeProperty(BankStatementsFlow.PROPERTY_ORIGINAL) StatementSource source,
            @Header(Exchange.FILE_NAME_ONLY) String fileName) {
        return opened(format, source, name(fileName), "csv", (readers, name) -> {
            String layout = format.csvLayoutId().orElse("");
            return in -> readers.openCsv(layout, in, name);
        });
    }

    private static String name(String fileName) {
        return fileName == null ? "upload" : fileName;
    }

    private static StatementSource source(StatementSource source) {
        if (source == null) {
            throw new IllegalStateException("statementImports.source did not run for this exchange (property "
                    + BankStatementsFlow.PROPERTY_ORIGINAL + ")");
        }
        return source;
    }

    /**
     * The file with the reader of the route's branch: the preparation and the posting each stream its statements from
     * the start. A branch that does not match the detected format (an edited route) fails here, naming both.
     */
    private StatementFile opened(DetectedFormat format, StatementSource source, String fileName, String family,
            java.util.function.BiFunction<StatementReaders, String, StatementFile.Reader> reader) {
        if (format == null || !format.headerValue().startsWith(family)) {
            throw new IllegalStateException("the route's " + family + " branch was taken for a file detected as "
                    + (format == null ? "nothing (statementFormats.detect did not run)" : format.headerValue())
                    + "; check the format choice in routes/bank-statements/bank-statements.yaml");
        }
        return new StatementFile(format, fileName, source(source), reader.apply(readers(), fileName));
    }
}
