-- Generic plans only where they pay. Migration 35 made every prepared
-- statement of the database use its generic plan; that levelled the uncached
-- daily report on the partitioned schema with the unpartitioned one, but made
-- the host's queue statements slower (a claim 0.23 → 0.64 ms, an ack 0.14 →
-- 0.35 ms with bench:write at 50 connections: their arrays' lengths are known
-- only to a custom plan), so the database goes back to PostgreSQL's default.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I RESET plan_cache_mode', current_database());
END
$$;

-- A shift as the reports show it (finance/report-source.ts reads it here for a
-- day and for a range: one definition).
CREATE FUNCTION finance_shift_json(s cash_shifts) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', s.id, 'cashier', json_build_object('id', s.user_id, 'displayName', NULL::text),
    'businessDate', s.business_date::text, 'status', s.status,
    'floatCents', s.float_cents, 'expectedCents', s.expected_cents, 'countedCents', s.counted_cents, 'overShortCents', s.over_short_cents,
    'openedAt', to_char(s.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'closedAt', to_char(s.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'signedOffBy', CASE WHEN s.signed_off_by_user_id IS NULL THEN NULL
                        ELSE json_build_object('id', s.signed_off_by_user_id, 'displayName', NULL::text) END)
$$;

-- A property's business date as the daily report shows it from finance's
-- tables: entries (not deleted) in report order, close state (null when open),
-- shifts opened on it, cash movements (not deleted); people by id, named by the
-- caller. In a PL/pgSQL function so that its statements, alone, keep their
-- generic plans (the SET clause): with PostgreSQL's default a generic plan over
-- the quarter partitions of revenues and expenses is costed without the
-- partitions run-time pruning removes, looks dearer than a custom plan, and
-- every call was planned afresh over every partition (a day's entries:
-- 5,848/s against 96,427/s unpartitioned, 42,109/s with the generic plan;
-- pgbench, docs/performance.md).
CREATE FUNCTION finance_report_day(p_org uuid, p_property uuid, p_date date) RETURNS json
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN json_build_object(
    'transactions', (SELECT coalesce(json_agg(json_build_object(
        'id', t.id, 'kind', t.kind, 'amountCents', t.amount_cents, 'paymentMode', t.payment_mode,
        'bankReference', t.bank_reference, 'description', t.description, 'source', t.source, 'category', t.category,
        'occurredAt', to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'businessDate', t.business_date::text, 'status', t.status,
        'createdBy', json_build_object('id', t.created_by_user_id, 'displayName', NULL::text), 'reversesId', t.reverses_id)
        ORDER BY t.occurred_at NULLS LAST, t.id), '[]'::json)
       FROM finance_transactions t
      WHERE t.org_id = p_org AND t.property_id = p_property AND t.business_date = p_date AND t.deleted_at IS NULL),
    'dayClose', (SELECT json_build_object('closed', true,
        'closedAt', to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'closedBy', json_build_object('id', c.closed_by_user_id, 'displayName', NULL::text), 'forcedReason', c.forced_reason)
       FROM business_day_closes c
      WHERE c.org_id = p_org AND c.property_id = p_property AND c.business_date = p_date),
    'shifts', (SELECT coalesce(json_agg(finance_shift_json(s) ORDER BY s.opened_at), '[]'::json)
       FROM cash_shifts s
      WHERE s.org_id = p_org AND s.property_id = p_property AND s.business_date = p_date),
    'movements', (SELECT coalesce(json_agg(json_build_object(
        'id', m.id, 'movementType', m.movement_type, 'amountCents', m.amount_cents,
        'cashEffectCents', m.cash_effect_cents, 'bankEffectCents', m.bank_effect_cents, 'status', m.status,
        'description', m.description, 'createdBy', json_build_object('id', m.created_by_user_id, 'displayName', NULL::text))
        ORDER BY m.created_at, m.id), '[]'::json)
       FROM cash_movements m
      WHERE m.org_id = p_org AND m.property_id = p_property AND m.business_date = p_date AND m.deleted_at IS NULL));
END
$$;
