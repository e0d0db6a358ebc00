// Property-based test of the cash book: random histories of creates,
// approvals, rejections, edits, date moves, deletes, reversals/refunds and
// cash movements (backdated, over two
// properties in two time zones), with shifts opened and counted and days
// closed and reopened among them (events that move no money) go through the real API, outbox, pub/sub and
// fold; the table must equal a plain model computed from the source rows.
// The same model (one reference) then judges reconciliation (a corrupted
// book reconciled back from the source) and replay (a zeroed book rebuilt
// from the event store and swapped in). Then the same events, duplicated and
// reordered, are folded again from an empty cash book and must give the same table. fast-check prints the seed
// and the shrunk history of a failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Subscription } from "encore.dev/pubsub";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { financeEvents, type FinanceEvent } from "../finance/topics.ts";
import { createOrg, createUser, FIXTURE_EDITABLE_DAYS, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { foldEvents, SUBSCRIPTION } from "./projection.ts";
import { readRange, type CashBookRow } from "./cash-book.ts";
import { addDays } from "../shared/business-date.ts";

// Reconciliation judges a property at once instead of waiting for its source to settle.
process.env.RECONCILE_SETTLE_S = "0";
const db = SQLDatabase.named("hospitality");
const seen: FinanceEvent[] = [];
const _collector = new Subscription(financeEvents, "test-cash-book-collector", { handler: async (e: FinanceEvent) => { seen.push(e); }, maxConcurrency: 100 });

let app: TestApp;
let call: Call;
let org: Org;
let staff: Session;
let manager: Session;
let checker: Session;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [] });
  manager = await createUser(call, org, "manager");
  checker = await createUser(call, org, "manager");
});
afterAll(() => app?.stop());

type Op =
  | { t: "create"; kind: "revenue" | "expense"; prop: 0 | 1; amount: number; cash: boolean; day: number; hour: number; byManager: boolean }
  | { t: "approve" | "reject" | "delete"; i: number }
  | { t: "edit"; i: number; amount: number | null; day: number | null; hour: number; cash: boolean | null }
  | { t: "reverse"; i: number; amount: number | null; cash: boolean | null; byManager: boolean }
  | { t: "move"; type: "cash_drop" | "bank_deposit" | "float_top_up" | "paid_out"; prop: 0 | 1; amount: number; day: number; byManager: boolean }
  | { t: "shift"; prop: 0 | 1; amount: number }
  | { t: "day"; prop: 0 | 1; day: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant("create" as const), kind: fc.constantFrom("revenue" as const, "expense" as const), prop: fc.constantFrom(0 as const, 1 as const), amount: fc.integer({ min: 1, max: 50_000 }), cash: fc.boolean(), day: fc.integer({ min: 0, max: 9 }), hour: fc.integer({ min: 0, max: 23 }), byManager: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom("approve" as const, "reject" as const, "delete" as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("edit" as const), i: fc.nat(), amount: fc.option(fc.integer({ min: 1, max: 50_000 })), day: fc.option(fc.integer({ min: 0, max: 9 })), hour: fc.integer({ min: 0, max: 23 }), cash: fc.option(fc.boolean()) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("move" as const), type: fc.constantFrom("cash_drop" as const, "bank_deposit" as const, "float_top_up" as const, "paid_out" as const), prop: fc.constantFrom(0 as const, 1 as const), amount: fc.integer({ min: 1, max: 50_000 }), day: fc.integer({ min: 0, max: 9 }), byManager: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("reverse" as const), i: fc.nat(), amount: fc.option(fc.integer({ min: 1, max: 50_000 })), cash: fc.option(fc.boolean()), byManager: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("shift" as const), prop: fc.constantFrom(0 as const, 1 as const), amount: fc.integer({ min: 0, max: 50_000 }) }) },
  // Days after every entry's date (0–9), so a close never refuses an entry op and never waits on a pending one.
  { weight: 1, arbitrary: fc.record({ t: fc.constant("day" as const), prop: fc.constantFrom(0 as const, 1 as const), day: fc.integer({ min: 12, max: 14 }) }) },
);

// Around London's clock change (2026-10-25) so business dates cross DST.
const BASE = "2026-10-20";
const at = (day: number, hour: number) => `${addDays(BASE, day)}T${String(hour).padStart(2, "0")}:30:00Z`;

async function run(ops: Op[], props: string[]): Promise<void> {
  const made: { kind: string; id: string }[] = [];
  const openShift = new Map<number, string>();
  const closedDays = new Set<string>();
  for (const op of ops) {
    if (op.t === "shift") {
      // Opens the staff member's shift at the property, or counts and closes the open one.
      const open = openShift.get(op.prop);
      const r = open
        ? await call("POST", `/finance/shifts/${open}/close`, { token: staff.token, body: { countedCents: op.amount } })
        : await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: props[op.prop], floatCents: op.amount, blind: op.amount % 2 === 0 } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (open) openShift.delete(op.prop);
      else openShift.set(op.prop, r.body.id);
      continue;
    }
    if (op.t === "day") {
      // Closes the day (forced past any open shift), or reopens it when closed.
      const key = `${op.prop}|${op.day}`;
      const path = `/finance/days/${props[op.prop]}/${addDays(BASE, op.day)}`;
      const r = closedDays.has(key)
        ? await call("POST", `${path}/reopen`, { token: org.admin.token, body: { reason: "property test" } })
        : await call("POST", `${path}/close`, { token: manager.token, body: { force: true, reason: "property test" } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (closedDays.has(key)) closedDays.delete(key);
      else closedDays.add(key);
      continue;
    }
    if (op.t === "create") {
      const token = op.byManager ? manager.token : staff.token;
      const base = { propertyId: props[op.prop], amountCents: op.amount, paymentMode: op.cash ? "cash" : "bank", bankReference: op.cash ? null : "REF" };
      const r = op.kind === "revenue"
        ? await call("POST", "/finance/revenues", { token, body: { ...base, source: "room", occurredAt: at(op.day, op.hour) } })
        : await call("POST", "/finance/expenses", { token, body: { ...base, category: "other", expenseDate: addDays(BASE, op.day) } });
      expect(r.status).toBe(200);
      made.push({ kind: op.kind, id: r.body.id });
      continue;
    }
    if (op.t === "move") {
      const token = op.byManager ? manager.token : staff.token;
      const r = await call("POST", "/finance/movements", { token, body: { propertyId: props[op.prop], movementType: op.type, amountCents: op.amount, date: addDays(BASE, op.day), bankReference: "SLIP" } });
      expect(r.status).toBe(200);
      made.push({ kind: "movement", id: r.body.id });
      continue;
    }
    if (made.length === 0) continue;
    const t = made[op.i % made.length];
    // Movements are approved, rejected and deleted like entries, and never edited or reversed.
    if (t.kind === "movement" && (op.t === "edit" || op.t === "reverse")) continue;
    const path = t.kind === "movement" ? `/finance/movements/${t.id}` : `/finance/transactions/${t.kind}/${t.id}`;
    if (op.t === "approve") await call("POST", `${path}/approve`, { token: checker.token });
    else if (op.t === "reject") await call("POST", `${path}/reject`, { token: checker.token, body: { reason: "no" } });
    else if (op.t === "delete") await call("DELETE", path, { token: checker.token });
    else if (op.t === "edit") {
      const body: Record<string, unknown> = {};
      if (op.amount !== null) body.amountCents = op.amount;
      if (op.cash !== null) Object.assign(body, { paymentMode: op.cash ? "cash" : "bank", bankReference: op.cash ? null : "REF" });
      if (op.day !== null) body[t.kind === "revenue" ? "occurredAt" : "expenseDate"] = t.kind === "revenue" ? at(op.day, op.hour) : addDays(BASE, op.day);
      // An approved entry's money change needs a reason and sends it back for approval.
      await call("PATCH", path, { token: checker.token, body: { ...body, reason: "correction" } });
    } else if (op.t === "reverse") {
      // A reversal (or partial refund) on today's date; refused when the entry is not approved or too little is left.
      const body: Record<string, unknown> = { reason: "refund" };
      if (op.amount !== null) body.amountCents = op.amount;
      if (op.cash !== null) Object.assign(body, { paymentMode: op.cash ? "cash" : "bank", bankReference: op.cash ? null : "REF" });
      const r = await call("POST", `${path}/reverse`, { token: op.byManager ? manager.token : staff.token, body });
      if (r.status === 200) made.push({ kind: t.kind, id: r.body.id });
    }
  }
  // Reopened at the end: a closed day's figures are frozen against reconciliation (it reports instead of
  // correcting), and the reconciliation phase below corrupts and corrects every row.
  for (const key of closedDays) {
    const [prop, day] = key.split("|").map(Number);
    const r = await call("POST", `/finance/days/${props[prop]}/${addDays(BASE, day)}/reopen`, { token: org.admin.token, body: { reason: "property test" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}

/** The plain model: per-date sums of approved, not deleted source rows, chained from the opening cash. */
let phase = "";
async function expectMatchesModel(propertyId: string, openingCash: number) {
  const src = await db.queryAll<{ date: string; kind: string; mode: string; amount: number }>`
    SELECT business_date::text AS date, kind, payment_mode AS mode, signed_amount_cents AS amount FROM finance_transactions
     WHERE property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL`;
  const moved = await db.queryAll<{ date: string; cash: number; bank: number }>`
    SELECT business_date::text AS date, cash_effect_cents AS cash, bank_effect_cents AS bank FROM cash_movements
     WHERE property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL`;
  const flows = new Map<string, { ci: number; bi: number; co: number; bo: number; cm: number; bm: number }>();
  const flow = (date: string) => flows.get(date) ?? { ci: 0, bi: 0, co: 0, bo: 0, cm: 0, bm: 0 };
  for (const s of src) {
    const f = flow(s.date);
    const k = s.kind === "revenue" ? (s.mode === "cash" ? "ci" : "bi") : s.mode === "cash" ? "co" : "bo";
    f[k] += Number(s.amount);
    flows.set(s.date, f);
  }
  for (const m of moved) {
    const f = flow(m.date);
    f.cm += Number(m.cash);
    f.bm += Number(m.bank);
    flows.set(m.date, f);
  }
  const rows: CashBookRow[] = (await readRange(db, org.orgId, propertyId, "1900-01-01", "2999-12-31")).rows;
  const stored = new Set(rows.map((r) => r.date));
  for (const [date, f] of flows) if (f.ci || f.bi || f.co || f.bo || f.cm || f.bm) expect(stored.has(date), `date ${date} missing`).toBe(true);
  let closing = openingCash;
  rows.forEach((r, i) => {
    if (i > 0) expect(r.date, `dates are contiguous: ${rows.map((x) => x.date).join(" ")}; ${phase}`).toBe(addDays(rows[i - 1].date, 1));
    const f = flow(r.date);
    expect([r.cashReceivedCents, r.bankReceivedCents, r.cashExpensesCents, r.bankExpensesCents, r.cashMovedCents, r.bankMovedCents].map(Number), r.date)
      .toEqual([f.ci, f.bi, f.co, f.bo, f.cm, f.bm]);
    expect(r.openingBalanceCents, `opening ${r.date}`).toBe(closing);
    closing = r.openingBalanceCents + r.cashReceivedCents - r.cashExpensesCents + Number(r.cashMovedCents);
    expect(r.closingBalanceCents, `closing ${r.date}`).toBe(closing);
    expect(r.balanceDiscrepancyCents).toBe(0);
  });
}

describe("cash book projection (property-based)", () => {
  it("equals the model after random histories, and again after duplicated, reordered redelivery", async () => {
    staff = await createUser(call, org, "staff", []);
    let runNo = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.infiniteStream(fc.nat()), async (ops, randomness) => {
        runNo++;
        const props: string[] = [];
        const openings = [5_000 * runNo, 0];
        for (const [i, tz] of ["Asia/Kolkata", "Europe/London"].entries()) {
          props.push((await call("POST", "/properties", { token: org.admin.token, body: { name: `R${runNo}-${i}`, timezone: tz, openingCashCents: openings[i] } })).body.id);
          // Histories are dated weeks back: wider than the default editable window.
          await call("PATCH", `/finance/settings/${props[i]}`, { token: org.admin.token, body: { editableDays: FIXTURE_EDITABLE_DAYS } });
        }
        await call("PATCH", `/users/${staff.userId}`, { token: org.admin.token, body: { propertyIds: props } });
        await run(ops, props);
        await waitForProjection();
        phase = "incremental";
        for (const [i, p] of props.entries()) await expectMatchesModel(p, openings[i]);

        // Reconciliation: every stored row's flows and chain corrupted, then recomputed from the source.
        phase = "reconciled";
        await db.exec`UPDATE daily_cash_balances SET cash_expenses_cents = cash_expenses_cents + 700, bank_moved_cents = bank_moved_cents - 3,
                        opening_balance_cents = opening_balance_cents + 11, closing_balance_cents = closing_balance_cents - 689
                       WHERE property_id = ANY(${props}::uuid[])`;
        for (const [i, p] of props.entries()) {
          const r = await call("POST", "/reports/reconcile", { token: org.admin.token, body: { propertyId: p, from: addDays(BASE, -1) } });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          expect(r.body.skipped).toBeNull();
          await expectMatchesModel(p, openings[i]);
        }

        // Replay: the book zeroed, rebuilt from the event store and swapped in.
        phase = "replayed";
        await db.exec`UPDATE daily_cash_balances SET cash_received_cents = 0, bank_received_cents = 0, cash_expenses_cents = 0, bank_expenses_cents = 0,
                        cash_moved_cents = 0, bank_moved_cents = 0, opening_balance_cents = 0, closing_balance_cents = 0
                       WHERE property_id = ANY(${props}::uuid[])`;
        for (const [i, p] of props.entries()) {
          const r = await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: p, swap: true } });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          expect(r.body.swapped).toBe(true);
          await expectMatchesModel(p, openings[i]);
        }
        phase = "redelivered";

        // Fold the same events again from nothing: duplicated, shuffled, in uneven batches.
        const events = seen.filter((e) => props.includes(e.propertyId));
        await db.exec`DELETE FROM daily_cash_balances WHERE property_id = ANY(${props}::uuid[])`;
        // Forgetting that they were folded, including in the fold's count, so the pipeline's counters stay true for the next run.
        await db.exec`
          WITH forgotten AS (DELETE FROM processed_events WHERE subscription = ${SUBSCRIPTION} AND event_id = ANY(${events.map((e) => e.eventId)}::uuid[]) RETURNING 1)
          UPDATE cash_book_fold_progress SET folded_total = folded_total - (SELECT count(*) FROM forgotten)`;
        const it = randomness[Symbol.iterator]();
        const next = () => it.next().value as number;
        const redelivered = [...events, ...events.filter(() => next() % 3 === 0)];
        for (let i = redelivered.length - 1; i > 0; i--) {
          const j = next() % (i + 1);
          [redelivered[i], redelivered[j]] = [redelivered[j], redelivered[i]];
        }
        const batches: FinanceEvent[][] = [];
        for (let i = 0; i < redelivered.length;) {
          const n = 1 + (next() % 5);
          batches.push(redelivered.slice(i, i + n));
          i += n;
        }
        await Promise.all(batches.map((b) => foldEvents(b)));
        for (const [i, p] of props.entries()) await expectMatchesModel(p, openings[i]);
      }),
      { numRuns: Number(process.env.PBT_RUNS ?? 12), endOnFailure: true, ...(process.env.PBT_SEED ? { seed: Number(process.env.PBT_SEED), path: process.env.PBT_PATH } : {}) },
    );
  }, 240_000);
});
