-- Governance store: audit trail, idempotency keys, exception items (dead letters), checkpoints, saga log.

-- Audit trail: append-only and SHA-256 hash-chained. seq is gap-free and assigned under the chain head's
-- row lock, so appends from parallel routes and hub instances form one chain.
CREATE TABLE audit_chain_head (
    id        SMALLINT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_entry (
    seq             BIGINT       PRIMARY KEY,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    actor           TEXT         NOT NULL,
    flow            TEXT         NOT NULL,
    correlation_id  TEXT         NOT NULL,
    subject         TEXT         NOT NULL,
    action          TEXT         NOT NULL,
    payload_digest  CHAR(64)     NOT NULL,
    summary         TEXT         NOT NULL,
    mapping_version TEXT         NOT NULL,
    prev_hash       CHAR(64)     NOT NULL,
    entry_hash      CHAR(64)     NOT NULL
);
CREATE INDEX audit_entry_correlation ON audit_entry (correlation_id);
CREATE INDEX audit_entry_subject ON audit_entry (subject);

-- Casual edits are refused by the database itself; a privileged edit (triggers disabled) is still caught
-- by the hash chain when the trail is verified.
CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

-- Idempotency: one row per (repository, key); the primary key is what makes two hub instances agree.
CREATE TABLE idempotency_key (
    repository   TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_at TIMESTAMPTZ,
    PRIMARY KEY (repository, key)
);

-- Exception items (dead letters) with replay.
CREATE TABLE exception_item (
    id              UUID         PRIMARY KEY,
    flow            TEXT         NOT NULL,
    route_id        TEXT         NOT NULL,
    replay_endpoint TEXT         NOT NULL,
    correlation_id  TEXT         NOT NULL,
    subject         TEXT,
    error_type      TEXT         NOT NULL,
    error_class     TEXT         NOT NULL,
    error_message   TEXT         NOT NULL,
    payload         BYTEA,
    headers         TEXT         NOT NULL DEFAULT '{}',
    state           TEXT         NOT NULL CHECK (state IN ('NEW', 'REPLAYING', 'REPLAYED', 'RESOLVED', 'DISCARDED')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    decided_by      TEXT,
    decision_reason TEXT,
    version         BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX exception_item_state ON exception_item (state, flow);
CREATE INDEX exception_item_correlation ON exception_item (correlation_id);

-- Checkpoints for incremental flows (actuals export per company, purchase-order polling).
CREATE TABLE checkpoint (
    name       TEXT        PRIMARY KEY,
    value      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Durable saga log (payment files): one row per saga, steps appended as they complete.
CREATE TABLE saga_log (
    saga_id     TEXT        PRIMARY KEY,
    saga_type   TEXT        NOT NULL,
    business_key TEXT       NOT NULL UNIQUE,
    state       TEXT        NOT NULL,
    steps       TEXT        NOT NULL DEFAULT '[]',
    data        TEXT        NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
