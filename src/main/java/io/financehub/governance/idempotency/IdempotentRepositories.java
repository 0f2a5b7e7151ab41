package io.financehub.governance.idempotency;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The named idempotent repositories the flows' YAML routes use ({@code idempotentRepository: "#bankStatementLines"}).
 * Each flow has its own key space on the shared table.
 */
@ApplicationScoped
public class IdempotentRepositories {

    public static final String BANK_STATEMENT_LINES = "bankStatementLines";
    public static final String BANK_STATEMENT_FILES = "bankStatementFiles";
    public static final String PAYMENT_STATUS_FILES = "paymentStatusFiles";
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

    @Produces
    @Singleton
    @Named(BANK_STATEMENT_FILES)
    JdbcIdempotentRepository bankStatementFiles() {
        return named(BANK_STATEMENT_FILES);
    }

    @Produces
    @Singleton
    @Named(PAYMENT_STATUS_FILES)
    JdbcIdempotentRepository paymentStatusFiles() {
        return named(PAYMENT_STATUS_FILES);
    }
}
