-- One row per Odoo statement (part) the bank-statements flow sends: the posting key written to the statement's
-- reference, the lines it carries and what is known of its outcome. A write whose answer was lost stays SENT until
-- Odoo shows it (COMMITTED) or Odoo's request limit has passed without it (NOT_COMMITTED); UNKNOWN when neither
-- could be established. Reports are computed from these rows and what Odoo holds for their keys.
CREATE TABLE statement_posting (
    posting_key        TEXT        PRIMARY KEY,
    import_id          UUID        NOT NULL,
    statement_id       TEXT        NOT NULL,
    journal_id         BIGINT      NOT NULL,
    company_id         BIGINT      NOT NULL,
    part               INTEGER     NOT NULL,
    first_line         INTEGER     NOT NULL,
    last_line          INTEGER     NOT NULL,
    lines              INTEGER     NOT NULL,
    state              TEXT        NOT NULL CHECK (state IN ('CLAIMED', 'SENT', 'COMMITTED', 'NOT_COMMITTED', 'UNKNOWN')),
    sent_at            TIMESTAMPTZ,
    odoo_statement_id  BIGINT,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX statement_posting_import ON statement_posting (import_id);

-- Which post a claimed key belongs to (statement lines: the posting key), so a later attempt settles that post
-- before it claims the lines again.
ALTER TABLE idempotency_key ADD COLUMN owner TEXT;
CREATE INDEX idempotency_key_owner ON idempotency_key (repository, owner) WHERE owner IS NOT NULL;
