// Day close: a property's business date closed after review takes no more
// finance writes, and neither does any date before the property's editable
// window. Every write path calls assertDatesOpen inside its transaction; the
// close takes the same per-property row exclusively, so a write racing a
// close either commits before the close reads the day or waits for it and is
// then refused.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { requirePropertyAccess, requireRole } from "../shared/authz.ts";
import { addDays, todayIn } from "../shared/business-date.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { listShifts, openShiftsThrough, type Shift } from "./shifts.ts";
import { userNames } from "./user-names.ts";
import { propertyFacts } from "./property-facts.ts";
import type { PropertyFacts } from "../shared/property-facts.ts";
import { holdPropertyWritesSql } from "../shared/property-write-lock.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { appendOutbox, outboxRelay } from "./outbox.ts";
import type { DayCloseFigures, DayEvent, DayEventType, DaySnapshot } from "./topics.ts";

/** The editable window when a property has not set one: Mews allows at most 7 days of history. */
export const DEFAULT_EDITABLE_DAYS = 7;

export interface PropertySettings { propertyId: string; editableDays: number; timezone: string }

/** The day's approved figures from the source, as frozen in a close. */
export interface DayFigures {
  approvedCount: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
}

export interface DayClose extends DayFigures {
  propertyId: string;
  businessDate: string;
  closedAt: string;
  closedBy: { id: string; displayName: string | null };
  note: string | null;
  forcedReason: string | null;
}

export interface DayLogEntry {
  id: string;
  businessDate: string;
  action: "closed" | "reopened";
  reason: string | null;
  actor: { id: string; displayName: string | null };
  at: string;
}

export interface PendingEntry { kind: string; id: string; amountCents: number; paymentMode: string; createdBy: { id: string; displayName: string | null } }

type LockMode = "FOR KEY SHARE" | "FOR UPDATE";

/**
 * Locks one property's settings row (creating it on first use) and returns
 * the settings: a close or reopen takes it exclusively; writes take it shared
 * through judge() below.
 */
async function lockSettings(q: Queryer, orgId: string, propertyId: string, mode: LockMode): Promise<PropertySettings | null> {
  // The property's zone comes from auth (property-facts.ts); an unknown property, or another organisation's, has no settings.
  const facts = await propertyFacts.factOf(orgId, propertyId);
  if (!facts) return null;
  const read = () => q.rawQueryRow<Omit<PropertySettings, "timezone">>(
    `SELECT s.property_id AS "propertyId", s.editable_days AS "editableDays"
       FROM finance_property_settings s WHERE s.org_id = $1 AND s.property_id = $2 ${mode} OF s`,
    orgId, propertyId,
  );
  let found = await read();
  if (!found) {
    // A property created after migration 12: its row appears on its first finance write.
    await q.exec`INSERT INTO finance_property_settings (org_id, property_id) VALUES (${orgId}, ${propertyId}) ON CONFLICT DO NOTHING`;
    found = await read();
  }
  return found && { ...found, timezone: facts.timezone };
}

/** The earliest business date the window still allows to be written. */
export function earliestOpenDate(s: Pick<PropertySettings, "editableDays" | "timezone">, now = new Date()): string {
  return addDays(todayIn(s.timezone, now), -s.editableDays);
}

function outsideWindow(date: string, earliest: string, editableDays: number): APIError {
  return APIError.failedPrecondition(
    `${date} is outside this property's editable window of ${editableDays} days (the earliest date open for changes is ${earliest}); ` +
    `an approved entry from then is corrected by a reversal on an open date`,
  ).withDetails({ reason: "outside_editable_window", date, earliestOpenDate: earliest, editableDays });
}

function closedDay(date: string): APIError {
  return APIError.failedPrecondition(
    `${date} is closed: entries dated on a closed day cannot be created, changed, approved, rejected or deleted; ` +
    `an admin can reopen the day, or an approved entry can be corrected by a reversal on an open date`,
  ).withDetails({ reason: "day_closed", date });
}

/**
 * A finance write: the property and the business date it writes on, and for a
 * create, the time zone that date was computed in (a write whose property has
 * another zone now is not judged here: judgeCreates reports the zone it
 * found, and the create is retried with it).
 */
export interface DatedWrite { orgId: string; propertyId: string; date: string; timezone?: string }

/**
 * The day-close rule, for any number of writes in one transaction: takes each
 * property's settings row FOR KEY SHARE, in key order, creating it on a
 * property's first finance write (and the property row, so a currency change,
 * which locks it FOR UPDATE, waits for the writes or they for it); a close
 * takes the settings row FOR UPDATE, so a write racing a close either commits
 * before the close reads the day or waits for it and is then refused. Answers
 * for each write its refusal (failed_precondition naming the date: closed,
 * or before the editable window) or null, and which properties exist.
 */
async function judge(q: Queryer, writes: DatedWrite[]): Promise<{ refusals: (APIError | null)[]; found: Map<string, { timezone: string; archived: boolean }> }> {
  const key = (w: { orgId: string; propertyId: string }) => `${w.orgId}|${w.propertyId}`;
  const keys = [...new Map(writes.map((w) => [key(w), w])).values()];
  const orgs = keys.map((k) => k.orgId), props = keys.map((k) => k.propertyId);
  // Zone and archived flag from auth (property-facts.ts, cached); a property it does not know in the organisation is not found.
  const facts = new Map<string, PropertyFacts>();
  for (const orgId of new Set(orgs)) {
    for (const [id, f] of await propertyFacts.factsOf(orgId, keys.filter((k) => k.orgId === orgId).map((k) => k.propertyId))) facts.set(`${orgId}|${id}`, f);
  }
  const known = keys.filter((k) => facts.has(key(k)));
  // Each row also takes its property's write lock, held to the end of the write's transaction:
  // auth's currency change waits for it (shared/property-write-lock.ts).
  const lock = () => q.rawQueryAll<{ orgId: string; propertyId: string; editableDays: number }>(
    `SELECT s.org_id AS "orgId", s.property_id AS "propertyId", s.editable_days AS "editableDays", ${holdPropertyWritesSql("s.org_id", "s.property_id")} AS held
       FROM finance_property_settings s
      WHERE (s.org_id, s.property_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
      ORDER BY s.org_id, s.property_id
        FOR KEY SHARE OF s`,
    known.map((k) => k.orgId), known.map((k) => k.propertyId),
  );
  let rows = known.length > 0 ? await lock() : [];
  if (rows.length < known.length) {
    // Properties created after migration 12 get their row on their first finance write.
    await q.exec`
      INSERT INTO finance_property_settings (org_id, property_id)
      SELECT * FROM unnest(${known.map((k) => k.orgId)}::uuid[], ${known.map((k) => k.propertyId)}::uuid[])
      ON CONFLICT DO NOTHING`;
    rows = await lock();
  }
  const settings = rows.map((r) => ({ ...r, timezone: facts.get(key(r))!.timezone, archived: facts.get(key(r))!.archived }));
  const byKey = new Map(settings.map((x) => [key(x), x]));
  // A statement after the lock: it reads a snapshot taken once any close we waited for has committed.
  const closed = new Set((await q.queryAll<{ k: string }>`
    SELECT c.org_id::text || '|' || c.property_id::text || '|' || c.business_date::text AS k
      FROM business_day_closes c
      JOIN unnest(${writes.map((w) => w.orgId)}::uuid[], ${writes.map((w) => w.propertyId)}::uuid[], ${writes.map((w) => w.date)}::date[]) AS w(o, p, d)
        ON c.org_id = w.o AND c.property_id = w.p AND c.business_date = w.d`).map((r) => r.k));
  const refusals = writes.map((w) => {
    const st = byKey.get(key(w));
    if (!st || (w.timezone !== undefined && st.timezone !== w.timezone)) return null;
    const earliest = earliestOpenDate(st);
    if (w.date < earliest) return outsideWindow(w.date, earliest, st.editableDays);
    return closed.has(`${key(w)}|${w.date}`) ? closedDay(w.date) : null;
  });
  return { refusals, found: new Map([...byKey].map(([k, st]) => [k, { timezone: st.timezone, archived: st.archived }])) };
}

/** What the batch's check found for one create: its refusal or null, and its property's zone (null: not the organisation's) and archived flag. */
export interface CreateJudgement { refusal: APIError | null; timezone: string | null; archived: boolean }

/**
 * The create batcher's form, for writes that carry the zone their date was
 * computed in: what it found for each. A create is written only with no
 * refusal, its zone still the property's and the property not archived.
 */
export async function judgeCreates(q: Queryer, writes: Required<DatedWrite>[]): Promise<CreateJudgement[]> {
  if (writes.length === 0) return [];
  const { refusals, found } = await judge(q, writes);
  return writes.map((w, k) => {
    const p = found.get(`${w.orgId}|${w.propertyId}`);
    return { refusal: refusals[k]!, timezone: p?.timezone ?? null, archived: p?.archived ?? false };
  });
}

/**
 * One write path's form: throws the refusal for the earliest refused date
 * among `dates` (or not_found for a property that is not the organisation's).
 * Call it inside the write's transaction, before the write.
 */
export async function assertDatesOpen(q: Queryer, orgId: string, propertyId: string, dates: string[]): Promise<void> {
  const sorted = [...new Set(dates)].sort();
  const { refusals, found } = await judge(q, sorted.map((date) => ({ orgId, propertyId, date })));
  if (!found.has(`${orgId}|${propertyId}`)) throw APIError.notFound(`property ${propertyId} not found`);
  const refused = refusals.find((r) => r !== null);
  if (refused) throw refused;
}

async function settingsFor(q: Queryer, auth: AuthData, propertyId: string, mode: LockMode): Promise<PropertySettings> {
  requirePropertyAccess(auth, propertyId);
  const s = await lockSettings(q, auth.orgId, propertyId, mode);
  if (!s) throw APIError.notFound(`property ${propertyId} not found`);
  return s;
}

const CLOSE_COLUMNS = `c.property_id AS "propertyId", c.business_date::text AS "businessDate",
  ${isoUtc("c.closed_at")} AS "closedAt",
  json_build_object('id', c.closed_by_user_id, 'displayName', NULL::text) AS "closedBy",
  c.note, c.forced_reason AS "forcedReason", c.approved_count AS "approvedCount",
  c.cash_received_cents AS "cashReceivedCents", c.bank_received_cents AS "bankReceivedCents",
  c.cash_expenses_cents AS "cashExpensesCents", c.bank_expenses_cents AS "bankExpensesCents"`;

const numbers = (c: DayClose): DayClose => ({
  ...c, cashReceivedCents: Number(c.cashReceivedCents), bankReceivedCents: Number(c.bankReceivedCents),
  cashExpensesCents: Number(c.cashExpensesCents), bankExpensesCents: Number(c.bankExpensesCents),
});

async function readClose(q: Queryer, orgId: string, propertyId: string, date: string): Promise<DayClose | null> {
  const c = await q.rawQueryRow<DayClose>(
    `SELECT ${CLOSE_COLUMNS} FROM business_day_closes c
      WHERE c.org_id = $1 AND c.property_id = $2 AND c.business_date = $3::date`,
    orgId, propertyId, date,
  );
  return c && numbers(c);
}

/** Closes with the closer's name, which auth owns (user-names.ts): filled after the close's transaction. */
async function withCloserNames<T extends DayClose | DayClose[] | null>(orgId: string, c: T): Promise<T> {
  if (c) await userNames.fill(orgId, (Array.isArray(c) ? c : [c]).map((x) => x.closedBy));
  return c;
}

/** Pending entries with their creators' names (a refused close names them; none pending costs no lookup). */
async function pendingOn(q: Queryer, orgId: string, propertyId: string, date: string): Promise<PendingEntry[]> {
  const rows = await q.queryAll<PendingEntry>`
    SELECT t.kind, t.id, t.amount_cents AS "amountCents", t.payment_mode AS "paymentMode",
           json_build_object('id', t.created_by_user_id, 'displayName', NULL::text) AS "createdBy"
      FROM finance_transactions t
     WHERE t.org_id = ${orgId} AND t.property_id = ${propertyId} AND t.business_date = ${date}::date
       AND t.status = 'pending' AND t.deleted_at IS NULL
    UNION ALL
    SELECT 'movement', m.id, m.amount_cents, 'cash', json_build_object('id', m.created_by_user_id, 'displayName', NULL::text)
      FROM cash_movements m
     WHERE m.org_id = ${orgId} AND m.property_id = ${propertyId} AND m.business_date = ${date}::date
       AND m.status = 'pending' AND m.deleted_at IS NULL
     ORDER BY 2`;
  await userNames.fill(orgId, rows.map((r) => r.createdBy));
  return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents) }));
}

async function figuresOn(q: Queryer, orgId: string, propertyId: string, date: string): Promise<DayFigures> {
  const f = await q.queryRow<DayFigures>`
    SELECT count(*)::int AS "approvedCount",
           COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'revenue' AND payment_mode = 'cash'), 0)::int8 AS "cashReceivedCents",
           COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'revenue' AND payment_mode = 'bank'), 0)::int8 AS "bankReceivedCents",
           COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'expense' AND payment_mode = 'cash'), 0)::int8 AS "cashExpensesCents",
           COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'expense' AND payment_mode = 'bank'), 0)::int8 AS "bankExpensesCents"
      FROM finance_transactions
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND business_date = ${date}::date
       AND status = 'approved' AND deleted_at IS NULL`;
  return {
    approvedCount: f!.approvedCount, cashReceivedCents: Number(f!.cashReceivedCents), bankReceivedCents: Number(f!.bankReceivedCents),
    cashExpensesCents: Number(f!.cashExpensesCents), bankExpensesCents: Number(f!.bankExpensesCents),
  };
}

/** Shifts opened on the day (a close's event says how many it saw). */
async function shiftsOpenedOn(q: Queryer, orgId: string, propertyId: string, date: string): Promise<number> {
  const r = await q.queryRow<{ n: number }>`
    SELECT count(*)::int AS n FROM cash_shifts WHERE org_id = ${orgId} AND property_id = ${propertyId} AND business_date = ${date}::date`;
  return r!.n;
}

/** A close or reopen as a finance event; it goes into the outbox in the transaction that writes its log entry. */
function dayEvent(auth: AuthData, propertyId: string, type: DayEventType, logEntryId: string, day: DaySnapshot, reason: string | null): DayEvent {
  return {
    eventId: newId(), type, orgId: auth.orgId, propertyId, kind: "day", logEntryId, version: 1,
    actorUserId: auth.userID, occurredAt: new Date().toISOString(), day, reason,
  };
}

const formatPending = (p: PendingEntry[]) => p.slice(0, 10).map((e) => `${e.kind} ${e.id}`).join(", ") + (p.length > 10 ? `, and ${p.length - 10} more` : "");

export interface CloseOptions { note?: string | null; force?: boolean; reason?: string | null }

/**
 * Closes a day (manager or admin). Idempotent: closing a closed day returns
 * its close. Refused while entries on the day are pending (the message names
 * them) and for a date that has not begun in the property's time zone.
 */
export async function closeDay(auth: AuthData, propertyId: string, date: string, opts: CloseOptions = {}): Promise<{ close: DayClose; alreadyClosed: boolean }> {
  requireRole(auth, "admin", "manager");
  if (opts.force && !opts.reason) throw APIError.invalidArgument("reason: is required to force a close").withDetails({ field: "reason" });
  const done = await withDbErrors(async () => {
    await using tx = await db.begin();
    const s = await settingsFor(tx, auth, propertyId, "FOR UPDATE");
    const existing = await readClose(tx, auth.orgId, propertyId, date);
    if (existing) return { close: existing, alreadyClosed: true };
    const today = todayIn(s.timezone);
    if (date > today) throw APIError.failedPrecondition(`${date} has not begun yet in ${s.timezone} (today is ${today}); only a day that has begun can be closed`).withDetails({ reason: "future_date", date });
    const pending = await pendingOn(tx, auth.orgId, propertyId, date);
    if (pending.length > 0) {
      throw APIError.failedPrecondition(
        `${date} cannot be closed: ${pending.length} pending ${pending.length === 1 ? "entry" : "entries"} on it must be approved, rejected or moved first (${formatPending(pending)})`,
      ).withDetails({ reason: "pending_entries", date, pending });
    }
    const open = await openShiftsThrough(tx, auth.orgId, propertyId, date);
    if (open.length > 0 && !opts.force) {
      throw APIError.failedPrecondition(
        `${date} cannot be closed: ${open.length} shift${open.length === 1 ? " is" : "s are"} still open (${open.map((s) => `${s.cashier ?? "a cashier"}'s from ${s.businessDate}`).join(", ")}); ` +
        `count and close ${open.length === 1 ? "it" : "them"} first, or force the close with a reason`,
      ).withDetails({ reason: "open_shifts", date, shifts: open });
    }
    const f = await figuresOn(tx, auth.orgId, propertyId, date);
    const shiftCount = await shiftsOpenedOn(tx, auth.orgId, propertyId, date);
    await tx.exec`
      INSERT INTO business_day_closes (org_id, property_id, business_date, closed_by_user_id, note, forced_reason,
                                       approved_count, cash_received_cents, bank_received_cents, cash_expenses_cents, bank_expenses_cents)
      VALUES (${auth.orgId}, ${propertyId}, ${date}::date, ${auth.userID}, ${opts.note ?? null}, ${opts.force ? opts.reason ?? null : null},
              ${f.approvedCount}, ${f.cashReceivedCents}, ${f.bankReceivedCents}, ${f.cashExpensesCents}, ${f.bankExpensesCents})`;
    const logEntryId = newId();
    await tx.exec`
      INSERT INTO business_day_log (id, org_id, property_id, business_date, action, reason, actor_user_id)
      VALUES (${logEntryId}, ${auth.orgId}, ${propertyId}, ${date}::date, 'closed', ${opts.force ? opts.reason ?? null : opts.note ?? null}, ${auth.userID})`;
    const figures: DayCloseFigures = { ...f, shiftCount, openShiftCount: open.length };
    await appendOutbox(tx, [dayEvent(auth, propertyId, "day.closed", logEntryId,
      { businessDate: date, closed: true, figures, note: opts.note ?? null, forced: opts.force === true }, opts.force ? opts.reason ?? null : null)]);
    const close = (await readClose(tx, auth.orgId, propertyId, date))!;
    await tx.commit();
    outboxRelay.nudge();
    return { close, alreadyClosed: false };
  });
  return { ...done, close: await withCloserNames(auth.orgId, done.close) };
}

/** Reopens a closed day (admin only, with a reason; the reopen is logged). */
export async function reopenDay(auth: AuthData, propertyId: string, date: string, reason: string): Promise<void> {
  requireRole(auth, "admin");
  await withDbErrors(async () => {
    await using tx = await db.begin();
    await settingsFor(tx, auth, propertyId, "FOR UPDATE");
    const gone = await tx.queryRow<{ ok: number }>`
      DELETE FROM business_day_closes WHERE org_id = ${auth.orgId} AND property_id = ${propertyId} AND business_date = ${date}::date RETURNING 1 AS ok`;
    if (!gone) throw APIError.failedPrecondition(`${date} is not closed, so there is nothing to reopen`).withDetails({ reason: "not_closed", date });
    const logEntryId = newId();
    await tx.exec`
      INSERT INTO business_day_log (id, org_id, property_id, business_date, action, reason, actor_user_id)
      VALUES (${logEntryId}, ${auth.orgId}, ${propertyId}, ${date}::date, 'reopened', ${reason}, ${auth.userID})`;
    await appendOutbox(tx, [dayEvent(auth, propertyId, "day.reopened", logEntryId, { businessDate: date, closed: false, figures: null, note: null, forced: false }, reason)]);
    await tx.commit();
  });
  outboxRelay.nudge();
}

export interface DayState {
  propertyId: string;
  businessDate: string;
  /** open: writable; closed: closed by a manager; locked: before the editable window. */
  state: "open" | "closed" | "locked";
  earliestOpenDate: string;
  close: DayClose | null;
  pending: PendingEntry[];
  figures: DayFigures;
  /** Shifts opened on the day, with their over/short. */
  shifts: Shift[];
  log: DayLogEntry[];
}

/** What the close-day review shows: the day's state, pending entries, approved figures and close history. */
export async function dayState(auth: AuthData, propertyId: string, date: string): Promise<DayState> {
  const s = await settingsFor(db, auth, propertyId, "FOR KEY SHARE");
  const [close, pending, figures, log, shifts] = await Promise.all([
    readClose(db, auth.orgId, propertyId, date), pendingOn(db, auth.orgId, propertyId, date), figuresOn(db, auth.orgId, propertyId, date),
    dayLog(db, auth.orgId, propertyId, date, date), listShifts(auth, propertyId, date, date),
  ]);
  const earliest = earliestOpenDate(s);
  return { propertyId, businessDate: date, state: close ? "closed" : date < earliest ? "locked" : "open", earliestOpenDate: earliest, close: await withCloserNames(auth.orgId, close), pending, figures, shifts, log };
}

async function dayLog(q: Queryer, orgId: string, propertyId: string, from: string, to: string): Promise<DayLogEntry[]> {
  const log = await q.rawQueryAll<DayLogEntry>(
    `SELECT l.id, l.business_date::text AS "businessDate", l.action, l.reason,
            json_build_object('id', l.actor_user_id, 'displayName', NULL::text) AS actor, ${isoUtc("l.at")} AS at
       FROM business_day_log l
      WHERE l.org_id = $1 AND l.property_id = $2 AND l.business_date BETWEEN $3::date AND $4::date
      ORDER BY l.at, l.id`,
    orgId, propertyId, from, to,
  );
  await userNames.fill(orgId, log.map((l) => l.actor));
  return log;
}

/** Closed days in [from, to] with every close and reopen logged for them. */
export async function listDays(auth: AuthData, propertyId: string, from: string, to: string): Promise<{ closes: DayClose[]; log: DayLogEntry[]; earliestOpenDate: string }> {
  const s = await settingsFor(db, auth, propertyId, "FOR KEY SHARE");
  const [closes, log] = await Promise.all([
    db.rawQueryAll<DayClose>(
      `SELECT ${CLOSE_COLUMNS} FROM business_day_closes c
        WHERE c.org_id = $1 AND c.property_id = $2 AND c.business_date BETWEEN $3::date AND $4::date ORDER BY c.business_date`,
      auth.orgId, propertyId, from, to,
    ),
    dayLog(db, auth.orgId, propertyId, from, to),
  ]);
  return { closes: await withCloserNames(auth.orgId, closes.map(numbers)), log, earliestOpenDate: earliestOpenDate(s) };
}

/** Closed dates of a property in [from, to] (reports and reconciliation read them). */
export async function closedDates(q: Queryer, orgId: string, propertyId: string, from: string, to: string): Promise<string[]> {
  const rows = await q.queryAll<{ date: string }>`
    SELECT business_date::text AS date FROM business_day_closes
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND business_date BETWEEN ${from}::date AND ${to}::date ORDER BY 1`;
  return rows.map((r) => r.date);
}

export async function getSettings(auth: AuthData, propertyId: string): Promise<PropertySettings & { earliestOpenDate: string }> {
  const s = await settingsFor(db, auth, propertyId, "FOR KEY SHARE");
  return { ...s, earliestOpenDate: earliestOpenDate(s) };
}

/** Sets the editable window (admin). */
export async function updateSettings(auth: AuthData, propertyId: string, editableDays: number): Promise<PropertySettings & { earliestOpenDate: string }> {
  requireRole(auth, "admin");
  return withDbErrors(async () => {
    await using tx = await db.begin();
    await settingsFor(tx, auth, propertyId, "FOR UPDATE");
    await tx.exec`
      UPDATE finance_property_settings SET editable_days = ${editableDays}, updated_at = now(), updated_by_user_id = ${auth.userID}
       WHERE org_id = ${auth.orgId} AND property_id = ${propertyId}`;
    const s = (await lockSettings(tx, auth.orgId, propertyId, "FOR KEY SHARE"))!;
    await tx.commit();
    return { ...s, earliestOpenDate: earliestOpenDate(s) };
  });
}
