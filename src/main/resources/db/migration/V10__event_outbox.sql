-- Event outbox: an event a flow commits inside the transaction of the change it announces (for instance the
-- budget ledger's decision), so the event is durable exactly when the change is, and never published for a
-- change that rolled back. One instance at a time publishes a topic's events (holding a transaction-scoped
-- advisory lock for the topic while the broker acknowledges a batch), in id order, and deletes them in the same
-- transaction; an instance that dies mid-batch releases the lock with its connection and the batch is
-- published again (at least once; each CloudEvent id is stable).
CREATE TABLE event_outbox (
    id          BIGSERIAL    PRIMARY KEY,
    topic       TEXT         NOT NULL,
    event_key   TEXT         NOT NULL,
    payload     TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX event_outbox_topic ON event_outbox (topic, id);
