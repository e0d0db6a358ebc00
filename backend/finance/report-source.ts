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

const reportDayInput = z.object({ orgId: idSchema, propertyId: idSchema, date: dateSchema, fromReplica: replicaFlag });

/** A business date as the daily report shows it from finance's tables. */
export interface ReportDay { transactions: ReportTransaction[]; dayClose: DayCloseState; shifts: ShiftLine[]; movements: MovementLine[] }

/**
 * Internal: a property's business date in one statement (finance_report_day,
 * migration 36; one round trip for an uncached daily report, not four): its
 * entries (not deleted) in the order the report lists them, its close state,
 * the shifts opened on it and its cash movements (not deleted), people named.
 */
export const reportDay = api(
  { expose: false, method: "POST", path: "/finance/internal/report-day" },
  async (req: DayRequest): Promise<ReportDay> => {
    const f = parseInput(reportDayInput, req);
    // One statement: the day's four parts, built in SQL (migration 36 says why in a function).
    const row = await reader(f.fromReplica).queryRow<{ day: Omit<ReportDay, "dayClose"> & { dayClose: DayCloseState | null } }>`
      SELECT finance_report_day(${f.orgId}::uuid, ${f.propertyId}::uuid, ${f.date}::date) AS day`;
    const { transactions, dayClose, shifts, movements } = row!.day;
    await userNames.fill(f.orgId, [
      ...transactions.map((t) => t.createdBy), dayClose?.closedBy, ...shifts.flatMap((s) => [s.cashier, s.signedOffBy]), ...movements.map((m) => m.createdBy),
    ]);
    return { transactions, dayClose: dayClose ?? NOT_CLOSED, shifts, movements };
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

interface ShiftRangeRequest { orgId: string; propertyId: string; from: string; to: string; userId?: string }

const shiftsInRangeInput = z.object({ orgId: idSchema, propertyId: idSchema, from: dateSchema, to: dateSchema, userId: idSchema.optional() });

/** Internal: every shift opened at the property in [from, to] (one cashier's when userId is given), oldest first, people named. */
export const shiftsInRange = api(
  { expose: false, method: "POST", path: "/finance/internal/shifts-in-range" },
  async (req: ShiftRangeRequest): Promise<{ shifts: ShiftLine[] }> => {
    const f = parseInput(shiftsInRangeInput, req);
    const rows = await db.rawQueryAll<{ shift: ShiftLine }>(
      `SELECT finance_shift_json(s) AS shift FROM cash_shifts s
        WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date BETWEEN $3::date AND $4::date
          AND ($5::uuid IS NULL OR s.user_id = $5::uuid)
        ORDER BY s.business_date, s.opened_at`,
      f.orgId, f.propertyId, f.from, f.to, f.userId ?? null,
    );
    const shifts = rows.map((r) => r.shift);
    await userNames.fill(f.orgId, shifts.flatMap((s) => [s.cashier, s.signedOffBy]));
    return { shifts };
  },
);
