-- Payment files: batches (the unit of four-eyes approval and of one pain.001 file) and their payments.
-- A payment can be in at most one open batch (partial unique index), so two runs never send it twice.
CREATE SEQUENCE payment_batch_number_seq;

CREATE TABLE payment_batch (
    id              UUID          PRIMARY KEY,
    batch_number    BIGINT        NOT NULL UNIQUE,
    run_id          UUID          NOT NULL,
    company         TEXT          NOT NULL,
    journal_code    TEXT          NOT NULL,
    bank_profile    TEXT          NOT NULL,
    pain_version    TEXT          NOT NULL,
    currency        CHAR(3)       NOT NULL,
    execution_date  DATE          NOT NULL,
    control_sum     NUMERIC(20,4) NOT NULL,
    payment_count   INTEGER       NOT NULL,
    message_id      TEXT          NOT NULL UNIQUE,
    state           TEXT          NOT NULL CHECK (state IN ('PENDING_APPROVAL', 'RELEASED', 'SENT', 'REJECTED', 'FAILED')),
    needs_approval  BOOLEAN       NOT NULL,
    prepared_by     TEXT          NOT NULL,
    decided_by      TEXT,
    decision_reason TEXT,
    file_name       TEXT,
    file_digest     CHAR(64),
    exception_id    TEXT,
    correlation_id  TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    -- what the file is rendered from (creditor, account, amount, ids): a re-render after a crash is identical
    snapshot        TEXT          NOT NULL
);
CREATE INDEX payment_batch_state ON payment_batch (state);

CREATE TABLE payment_batch_payment (
    batch_id        UUID          NOT NULL REFERENCES payment_batch (id),
    odoo_payment_id BIGINT        NOT NULL,
    end_to_end_id   TEXT          NOT NULL UNIQUE,
    amount          NUMERIC(20,4) NOT NULL,
    active          BOOLEAN       NOT NULL DEFAULT TRUE,
    bank_status     TEXT,
    PRIMARY KEY (batch_id, odoo_payment_id)
);
CREATE UNIQUE INDEX payment_open_once ON payment_batch_payment (odoo_payment_id) WHERE active;
