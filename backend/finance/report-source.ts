// What the reports service shows from finance's tables: a day's entries, the
// approved totals by source and category, pending counts, day-close states,
// shifts and cash movements. Reports reads them through these internal
// endpoints (~encore/clients) instead of querying the tables; people's names
// are filled here (user-names.ts). Reads that reports may serve from the
// read replica take `fromReplica`: reports' read routing (reports/read-routing.ts)
// decides, and the query then runs on the replica database.
import { api } from "encore.dev/api";
import { z } from "zod";
import { db, replicaDb } from "../../database.ts";
import { dateSchema, idSchema, parseInput } from "../shared/validation.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";
import type { TransactionKind, TransactionSnapshot } from "./topics.ts";

type Person = { id: string; displayName: string | null };

/** A day's entry as the daily report lists it (the snapshot's fields, identity and author). */
export interface ReportTransaction
  extends Pick<TransactionSnapshot, "amountCents" | "paymentMode" | "bankReference" | "description" | "source" | "category" | "occurredAt" | "businessDate"> {
  id: string;
  kind: TransactionKind;
  status: string;
  createdBy: Person;
  /** A reversal or refund of this entry: it counts negative. */
  reversesId: string | null;
}

export interface DayCloseState {
  closed: boolean;
  closedAt: string | null;
  closedBy: Person | null;
  forcedReason: string | null;
}

export interface ShiftLine {
  id: string;
  cashier: Person;
  businessDate: string;
  status: string;
  floatCents: number;
  expectedCents: number | null;
  countedCents: number | null;
  overShortCents: number | null;
  openedAt: string;
  closedAt: string | null;
  signedOffBy: Person | null;
}

export interface MovementLine {
  id: string;
  movementType: string;
  amountCents: number;
  cashEffectCents: number;
  bankEffectCents: number;
  status: string;
  description: string | null;
  createdBy: Person;
}

const reader = (fromReplica: boolean | undefined) => (fromReplica ? replicaDb : db);
const replicaFlag = z.boolean().optional();

interface DayRequest { orgId: string; propertyId: string; date: string; fromReplica?: boolean }

const reportTransactionsInput = z.object({ orgId: idSchema, propertyId: idSchema, date: dateSchema, fromReplica: replicaFlag });

/** Internal: the day's entries (not deleted) in the order the daily report lists them, authors named. */
export const reportTransactions = api(
  { expose: false, method: "POST", path: "/finance/internal/report-transactions" },
  async (req: DayRequest): Promise<{ transactions: ReportTransaction[] }> => {
    const f = parseInput(reportTransactionsInput, req);
    const rows = await reader(f.fromReplica).rawQueryAll<ReportTransaction>(
      `SELECT t.id, t.kind, t.amount_cents AS "amountCents", t.payment_mode AS "paymentMode", t.bank_reference AS "bankReference",
              t.description, t.source, t.category, ${isoUtc("t.occurred_at")} AS "occurredAt",
              t.business_date::text AS "businessDate", t.status, json_build_object('id', t.created_by_user_id, 'displayName', NULL::text) AS "createdBy",
              t.reverses_id AS "reversesId"
         FROM finance_transactions t
        WHERE t.org_id = $1 AND t.property_id = $2 AND t.business_date = $3 AND t.deleted_at IS NULL
        ORDER BY t.occurred_at NULLS LAST, t.id`,
      f.orgId, f.propertyId, f.date,
    );
    await userNames.fill(f.orgId, rows.map((t) => t.createdBy));
    return { transactions: rows };
  },
);

interface RangeRequest { orgId: string; propertyId: string; from: string; to: string; fromReplica?: boolean }
interface BreakdownRow { kind: string; label: string; amountCents: number; count: number }

const reportBreakdownInput = z.object({ orgId: idSchema, propertyId: idSchema, from: dateSchema, to: dateSchema, fromReplica: replicaFlag });

/** Internal: approved entries of [from, to] summed by kind and source or category (signed: reversals count negative), largest first. */
export const reportBreakdown = api(
  { expose: false, method: "POST", path: "/finance/internal/report-breakdown" },
  async (req: RangeRequest): Promise<{ rows: BreakdownRow[] }> => {
    const f = parseInput(reportBreakdownInput, req);
    const rows = await reader(f.fromReplica).queryAll<BreakdownRow>`
      SELECT kind, COALESCE(source, category) AS label, sum(signed_amount_cents)::bigint AS "amountCents", count(*)::int AS count
        FROM finance_transactions
       WHERE org_id = ${f.orgId} AND property_id = ${f.propertyId} AND status = 'approved' AND deleted_at IS NULL
         AND business_date BETWEEN ${f.from} AND ${f.to}
       GROUP BY kind, COALESCE(source, category) ORDER BY 3 DESC`;
    return { rows: rows.map((r) => ({ ...r, amountCents: Number(r.amountCents) })) };
  },
);

interface PendingRequest { orgId: string; propertyIds: string[]; fromReplica?: boolean }

const pendingCountsInput = z.object({ orgId: idSchema, propertyIds: z.array(idSchema).max(10_000), fromReplica: replicaFlag });

/** Internal: pending entries (not deleted) per property; a property with none is left out. */
export const pendingCounts = api(
  { expose: false, method: "POST", path: "/finance/internal/pending-counts" },
  async (req: PendingRequest): Promise<{ counts: { propertyId: string; pending: number }[] }> => {
    const f = parseInput(pendingCountsInput, req);
    const counts = await reader(f.fromReplica).queryAll<{ propertyId: string; pending: number }>`
      SELECT property_id AS "propertyId", count(*)::int AS pending FROM finance_transactions
       WHERE org_id = ${f.orgId} AND property_id = ANY(${f.propertyIds}::uuid[]) AND status = 'pending' AND deleted_at IS NULL
       GROUP BY property_id`;
    return { counts };
  },
);

const NOT_CLOSED: DayCloseState = { closed: false, closedAt: null, closedBy: null, forcedReason: null };

interface CloseStatesRequest { orgId: string; days: { propertyId: string; date: string }[] }

const dayCloseStatesInput = z.object({ orgId: idSchema, days: z.array(z.object({ propertyId: idSchema, date: dateSchema })).max(10_000) });

/** Internal: the close state of each (property, date) pair, in the order given, closers named. */
export const dayCloseStates = api(
  { expose: false, method: "POST", path: "/finance/internal/day-close-states" },
  async (req: CloseStatesRequest): Promise<{ states: DayCloseState[] }> => {
    const f = parseInput(dayCloseStatesInput, req);
    if (f.days.length === 0) return { states: [] };
    const rows = await db.rawQueryAll<DayCloseState & { k: string }>(
      `SELECT c.property_id::text || '|' || c.business_date::text AS k, true AS closed, ${isoUtc("c.closed_at")} AS "closedAt",
              json_build_object('id', c.closed_by_user_id, 'displayName', NULL::text) AS "closedBy", c.forced_reason AS "forcedReason"
         FROM business_day_closes c JOIN unnest($2::uuid[], $3::date[]) AS d(p, dt) ON c.property_id = d.p AND c.business_date = d.dt
        WHERE c.org_id = $1`,
      f.orgId, f.days.map((d) => d.propertyId), f.days.map((d) => d.date),
    );
    await userNames.fill(f.orgId, rows.map((r) => r.closedBy));
    const byKey = new Map(rows.map(({ k, ...state }) => [k, state]));
    return { states: f.days.map((d) => byKey.get(`${d.propertyId}|${d.date}`) ?? NOT_CLOSED) };
  },
);

const SHIFT_COLUMNS = `s.id, json_build_object('id', s.user_id, 'displayName', NULL::text) AS cashier, s.business_date::text AS "businessDate",
  s.status, s.float_cents AS "floatCents", s.expected_cents AS "expectedCents", s.counted_cents AS "countedCents", s.over_short_cents AS "overShortCents",
  ${isoUtc("s.opened_at")} AS "openedAt", ${isoUtc("s.closed_at")} AS "closedAt",
  CASE WHEN s.signed_off_by_user_id IS NULL THEN NULL ELSE json_build_object('id', s.signed_off_by_user_id, 'displayName', NULL::text) END AS "signedOffBy"`;

const num = (v: number | string | null) => (v === null ? null : Number(v));

async function namedShifts(orgId: string, shifts: ShiftLine[]): Promise<ShiftLine[]> {
  await userNames.fill(orgId, shifts.flatMap((s) => [s.cashier, s.signedOffBy]));
  return shifts.map((s) => ({
    ...s, floatCents: Number(s.floatCents), expectedCents: num(s.expectedCents), countedCents: num(s.countedCents), overShortCents: num(s.overShortCents),
  }));
}

interface DayCashieringRequest { orgId: string; propertyId: string; date: string }

const dayShiftsAndMovementsInput = z.object({ orgId: idSchema, propertyId: idSchema, date: dateSchema });

/** Internal: the shifts opened on a property's business date and its cash movements (not deleted), people named. */
export const dayShiftsAndMovements = api(
  { expose: false, method: "POST", path: "/finance/internal/day-shifts-and-movements" },
  async (req: DayCashieringRequest): Promise<{ shifts: ShiftLine[]; movements: MovementLine[] }> => {
    const f = parseInput(dayShiftsAndMovementsInput, req);
    const [shifts, movements] = await Promise.all([
      db.rawQueryAll<ShiftLine>(
        `SELECT ${SHIFT_COLUMNS} FROM cash_shifts s WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date = $3::date ORDER BY s.opened_at`,
        f.orgId, f.propertyId, f.date,
      ),
      db.queryAll<MovementLine>`
        SELECT m.id, m.movement_type AS "movementType", m.amount_cents AS "amountCents", m.cash_effect_cents AS "cashEffectCents",
               m.bank_effect_cents AS "bankEffectCents", m.status, m.description,
               json_build_object('id', m.created_by_user_id, 'displayName', NULL::text) AS "createdBy"
          FROM cash_movements m
         WHERE m.org_id = ${f.orgId} AND m.property_id = ${f.propertyId} AND m.business_date = ${f.date}::date AND m.deleted_at IS NULL
         ORDER BY m.created_at, m.id`,
    ]);
    await userNames.fill(f.orgId, movements.map((m) => m.createdBy));
    return {
      shifts: await namedShifts(f.orgId, shifts),
      movements: movements.map((m) => ({ ...m, amountCents: Number(m.amountCents), cashEffectCents: Number(m.cashEffectCents), bankEffectCents: Number(m.bankEffectCents) })),
    };
  },
);

interface ShiftRangeRequest { orgId: string; propertyId: string; from: string; to: string; userId?: string }

const shiftsInRangeInput = z.object({ orgId: idSchema, propertyId: idSchema, from: dateSchema, to: dateSchema, userId: idSchema.optional() });

/** Internal: every shift opened at the property in [from, to] (one cashier's when userId is given), oldest first, people named. */
export const shiftsInRange = api(
  { expose: false, method: "POST", path: "/finance/internal/shifts-in-range" },
  async (req: ShiftRangeRequest): Promise<{ shifts: ShiftLine[] }> => {
    const f = parseInput(shiftsInRangeInput, req);
    const shifts = await db.rawQueryAll<ShiftLine>(
      `SELECT ${SHIFT_COLUMNS} FROM cash_shifts s
        WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date BETWEEN $3::date AND $4::date
          AND ($5::uuid IS NULL OR s.user_id = $5::uuid)
        ORDER BY s.business_date, s.opened_at`,
      f.orgId, f.propertyId, f.from, f.to, f.userId ?? null,
    );
    return { shifts: await namedShifts(f.orgId, shifts) };
  },
);
