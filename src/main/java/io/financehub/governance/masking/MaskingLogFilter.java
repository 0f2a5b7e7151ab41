package io.financehub.governance.masking;

import io.quarkus.logging.LoggingFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks IBANs, account numbers and the configured secrets in every log record before any handler writes
 * it: the message (formatted with its parameters) and the text of an attached exception. This is the
 * enforcement; careful log statements are only the first line of defence.
 */
@LoggingFilter(name = "hub-masking")
public final class MaskingLogFilter implements Filter {

    private final Masking masking;

    public MaskingLogFilter(@ConfigProperty(name = "odoo.api-key") Optional<String> odooKey,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> dbPassword,
            @ConfigProperty(name = "hub.security.webhook-secret") Optional<String> webhookSecret,
            @ConfigProperty(name = "hub.masking.extra-secrets") Optional<List<String>> extra) {
        List<String> secrets = new ArrayList<>();
        odooKey.ifPresent(secrets::add);
        dbPassword.ifPresent(secrets::add);
        webhookSecret.ifPresent(secrets::add);
        extra.ifPresent(secrets::addAll);
        this.masking = new Masking(secrets);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (formatted != null) {
            String masked = masking.mask(formatted);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(MaskedThrowable.of(record.getThrown(), masking));
        }
        return true;
    }
}
