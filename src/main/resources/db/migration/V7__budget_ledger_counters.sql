-- budget-checks: what is committed against a budget is kept on the budget row itself, so a check no longer
-- sums every reservation of the period (a cost that grew with each order) and a reservation is one guarded
-- statement: update budget set reserved = reserved + x where ... and amount - reserved - pending - consumed >= x.
-- The ledger changes a counter only in the transaction that changes the reservation row it stands for.
--   reserved: approved orders not yet billed; pending: escalated orders earmarked until their approver decides;
--   consumed: billed orders. Reservation states: RESERVED, PENDING, CONSUMED, RELEASED (only RELEASED no longer counts).
alter table budget
    add column reserved numeric(19, 4) not null default 0,
    add column pending  numeric(19, 4) not null default 0,
    add column consumed numeric(19, 4) not null default 0;

update budget b set
    reserved = coalesce((select sum(r.amount) from budget_reservation r where (r.company, r.cost_centre, r.period)
                         = (b.company, b.cost_centre, b.period) and r.state = 'RESERVED'), 0),
    consumed = coalesce((select sum(r.amount) from budget_reservation r where (r.company, r.cost_centre, r.period)
                         = (b.company, b.cost_centre, b.period) and r.state = 'CONSUMED'), 0);

-- escalated orders whose earmark lapses
create index budget_reservation_pending on budget_reservation (updated_at) where state = 'PENDING';
