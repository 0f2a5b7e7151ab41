-- Governance store baseline. The store's tables (audit trail, idempotency, exceptions, checkpoints,
-- sagas) follow in later migrations; this one records which product owns the schema, so an operator who
-- points the hub at the wrong database sees it at once.
CREATE TABLE hub_schema_info (
    id          SMALLINT    PRIMARY KEY CHECK (id = 1),
    product     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO hub_schema_info (id, product) VALUES (1, 'odoo-finance-hub governance store');
