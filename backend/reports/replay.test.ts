// Projection replay: a randomly generated history made through the finance
// API, rebuilt from domain_events, must equal the incremental projection
// (reports' daily_cash_balances) and a reference computed here from the
// source tables; drift in the live table is reported and swapped away.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { addDays } from "../shared/business-date.ts";
import { APP_ROOT } from "../standalone/runtime/host.ts";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";

const db = SQLDatabase.named("hospitality");
const run = promisify(execFile);

let app: TestApp;
let call: Call;
let org: Org;
let other: Org;
let staff: Session;
let manager: Session;
let manager2: Session;
const opening: Record<string, number> = {};

/** Deterministic PRNG (mulberry32) so a failing history can be reproduced from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tx { kind: "revenue" | "expense"; id: string; status: string; deleted: boolean; createdBy: string; moneyEditedBy: string[] }

/** Creates, approves, rejects, edits (amount, mode, date) and deletes at random; returns how many API calls succeeded. */
async function randomHistory(seed: number, steps: number): Promise<number> {
  const rnd = prng(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const day = () => addDays("2025-03-01", Math.floor(rnd() * 12));
  const txs: Tx[] = [];
  let ok = 0;
  for (let i = 0; i < steps; i++) {
    const r = rnd();
    const live = txs.filter((t) => !t.deleted && t.status !== "rejected");
    // Maker-checker: neither the creator nor anyone who changed the money may decide an entry.
    const reviewer = (t: Tx) => [manager, manager2].find((m) => m.userId !== t.createdBy && !t.moneyEditedBy.includes(m.userId));
    const pending = live.filter((t) => t.status === "pending" && reviewer(t));
    const approved = live.filter((t) => t.status === "approved");
    let res: { status: number; body: any };
    if (r < 0.4 || live.length === 0) {
      const kind = rnd() < 0.6 ? "revenue" : "expense";
      const who = rnd() < 0.6 ? staff : manager;
      const mode = rnd() < 0.6 ? "cash" : "bank";
      const base = { propertyId: pick(org.properties).id, amountCents: 100 + Math.floor(rnd() * 100_000), paymentMode: mode, bankReference: mode === "bank" ? `UTR${i}` : null };
      res = kind === "revenue"
        ? await call("POST", "/finance/revenues", { token: who.token, body: { ...base, source: "room", occurredAt: `${day()}T06:00:00Z` } })
        : await call("POST", "/finance/expenses", { token: who.token, body: { ...base, category: "supplies", expenseDate: day() } });
      if (res.status === 200) txs.push({ kind, id: res.body.id, status: res.body.status, deleted: false, createdBy: who.userId, moneyEditedBy: [] });
    } else if (r < 0.6 && pending.length > 0) {
      const t = pick(pending);
      const approver = reviewer(t)!;
      res = await call("POST", `/finance/transactions/${t.kind}/${t.id}/approve`, { token: approver.token });
      if (res.status === 200) t.status = "approved";
    } else if (r < 0.68 && pending.length > 0) {
      const t = pick(pending);
      const approver = reviewer(t)!;
      res = await call("POST", `/finance/transactions/${t.kind}/${t.id}/reject`, { token: approver.token, body: { reason: "duplicate" } });
      if (res.status === 200) t.status = "rejected";
    } else if (r < 0.88 && approved.length > 0) {
      const t = pick(approved);
      const change: Record<string, unknown> = {};
      if (rnd() < 0.6) change.amountCents = 100 + Math.floor(rnd() * 100_000);
      if (rnd() < 0.5) {
        if (t.kind === "revenue") change.occurredAt = `${day()}T06:00:00Z`;
        else change.expenseDate = day();
      }
      if (rnd() < 0.3) Object.assign(change, { paymentMode: "bank", bankReference: `EDIT${i}` });
      // Changing an approved entry's money needs a reason and sends it back for approval (the response says whether it did).
      res = await call("PATCH", `/finance/transactions/${t.kind}/${t.id}`, { token: manager.token, body: { ...change, reason: "correction" } });
      if (res.status === 200 && res.body.status === "pending") { t.status = "pending"; t.moneyEditedBy.push(manager.userId); }
    } else {
      const t = pick(live);
      res = await call("DELETE", `/finance/transactions/${t.kind}/${t.id}`, { token: manager.token });
      if (res.status === 200) t.deleted = true;
    }
    if (res.status === 200) ok++;
    else throw new Error(`step ${i} failed: ${JSON.stringify(res.body)}`);
  }
  return ok;
}

interface LiveRow { propertyId: string; date: string; opening: number; cr: number; br: number; ce: number; be: number; closing: number; calc: number | null }

async function liveRows(orgId: string): Promise<LiveRow[]> {
  return db.queryAll<LiveRow>`
    SELECT property_id::text AS "propertyId", balance_date::text AS date, opening_balance_cents AS opening, cash_received_cents AS cr,
           bank_received_cents AS br, cash_expenses_cents AS ce, bank_expenses_cents AS be, closing_balance_cents AS closing,
           calculated_closing_balance_cents AS calc
      FROM daily_cash_balances WHERE org_id = ${orgId} ORDER BY property_id, balance_date`;
}

/** The cash-book rules applied in plain code to the source tables (approved, not deleted). */
async function assertMatchesSource(rows: LiveRow[]) {
  const source = await db.queryAll<{ propertyId: string; date: string; cr: number; br: number; ce: number; be: number }>`
    SELECT property_id::text AS "propertyId", business_date::text AS date,
           sum(CASE WHEN kind = 'revenue' AND payment_mode = 'cash' THEN amount_cents ELSE 0 END)::bigint AS cr,
           sum(CASE WHEN kind = 'revenue' AND payment_mode = 'bank' THEN amount_cents ELSE 0 END)::bigint AS br,
           sum(CASE WHEN kind = 'expense' AND payment_mode = 'cash' THEN amount_cents ELSE 0 END)::bigint AS ce,
           sum(CASE WHEN kind = 'expense' AND payment_mode = 'bank' THEN amount_cents ELSE 0 END)::bigint AS be
      FROM finance_transactions WHERE org_id = ${org.orgId} AND status = 'approved' AND deleted_at IS NULL
     GROUP BY 1, 2`;
  const key = (p: string, d: string) => `${p}|${d}`;
  const flows = new Map(source.map((s) => [key(s.propertyId, s.date), s]));
  for (const p of org.properties) {
    const mine = rows.filter((r) => r.propertyId === p.id);
    const sourceDates = source.filter((s) => s.propertyId === p.id && (s.cr || s.br || s.ce || s.be)).map((s) => s.date).sort();
    if (mine.length === 0) {
      expect(sourceDates).toEqual([]);
      continue;
    }
    // Contiguous from the first to the last stored date, covering every date with money on it.
    for (let i = 1; i < mine.length; i++) expect(mine[i].date).toBe(addDays(mine[i - 1].date, 1));
    if (sourceDates.length) {
      expect(sourceDates[0] >= mine[0].date).toBe(true);
      expect(sourceDates[sourceDates.length - 1] <= mine[mine.length - 1].date).toBe(true);
    }
    let carried = opening[p.id];
    for (const r of mine) {
      const f = flows.get(key(p.id, r.date)) ?? { cr: 0, br: 0, ce: 0, be: 0 };
      expect({ date: r.date, opening: r.opening, cr: r.cr, br: r.br, ce: r.ce, be: r.be, closing: r.closing })
        .toEqual({ date: r.date, opening: carried, cr: f.cr, br: f.br, ce: f.ce, be: f.be, closing: carried + f.cr - f.ce });
      carried = r.closing;
    }
  }
}

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Mumbai", timezone: "Asia/Kolkata", openingCashCents: 2_500_000 }, { name: "London", timezone: "Europe/London", currency: "GBP" }, { name: "Goa", timezone: "Asia/Kolkata", openingCashCents: 10 }] });
  other = await createOrg(call);
  for (const p of org.properties) opening[p.id] = (await db.queryRow<{ c: number }>`SELECT opening_cash_cents AS c FROM properties WHERE id = ${p.id}`)!.c;
  staff = await createUser(call, org, "staff", org.properties.map((p) => p.id));
  manager = await createUser(call, org, "manager");
  manager2 = await createUser(call, org, "manager");
  // REPLAY_SEED reproduces or explores other histories.
  expect(await randomHistory(Number(process.env.REPLAY_SEED ?? 20261125), 90)).toBe(90);
  // Some activity elsewhere that must not leak into this organisation's replay.
  await call("POST", "/finance/revenues", { token: other.admin.token, body: { propertyId: other.properties[0].id, amountCents: 999, paymentMode: "cash", source: "room", occurredAt: "2025-03-02T06:00:00Z" } });
  await waitForProjection({ eventStore: true, timeoutMs: 30_000 });
});
afterAll(() => app?.stop());

describe("replay", () => {
  it("rebuilds exactly the incremental projection, which follows the cash-book rules over the source tables", async () => {
    const r = await call("POST", "/reports/replay", { token: org.admin.token, body: {} });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ orgId: org.orgId, properties: 3, missing: 0, extra: 0, different: 0, differences: [], swapped: false });
    expect(r.body.rowsRebuilt).toBeGreaterThan(0);
    expect(r.body.rowsRebuilt).toBe(r.body.liveRows);
    expect(r.body.eventsRead).toBe((await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${org.orgId}`)!.n);
    await assertMatchesSource(await liveRows(org.orgId));
  });

  it("reports missing, extra and different rows in the live table and swaps the replay in", async () => {
    const before = await liveRows(org.orgId);
    const [victim, gone] = before.filter((x) => x.propertyId === org.properties[0].id);
    const last = before.filter((x) => x.propertyId === org.properties[0].id).at(-1)!;
    await db.exec`UPDATE daily_cash_balances SET cash_received_cents = cash_received_cents + 1 WHERE org_id = ${org.orgId} AND property_id = ${victim.propertyId} AND balance_date = ${victim.date}`;
    await db.exec`DELETE FROM daily_cash_balances WHERE org_id = ${org.orgId} AND property_id = ${gone.propertyId} AND balance_date = ${gone.date}`;
    await db.exec`INSERT INTO daily_cash_balances (org_id, property_id, balance_date) VALUES (${org.orgId}, ${last.propertyId}, ${addDays(last.date, 1)})`;

    const dry = (await call("POST", "/reports/replay", { token: org.admin.token, body: {} })).body;
    expect(dry).toMatchObject({ missing: 1, extra: 1, different: 1, swapped: false });
    expect(dry.differences).toEqual(expect.arrayContaining([
      expect.objectContaining({ propertyId: victim.propertyId, balanceDate: victim.date, difference: "different", fields: ["cashReceivedCents"] }),
      expect.objectContaining({ balanceDate: gone.date, difference: "missing", live: null }),
      expect.objectContaining({ balanceDate: addDays(last.date, 1), difference: "extra", replayed: null }),
    ]));
    const d = dry.differences.find((x: any) => x.difference === "different");
    expect(d.live.cashReceivedCents - d.replayed.cashReceivedCents).toBe(1);
    // A dry run changed nothing.
    expect((await liveRows(org.orgId)).length).toBe(before.length);

    const swapped = (await call("POST", "/reports/replay", { token: org.admin.token, body: { swap: true } })).body;
    expect(swapped).toMatchObject({ missing: 1, extra: 1, different: 1, swapped: true });
    const after = await liveRows(org.orgId);
    expect(after.map(({ calc: _c, ...x }) => x)).toEqual(before.map(({ calc: _c, ...x }) => x));
    // Replayed rows carry the closing recomputed from the source: no discrepancy.
    expect(after.every((x) => x.calc === x.closing)).toBe(true);
    expect((await call("POST", "/reports/replay", { token: org.admin.token, body: {} })).body).toMatchObject({ missing: 0, extra: 0, different: 0 });
  });

  it("limits a run to one property and a date range, keeping openings from earlier history", async () => {
    const p = org.properties[0].id;
    const rows = (await liveRows(org.orgId)).filter((x) => x.propertyId === p);
    const mid = rows[Math.floor(rows.length / 2)];
    await db.exec`UPDATE daily_cash_balances SET closing_balance_cents = closing_balance_cents + 5 WHERE org_id = ${org.orgId} AND property_id = ${p} AND balance_date < ${mid.date}`;
    const scoped = (await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: p, from: mid.date, swap: true } })).body;
    expect(scoped).toMatchObject({ properties: 1, propertyId: p, from: mid.date, missing: 0, extra: 0, different: 0 });
    expect(scoped.rowsRebuilt).toBe(rows.length - Math.floor(rows.length / 2));
    // Rows before the range were neither compared nor touched.
    const whole = (await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: p } })).body;
    expect(whole.different).toBe(Math.floor(rows.length / 2));
    expect(whole.differences.every((x: any) => x.balanceDate < mid.date && x.fields.join() === "closingBalanceCents")).toBe(true);
    await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: p, swap: true } });
  });

  it("is for admins of the organisation only, and validates its input", async () => {
    expect((await call("POST", "/reports/replay", { token: manager.token, body: {} })).status).toBe(403);
    expect((await call("POST", "/reports/replay", { token: staff.token, body: {} })).status).toBe(403);
    expect((await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: other.properties[0].id } })).status).toBe(404);
    expect((await call("POST", "/reports/replay", { token: org.admin.token, body: { from: "2025-03-10", to: "2025-03-01" } })).status).toBe(400);
    expect((await call("POST", "/reports/replay", { token: org.admin.token, body: { swap: "yes" } })).status).toBe(400);
    // The other organisation's replay sees its own single row, untouched by ours.
    const theirs = (await call("POST", "/reports/replay", { token: other.admin.token, body: {} })).body;
    expect(theirs).toMatchObject({ properties: 1, rowsRebuilt: 1, eventsRead: 1, missing: 0, extra: 0, different: 0 });
  });

  it("runs from the command line with progress per property", async () => {
    await db.exec`UPDATE daily_cash_balances SET bank_received_cents = bank_received_cents + 3 WHERE org_id = ${org.orgId} AND property_id = ${org.properties[1].id}`;
    const cmd = ["--import", "tsx", "--import", "./backend/standalone/register.ts", "scripts/replay.ts", "--org", org.orgId];
    const dry = await run("node", cmd, { cwd: APP_ROOT, env: process.env }).then(() => null, (e) => e);
    expect(dry?.code).toBe(2);
    for (const [i, p] of org.properties.entries()) expect(dry.stdout).toContain(`property ${p.id} (${i + 1}/3)`);
    expect(dry.stdout).toMatch(/different [1-9]/);
    const swap = await run("node", [...cmd, "--swap"], { cwd: APP_ROOT, env: process.env });
    expect(swap.stdout).toContain("swapped");
    expect((await call("POST", "/reports/replay", { token: org.admin.token, body: {} })).body).toMatchObject({ missing: 0, extra: 0, different: 0 });
    const bad = await run("node", [...cmd.slice(0, 5), "--org", "abc"], { cwd: APP_ROOT, env: process.env }).then(() => null, (e) => e);
    expect(bad?.code).toBe(1);
  });
});
