-- budget-checks: a check's writes and its commit travel to PostgreSQL in one round trip. Each guarded budget
-- move (update budget ... where amount - reserved - pending - consumed >= increase) reports through this
-- function: a move that found no row (the budget no longer covers the increase) raises HB409, which aborts the
-- transaction before its COMMIT runs; the ledger rolls back and decides again under the budget rows' locks.
create function budget_guard(moved bigint) returns void language plpgsql as $$
begin
    if moved = 0 then
        raise exception 'the budget no longer covers the increase' using errcode = 'HB409';
    end if;
end
$$;
