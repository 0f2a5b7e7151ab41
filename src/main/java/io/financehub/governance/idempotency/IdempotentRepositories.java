package io.financehub.governance.idempotency;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The named idempotent repositories the flows' YAML routes use ({@code idempotentRepository: "#bankStatementLines"}).
 * Each flow has its own key space on the shared table.
 */
@ApplicationScoped
public class IdempotentRepositories {

    public static final String BANK_STATEMENT_LINES = "bankStatementLines";
    public static final String BANK_STATEMENT_FILES = "bankStatementFiles";
    public static final String PAYMENT_STATUS_FILES = "paymentStatusFiles";
    public static final String PAYMENT_STATUS_MESSAGES = "paymentStatusMessages";
    public static final String BUDGET_WEBHOOK_DELIVERIES = "budgetWebhookDeliveries";
    public static final String EXCEPTION_REPLAYS = "exceptionReplays";

    private final AgroalDataSource dataSource;

    public IdempotentRepositories(@SuppressWarnings("CdiInjectionPointsInspection") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public JdbcIdempotentRepository named(String repository) {
        return new JdbcIdempotentRepository(dataSource, repository);
    }

    @Produces
    @Singleton
    @Named(BANK_STATEMENT_LINES)
    JdbcIdempotentRepository bankStatementLines() {
        return named(BANK_STATEMENT_LINES);
    }

    /**
     * Files claimed by an inbox consumer: a claim never confirmed (its process died while the file was being read) is
     * taken over once older than {@code hub.bank-statements.inbox.claim-stale-after}, so the file is read again.
     */
    @Produces
    @Singleton
    @Named(BANK_STATEMENT_FILES)
    JdbcIdempotentRepository bankStatementFiles(
            @ConfigProperty(name = "hub.bank-statements.inbox.claim-stale-after", defaultValue = "PT30M") Duration staleAfter) {
        return new JdbcIdempotentRepository(dataSource, BANK_STATEMENT_FILES, staleAfter);
    }

    @Produces
    @Singleton
    @Named(PAYMENT_STATUS_FILES)
    JdbcIdempotentRepository paymentStatusFiles(
            @ConfigProperty(name = "hub.payment-files.status-inbox.claim-stale-after", defaultValue = "PT30M") Duration staleAfter) {
        return new JdbcIdempotentRepository(dataSource, PAYMENT_STATUS_FILES, staleAfter);
    }

    /**
     * Status messages applied (the payment-files status route's idempotent consumer, with {@code eager: false}): a key
     * is added, confirmed, only once its message was applied, so there is no claim to take over.
     */
    @Produces
    @Singleton
    @Named(PAYMENT_STATUS_MESSAGES)
    JdbcIdempotentRepository paymentStatusMessages() {
        return named(PAYMENT_STATUS_MESSAGES);
    }

    /**
     * Odoo webhook deliveries whose order was checked (the budget-checks webhook route's idempotent consumer, with
     * {@code eager: false}): a key is added only once its check ran.
     */
    @Produces
    @Singleton
    @Named(BUDGET_WEBHOOK_DELIVERIES)
    JdbcIdempotentRepository budgetWebhookDeliveries() {
        return named(BUDGET_WEBHOOK_DELIVERIES);
    }
}
