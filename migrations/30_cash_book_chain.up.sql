-- The cash book's chain, written once (owner: reports). The fold's rechain,
-- reconciliation's recomputation from the source and replay from the event
-- store all call these two functions, so the rule cannot drift between them:
--
--   net(D)     = cash received − cash expenses + cash moved
--                (bank flows and bank movements never touch the cash in hand)
--   closing(D) = base + Σ net over the given days up to and including D
--   opening(D) = closing(D) − net(D), which is the closing of the day before
--
-- `base` is the closing before the first given day (the property's opening
-- cash when the chain starts at its first day). Days come as parallel arrays,
-- one element per day, in any order. LANGUAGE sql and IMMUTABLE, so the
-- planner inlines both into the calling statement.
CREATE FUNCTION cash_book_net(cash_received bigint, cash_expenses bigint, cash_moved bigint)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT cash_received - cash_expenses + cash_moved
$$;

CREATE FUNCTION cash_book_chain(base bigint, days date[], cash_received bigint[], cash_expenses bigint[], cash_moved bigint[])
RETURNS TABLE (balance_date date, opening_balance_cents bigint, closing_balance_cents bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT t.d,
         (base + sum(cash_book_net(t.ci, t.ce, t.cm)) OVER w - cash_book_net(t.ci, t.ce, t.cm))::bigint,
         (base + sum(cash_book_net(t.ci, t.ce, t.cm)) OVER w)::bigint
    FROM unnest(days, cash_received, cash_expenses, cash_moved) AS t(d, ci, ce, cm)
  WINDOW w AS (ORDER BY t.d ROWS UNBOUNDED PRECEDING)
$$;
