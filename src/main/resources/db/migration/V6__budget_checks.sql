-- budget-checks flow: the built-in budget ledger and the decisions it gave.
-- A budget is an amount per company, cost centre and period (a year "2026" or a month "2026-11") in one
-- currency. Reservations (commitments) are per order and cost centre; the ledger locks the budget rows it
-- touches (select ... for update, in cost-centre order) so concurrent checks can never overspend.
create table budget (
    company      varchar(32)    not null,
    cost_centre  varchar(64)    not null,
    period       varchar(7)     not null,
    currency     char(3)        not null,
    amount       numeric(19, 4) not null check (amount >= 0),
    source       varchar(32)    not null,
    updated_at   timestamptz    not null default now(),
    primary key (company, cost_centre, period)
);

create table budget_reservation (
    order_ref    varchar(128)   not null,
    company      varchar(32)    not null,
    cost_centre  varchar(64)    not null,
    period       varchar(7)     not null,
    amount       numeric(19, 4) not null,
    -- RESERVED (open commitment), CONSUMED (billed) or RELEASED (cancelled); only RESERVED and CONSUMED count.
    state        varchar(16)    not null,
    revision     varchar(128)   not null,
    updated_at   timestamptz    not null default now(),
    primary key (order_ref, company, cost_centre, period),
    foreign key (company, cost_centre, period) references budget (company, cost_centre, period)
);
create index budget_reservation_budget on budget_reservation (company, cost_centre, period);

-- One decision per order revision: re-checking the same revision returns it without reserving again.
create table budget_decision (
    order_ref    varchar(128)   not null,
    revision     varchar(128)   not null,
    outcome      varchar(16)    not null,
    decision     text           not null,
    decided_at   timestamptz    not null default now(),
    primary key (order_ref, revision)
);
