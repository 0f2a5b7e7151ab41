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

/**
 * The statement formats as the route uses them: detection by content (the route's content-based router
 * switches on the header it sets) and one reader per format, configured from the mappings (CSV layouts,
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

    /** Detects the format from the content and sets {@link DetectedFormat#HEADER}; unknown content is refused. */
    public void detect(Exchange exchange) {
        StatementSource source = StatementImports.source(exchange);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "upload", String.class);
        StatementSource.Head head = source.head(StatementFormatDetector.HEAD_BYTES);
        DetectedFormat format = readers().detector().detect(fileName, head.bytes(), head.complete());
        exchange.setProperty(DetectedFormat.class.getName(), format);
        exchange.getMessage().setHeader(DetectedFormat.HEADER, format.headerValue());
    }

    /** The route's camt branch: the file is read as camt.053/054, streamed. Nothing is read yet. */
    public StatementFile openCamt(Exchange exchange) {
        return opened(exchange, "camt", (readers, name) -> in -> readers.openCamt(in, name));
    }

    /** The route's MT940 branch. Nothing is read yet. */
    public StatementFile openMt940(Exchange exchange) {
        return opened(exchange, "mt940", (readers, name) -> in -> readers.openMt940(in, name));
    }

    /** The route's bank CSV branch, in the layout the detection matched. Nothing is read yet. */
    public StatementFile openCsv(Exchange exchange) {
        return opened(exchange, "csv", (readers, name) -> {
            String layout = detected(exchange).csvLayoutId().orElse("");
            return in -> readers.openCsv(layout, in, name);
        });
    }

    private DetectedFormat detected(Exchange exchange) {
        return exchange.getProperty(DetectedFormat.class.getName(), DetectedFormat.class);
    }

    /**
     * The file with the reader of the route's branch: the preparation and the posting each stream its statements from
     * the start. A branch that does not match the detected format (an edited route) fails here, naming both.
     */
    private StatementFile opened(Exchange exchange, String family, java.util.function.BiFunction<StatementReaders, String, StatementFile.Reader> reader) {
        DetectedFormat format = detected(exchange);
        if (format == null || !format.headerValue().startsWith(family)) {
            throw new IllegalStateException("the route's " + family + " branch was taken for a file detected as "
                    + (format == null ? "nothing (statementFormats.detect did not run)" : format.headerValue())
                    + "; check the format choice in routes/bank-statements/bank-statements.yaml");
        }
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "upload", String.class);
        StatementFile file = new StatementFile(format, fileName, StatementImports.source(exchange), reader.apply(readers(), fileName));
        exchange.setProperty(StatementFile.class.getName(), file);
        return file;
    }
}
