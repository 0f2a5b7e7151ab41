package io.financehub.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.financehub.governance.idempotency.JdbcIdempotentRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The database idempotent repository lets each key through once: across instances, threads and restarts. */
@QuarkusTest
class IdempotentRepositoryTest {

    @Inject
    AgroalDataSource hubPool;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** A second hub instance: its own, independent connection pool on the same database. */
    private PGSimpleDataSource secondInstancePool() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    @Test
    void theSameKeyOfferedConcurrentlyByTwoInstancesPassesExactlyOnce() throws Exception {
        JdbcIdempotentRepository instanceA = new JdbcIdempotentRepository(hubPool, "test-two-instances");
        JdbcIdempotentRepository instanceB = new JdbcIdempotentRepository(secondInstancePool(), "test-two-instances");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "line-" + UUID.randomUUID();
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Boolean>> offers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JdbcIdempotentRepository instance = i % 2 == 0 ? instanceA : instanceB;
                    offers.add(() -> {
                        start.await();
                        return instance.add(key);
                    });
                }
                List<Future<Boolean>> results = new ArrayList<>();
                for (Callable<Boolean> offer : offers) {
                    results.add(pool.submit(offer));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Boolean> r : results) {
                    accepted += r.get() ? 1 : 0;
                }
                assertEquals(1, accepted, "round " + round);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aClaimLeftByAnInstanceThatDiedIsTakenOverOnceStaleAndAConfirmedOneNever() throws Exception {
        String key = "file-" + java.util.UUID.randomUUID();
        JdbcIdempotentRepository dead = new JdbcIdempotentRepository(hubPool, "test-stale", java.time.Duration.ofMillis(300));
        JdbcIdempotentRepository alive = new JdbcIdempotentRepository(secondInstancePool(), "test-stale", java.time.Duration.ofMillis(300));
        assertTrue(dead.add(key));
        assertFalse(alive.add(key), "a fresh claim belongs to its instance");
        Thread.sleep(500);
        assertTrue(alive.add(key), "never confirmed and stale: its instance died while working on it");
        assertFalse(dead.add(key), "the takeover is a fresh claim");
        alive.confirm(key);
        Thread.sleep(500);
        assertFalse(dead.add(key), "a confirmed key is done for good");
    }

    @Test
    void keysSurviveARestartAndRepositoriesAreSeparate() {
        String key = "statement-" + UUID.randomUUID();
        assertTrue(new JdbcIdempotentRepository(hubPool, "test-restart").add(key));
        JdbcIdempotentRepository afterRestart = new JdbcIdempotentRepository(secondInstancePool(), "test-restart");
        assertTrue(afterRestart.contains(key));
        assertFalse(afterRestart.add(key));
        assertTrue(new JdbcIdempotentRepository(hubPool, "test-other-repository").add(key));
        assertTrue(afterRestart.remove(key));
        assertTrue(afterRestart.add(key), "a removed key (failed processing) can be claimed again");
    }

    @Test
    void yamlIdempotentConsumerUsesTheDatabaseRepository() throws Exception {
        MockEndpoint passed = camel.getEndpoint("mock:test-idempotent-passed", MockEndpoint.class);
        passed.reset();
        String key = "file-" + UUID.randomUUID();
        passed.expectedMessageCount(1);
        producer.sendBodyAndHeaders("direct:test-idempotent", "a", Map.of("MessageKey", key));
        producer.sendBodyAndHeaders("direct:test-idempotent", "a again", Map.of("MessageKey", key));
        passed.assertIsSatisfied(2_000);
        assertTrue(new JdbcIdempotentRepository(secondInstancePool(), "bankStatementFiles").contains(key));
    }
}
