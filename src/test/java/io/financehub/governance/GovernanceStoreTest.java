package io.financehub.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.governance.checkpoint.Checkpoints;
import io.financehub.governance.saga.SagaLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checkpoints advance only from what was read; a saga exists once per business key and records its steps. */
@QuarkusTest
class GovernanceStoreTest {

    @Inject
    Checkpoints checkpoints;

    @Inject
    SagaLog sagas;

    @Test
    void aCheckpointMovesOnlyFromTheValueTheCallerRead() {
        String name = "test/" + UUID.randomUUID();
        assertEquals(Optional.empty(), checkpoints.get(name));
        assertTrue(checkpoints.advance(name, Optional.empty(), "100"));
        assertFalse(checkpoints.advance(name, Optional.empty(), "200"), "a second first-writer loses");
        assertFalse(checkpoints.advance(name, Optional.of("99"), "200"), "a stale reader loses");
        assertTrue(checkpoints.advance(name, Optional.of("100"), "200"));
        assertEquals(Optional.of("200"), checkpoints.get(name));
    }

    @Test
    void aSagaStartsOncePerBusinessKeyAndRecordsItsSteps() {
        String key = "batch-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        assertTrue(sagas.start(id, "payment-batch", key, "STARTED", "{\"payments\":[1,2]}").isPresent());
        assertTrue(sagas.start(UUID.randomUUID().toString(), "payment-batch", key, "STARTED", "{}").isEmpty());
        assertTrue(sagas.transition(id, "STARTED", "CLAIMED", "{\"step\":\"claim\"}", null));
        assertFalse(sagas.transition(id, "STARTED", "RENDERED", "{\"step\":\"render\"}", null), "wrong expected state");
        SagaLog.Saga saga = sagas.find(id).orElseThrow();
        assertEquals("CLAIMED", saga.state());
        assertTrue(saga.steps().contains("claim"), saga.steps());
        assertTrue(sagas.unfinished("payment-batch", List.of("DELIVERED", "COMPENSATED")).stream().anyMatch(s -> s.sagaId().equals(id)));
    }
}
