-- Audit outbox: an entry a flow commits inside its own transaction (for instance the budget ledger's check,
-- with the decision it records), so the decision and its audit entry are durable together or not at all and the
-- flow does not wait for the chain head's lock. The audit trail's writer links outbox rows into the hash chain
-- (audit_entry) in id order, in batches, and deletes them in the same transaction; audit queries link first.
CREATE TABLE audit_outbox (
    id              BIGSERIAL    PRIMARY KEY,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    actor           TEXT         NOT NULL,
    flow            TEXT         NOT NULL,
    correlation_id  TEXT         NOT NULL,
    subject         TEXT         NOT NULL,
    action          TEXT         NOT NULL,
    payload_digest  CHAR(64)     NOT NULL,
    summary         TEXT         NOT NULL,
    mapping_version TEXT         NOT NULL
);
