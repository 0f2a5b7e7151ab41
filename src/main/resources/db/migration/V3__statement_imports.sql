-- Bank-statement imports: one row per received file (inbox or upload), the operator's import report.
CREATE TABLE statement_import (
    id              UUID        PRIMARY KEY,
    file_name       TEXT        NOT NULL,
    channel         TEXT        NOT NULL CHECK (channel IN ('inbox', 'upload')),
    status          TEXT        NOT NULL CHECK (status IN ('RECEIVED', 'IMPORTED', 'QUARANTINED', 'FAILED')),
    format          TEXT,
    correlation_id  TEXT        NOT NULL,
    file_digest     CHAR(64)    NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    lines_created   INTEGER     NOT NULL DEFAULT 0,
    duplicates      INTEGER     NOT NULL DEFAULT 0,
    report          TEXT        NOT NULL DEFAULT '{}'
);
CREATE INDEX statement_import_received ON statement_import (received_at);
