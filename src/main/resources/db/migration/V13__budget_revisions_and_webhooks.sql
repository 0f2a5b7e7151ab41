-- budget-checks: a revision's decision is kept with the digest of the content it was decided on (company, supplier,
-- category, month, amounts per cost centre), so a revision id sent again with other content is refused instead of
-- answered with the decision about the first content. Decisions stored before have none (not compared).
alter table budget_decision add column content_digest char(64);

-- Odoo's purchase-order webhooks as received: the answer (202) only stores the call, the check runs after Odoo has
-- committed the change (Odoo 17 and 18 send the webhook from inside their transaction). A row is done once the order
-- was checked, found to need nothing, or left to polling; rows are kept a week for operators, then removed.
create table budget_webhook (
    id             bigserial     primary key,
    odoo_order_id  bigint        not null,
    payload        text          not null,
    correlation_id varchar(128)  not null,
    received_at    timestamptz   not null default now(),
    attempts       integer       not null default 0,
    due_at         timestamptz   not null default now(),
    claimed_until  timestamptz,
    done_at        timestamptz,
    -- CHECKED, NOTHING_TO_CHECK, LEFT_TO_POLLING, FAILED
    outcome        varchar(32),
    result         text
);
create index budget_webhook_due on budget_webhook (due_at) where done_at is null;
create index budget_webhook_done on budget_webhook (done_at) where done_at is not null;
