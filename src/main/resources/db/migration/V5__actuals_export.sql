-- Actuals exports: one row per export run, and what each published incremental export contributed per
-- journal entry, so a move reset to draft or cancelled after its export can be exported as a correcting delta.
CREATE TABLE actuals_export (
    id              UUID        PRIMARY KEY,
    company         TEXT        NOT NULL,
    period          CHAR(7)     NOT NULL,
    mode            TEXT        NOT NULL CHECK (mode IN ('incremental', 'full')),
    status          TEXT        NOT NULL CHECK (status IN ('STAGED', 'PUBLISHED', 'FAILED')),
    file_name       TEXT        NOT NULL,
    correlation_id  TEXT        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    report          TEXT        NOT NULL DEFAULT '{}'
);
CREATE INDEX actuals_export_company_period ON actuals_export (company, period, started_at);

-- Contribution of one journal entry (move) to one aggregated line of one export. The net contribution of a
-- move is the sum over PUBLISHED exports: a correction adds the negated rows, which brings it to zero.
CREATE TABLE actuals_export_move (
    export_id        UUID           NOT NULL REFERENCES actuals_export (id) ON DELETE CASCADE,
    company          TEXT           NOT NULL,
    period           CHAR(7)        NOT NULL,
    move_id          BIGINT         NOT NULL,
    planning_account TEXT           NOT NULL,
    cost_centre      TEXT           NOT NULL,
    currency         CHAR(3)        NOT NULL,
    original_currency CHAR(3)       NOT NULL,
    amount           NUMERIC(20, 6) NOT NULL,
    original_amount  NUMERIC(20, 6) NOT NULL
);
CREATE INDEX actuals_export_move_lookup ON actuals_export_move (company, period, move_id);
