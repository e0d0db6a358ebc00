// Every named report and write query prunes (docs/architecture.md,
// "Partitioning"): the app runs each operation for real over HTTP while this
// file records every statement it sends to PostgreSQL (text and bound values,
// from the driver), then EXPLAINs each recorded statement that names a
// partitioned table with its own values and checks the partitions in the plan.
// No SQL is copied here, so a query that loses its date predicate fails.
// Entries are dated in this quarter and in an earlier one (and a backdated one
// the maintenance job moves out of the default partition first).
//
// Recording hooks node-postgres, so this runs on the standalone host only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { requestContext } from "../standalone/runtime/context.ts";
import { addDays, todayIn } from "../shared/business-date.ts";
import { maintainFinancePartitions } from "./partitions.ts";
import { notInFuture } from "../testing/times.ts";

const TZ = "Asia/Kolkata";
const PARTITIONED = /\b(revenues|expenses|finance_transactions|daily_cash_balances)\b/;
const PARTITION = /^(revenues|expenses)_(\d{4}q[1-4]|default)$|^daily_cash_balances_p\d\d$/;

interface Recorded { ctx: string; text: string; values: unknown[] }
let recording: Recorded[] | null = null;
const originalQuery = pg.Client.prototype.query;

function startRecording() {
  recording = [];
}
function stopRecording(): Recorded[] {
  const r = recording ?? [];
  recording = null;
  return r;
}

let app: TestApp;
let call: Call;
let org: Org;
let property: string;
let staff: Session;
let manager: Session;
let explainer: pg.Client;
let notices: string[] = [];
let prepared = 0;
let today: string;
let earlier: string; // a date in an earlier quarter than today's

const quarterOf = (d: string) => `${d.slice(0, 4)}q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

/** Every relation a plan node (and its children, init plans and sub plans) reads or writes; with `ran`, only nodes that executed. */
function relations(node: any, ran: boolean, out = new Set<string>()): Set<string> {
  if (node["Relation Name"] && (!ran || (node["Actual Loops"] ?? 1) > 0)) out.add(node["Relation Name"]);
  for (const p of node.Plans ?? []) relations(p, ran, out);
  return out;
}

interface Plan {
  text: string;
  ctx: string;
  /** Partitions in the plan: what planning with the statement's values left after pruning. */
  partitions: string[];
  /** Partitions the statement actually scanned when run (EXPLAIN ANALYZE, rolled back): also counts run-time pruning. */
  executed: string[] | null;
  /** Partitions left in the generic plan of the statement prepared (pruned at executor start-up); null when it cannot be prepared. */
  generic: string[] | null;
}

const partitionsIn = (plan: any, ran: boolean) => [...relations(plan, ran)].filter((n) => PARTITION.test(n)).sort();

/** Statements of `records` that name a partitioned table, each with the partitions its plan holds and those it scanned. */
async function plansOf(records: Recorded[]): Promise<Plan[]> {
  const out: Plan[] = [];
  for (const r of records) {
    if (/^\s*(EXPLAIN|PREPARE|DEALLOCATE|SAVEPOINT|ROLLBACK|RELEASE)/i.test(r.text)) continue;
    if (FUNCTION_CALL.test(r.text)) {
      out.push(...(await nestedPlans(r)));
      continue;
    }
    if (!PARTITIONED.test(r.text)) continue;
    const values = r.values as any[];
    const planned = await explainer.query({ text: `EXPLAIN (FORMAT JSON) ${r.text}`, values });
    let executed: string[] | null = null;
    let generic: string[] | null = null;
    await explainer.query("BEGIN");
    try {
      await explainer.query("SAVEPOINT analyzed");
      try {
        const ran = await explainer.query({ text: `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${r.text}`, values });
        executed = partitionsIn(ran.rows[0]["QUERY PLAN"][0].Plan, true);
      } catch {
        // Run a second time, an insert of a row that now exists fails: only its plan is known.
        await explainer.query("ROLLBACK TO SAVEPOINT analyzed");
      }
      // The plan a prepared statement gets once PostgreSQL switches it to a generic plan (pruning
      // then happens at executor start-up): run prepared, with the driver's own values (some
      // bound in binary), under force_generic_plan, and read the plan auto_explain reports.
      await explainer.query("SAVEPOINT generic");
      try {
        await explainer.query("SET LOCAL plan_cache_mode = force_generic_plan");
        await explainer.query("SET LOCAL auto_explain.log_min_duration = 0");
        notices = [];
        await explainer.query({ name: `pruning_generic_${++prepared}`, text: r.text, values });
        // A query's executor (and so auto_explain) ends when its portal is dropped: by the next statement.
        await explainer.query("SELECT 1");
        const logged = notices.map((n) => JSON.parse(n.slice(n.indexOf("{")))).find((e) => e["Query Text"] === r.text);
        if (logged) generic = partitionsIn(logged.Plan, false);
      } catch {
        // Run a second time, an insert of a row that now exists fails.
      } finally {
        await explainer.query("ROLLBACK TO SAVEPOINT generic");
      }
    } finally {
      await explainer.query("ROLLBACK");
    }
    out.push({ text: r.text, ctx: r.ctx, partitions: partitionsIn(planned.rows[0]["QUERY PLAN"][0].Plan, false), executed, generic });
  }
  return out;
}

/** Statements that call one of the SQL functions of migrations 36–38, whose queries are not in the text. */
const FUNCTION_CALL = /\b(finance_report_day|reports_cash_book_range|reports_apply_deltas)\(/;

/**
 * The queries a function call ran on the partitioned tables, as auto_explain
 * reports nested statements (run with ANALYZE, rolled back). The functions keep
 * generic plans, so what a plan holds is both the planned and the generic one;
 * what ran also counts pruning per joined row while running.
 */
async function nestedPlans(r: Recorded): Promise<Plan[]> {
  await explainer.query("BEGIN");
  try {
    await explainer.query("SET LOCAL auto_explain.log_min_duration = 0");
    await explainer.query("SET LOCAL auto_explain.log_nested_statements = on");
    await explainer.query("SET LOCAL auto_explain.log_analyze = on");
    await explainer.query("SET LOCAL auto_explain.log_timing = off");
    notices = [];
    await explainer.query({ text: r.text, values: r.values as any[] });
    await explainer.query("SELECT 1");
    return notices.map((n) => JSON.parse(n.slice(n.indexOf("{")))).filter((e) => PARTITIONED.test(e["Query Text"]) && !FUNCTION_CALL.test(e["Query Text"]))
      .map((e) => {
        const kept = partitionsIn(e.Plan, false);
        return { text: e["Query Text"], ctx: r.ctx, partitions: kept, executed: partitionsIn(e.Plan, true), generic: kept };
      });
  } finally {
    await explainer.query("ROLLBACK");
  }
}

/** The statements one HTTP call (and nothing else the app does meanwhile) ran on the partitioned tables. */
async function planned(op: () => Promise<unknown>, ctx: (c: string) => boolean = (c) => c === "api"): Promise<Plan[]> {
  startRecording();
  let records: Recorded[];
  try {
    await op();
  } finally {
    records = stopRecording();
  }
  return plansOf(records.filter((r) => ctx(r.ctx)));
}

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await explainer.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`, [table]);
  return rows.map((r) => r.relname);
}

/** The partition a row lives in. */
async function partitionOfRow(table: string, id: string): Promise<string> {
  const { rows } = await explainer.query(`SELECT tableoid::regclass::text AS part FROM ${table} WHERE id = $1`, [id]);
  return rows[0].part;
}

const isLock = (p: Plan) => /FOR UPDATE/.test(p.text);

async function createRevenue(token: string, occurredAt: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call("POST", "/finance/revenues", { token, body: { propertyId: property, amountCents: 12_500, paymentMode: "cash", source: "room", occurredAt, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id;
}
async function createExpense(token: string, expenseDate: string): Promise<string> {
  const r = await call("POST", "/finance/expenses", { token, body: { propertyId: property, amountCents: 4_000, paymentMode: "cash", category: "supplies", expenseDate } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id;
}
/** Noon on `date` in the property's zone, as an instant. */
const noonOn = (date: string) => notInFuture(`${date}T06:30:00.000Z`);

beforeAll(async () => {
  pg.Client.prototype.query = function (this: pg.Client, config: any, ...rest: any[]) {
    if (recording && config && typeof config === "object" && typeof config.text === "string") {
      const store = requestContext.getStore();
      const ctx = store?.type === "pubsub-message" ? store.subscription : store?.type === "api-call" ? (store.authData ? "api" : "internal") : "none";
      recording.push({ ctx, text: config.text, values: config.values ?? [] });
    }
    return (originalQuery as any).call(this, config, ...rest);
  } as any;
  process.env.RECONCILE_SETTLE_S = "0";
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Goa", timezone: TZ }] });
  property = org.properties[0].id;
  staff = await createUser(call, org, "staff", [property]);
  manager = await createUser(call, org, "manager");
  explainer = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await explainer.connect();
  explainer.on("notice", (n) => notices.push(n.message ?? ""));
  await explainer.query("LOAD 'auto_explain'");
  await explainer.query("SET auto_explain.log_format = json");
  await explainer.query("SET auto_explain.log_level = notice");
  today = todayIn(TZ);
  earlier = addDays(today, -100); // a quarter is at most 92 days
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await explainer?.end();
  await app?.stop();
});

describe("partition pruning of the finance and report queries", () => {
  it("creates put each row in its quarter; a create reads no partition", async () => {
    // Before the maintenance job gives the earlier quarter its partition, a row of it waits in the default partition.
    const early = await createRevenue(manager.token, noonOn(earlier));
    expect(await partitionOfRow("revenues", early)).toBe((await partitionsOf("revenues")).includes(`revenues_${quarterOf(earlier)}`) ? `revenues_${quarterOf(earlier)}` : "revenues_default");
    await maintainFinancePartitions();
    expect(await partitionOfRow("revenues", early)).toBe(`revenues_${quarterOf(earlier)}`);

    const plans = await planned(() => createRevenue(staff.token, noonOn(today)));
    const insert = plans.filter((p) => /INSERT INTO revenues/.test(p.text));
    expect(insert).toHaveLength(1);
    // Tuple routing picks the partition when the row is written: the statement scans none.
    expect(insert[0].partitions).toEqual([]);
    const exp = await createExpense(staff.token, today);
    expect(await partitionOfRow("expenses", exp)).toBe(`expenses_${quarterOf(today)}`);
  });

  it("approve, reject, edit and delete: the write and the read-back touch the row's quarter only; the lock by id probes every partition once", async () => {
    const allRevenues = await partitionsOf("revenues");
    const q = `revenues_${quarterOf(today)}`;
    const ops: [string, (id: string) => Promise<unknown>, number][] = [
      ["approve", (id) => call("POST", `/finance/transactions/revenue/${id}/approve`, { token: manager.token }), 200],
      ["reject", (id) => call("POST", `/finance/transactions/revenue/${id}/reject`, { token: manager.token, body: { reason: "duplicate" } }), 200],
      ["edit", (id) => call("PATCH", `/finance/transactions/revenue/${id}`, { token: staff.token, body: { amountCents: 13_000 } }), 200],
      ["delete", (id) => call("DELETE", `/finance/transactions/revenue/${id}`, { token: staff.token }), 200],
    ];
    for (const [name, op, status] of ops) {
      const id = await createRevenue(staff.token, noonOn(today));
      let res: any;
      const plans = await planned(async () => { res = await op(id); });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
      const locks = plans.filter(isLock);
      expect(locks, name).toHaveLength(1);
      expect(locks[0].partitions, `${name}: the API path has no date`).toEqual(allRevenues);
      const rest = plans.filter((p) => !isLock(p));
      expect(rest.length, name).toBeGreaterThanOrEqual(2); // the UPDATE and the read-back at least
      for (const p of rest) {
        // Reversal checks look from the entry's date on: its quarter, the later ones and the default.
        if (/reverses_id =/.test(p.text)) expect(p.partitions.every((x) => x === "revenues_default" || x >= q), `${name}: ${p.text}`).toBe(true);
        else {
          expect(p.partitions, `${name}: ${p.text}`).toEqual([q]);
          // A generic plan cannot fold the view's `kind = $2`, so it keeps the other table's branch, pruned to the
          // same quarter and gated by a one-time filter on the kind that never lets it run.
          expect([...new Set((p.generic ?? ["none"]).map((x) => x.replace(/^expenses_/, "revenues_")))], `${name} (generic plan): ${p.text}`).toEqual([q]);
        }
      }
      expect(rest.some((p) => /^\s*UPDATE revenues/.test(p.text)), name).toBe(true);
    }
  });

  it("an edit that moves an expense to another quarter moves its row there", async () => {
    const id = await createExpense(staff.token, earlier);
    const qEarlier = `expenses_${quarterOf(earlier)}`;
    await maintainFinancePartitions();
    expect(await partitionOfRow("expenses", id)).toBe(qEarlier);
    const plans = await planned(async () => {
      const r = await call("PATCH", `/finance/transactions/expense/${id}`, { token: staff.token, body: { expenseDate: today } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.businessDate).toBe(today);
    });
    expect(plans.find((p) => /^\s*UPDATE expenses/.test(p.text))!.partitions).toEqual([qEarlier]);
    // Read back under the new date, in the new quarter.
    expect(plans.filter((p) => !isLock(p) && !/UPDATE|reverses_id =/.test(p.text)).map((p) => p.partitions)).toContainEqual([`expenses_${quarterOf(today)}`]);
    expect(await partitionOfRow("expenses", id)).toBe(`expenses_${quarterOf(today)}`);
  });

  it("the list and search with a date range read the range's quarters only; a cursor's date bounds the next page", async () => {
    const from = addDays(today, -3);
    const all = await planned(() => call("GET", `/finance/transactions?from=${from}&to=${today}&q=room&limit=2`, { token: manager.token }));
    // The page's approved entries' reversals are looked up from the page's earliest date on (transactions.ts withReversals).
    const reversalLookups = all.filter((p) => /reverses_id = ANY/.test(p.text));
    for (const p of reversalLookups) expect(p.partitions.every((x) => /_default$/.test(x) || x.slice(-6) >= quarterOf(from)), p.text).toBe(true);
    const plans = all.filter((p) => !reversalLookups.includes(p));
    expect(plans).toHaveLength(1);
    expect(plans[0].partitions).toEqual([`expenses_${quarterOf(today)}`, `revenues_${quarterOf(today)}`].sort());
    expect(plans[0].generic).toEqual([`expenses_${quarterOf(today)}`, `revenues_${quarterOf(today)}`].sort());

    // Page two of an unbounded list starts at page one's last date: later quarters are pruned.
    const first = await call("GET", `/finance/transactions?limit=1`, { token: manager.token });
    expect(first.body.nextCursor).toBeTruthy();
    const next = (await planned(() => call("GET", `/finance/transactions?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: manager.token })))
      .filter((p) => !/reverses_id = ANY/.test(p.text));
    const later = (p: string) => p !== "revenues_default" && p !== "expenses_default" && p.slice(-6) > quarterOf(first.body.items[0].businessDate);
    expect(next[0].partitions.length).toBeGreaterThan(0);
    expect(next[0].partitions.filter(later)).toEqual([]);
    expect(next[0].generic!.filter(later)).toEqual([]);
  });

  it("the daily report reads one quarter of each table and one cash-book partition; analytics its range's quarters", async () => {
    await waitForProjection();
    // A date no earlier request or cache warming has loaded, so the report is computed in this request.
    const plans = await planned(async () => {
      const r = await call("GET", `/reports/daily?propertyId=${property}&date=${earlier}`, { token: manager.token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.transactions.length).toBeGreaterThan(0);
    });
    const finance = plans.filter((p) => /finance_transactions/.test(p.text));
    expect(finance.length).toBeGreaterThan(0);
    for (const p of finance) {
      expect(p.partitions, p.text).toEqual([`expenses_${quarterOf(earlier)}`, `revenues_${quarterOf(earlier)}`].sort());
      expect(p.generic, `generic plan: ${p.text}`).toEqual([`expenses_${quarterOf(earlier)}`, `revenues_${quarterOf(earlier)}`].sort());
    }
    const book = plans.filter((p) => /daily_cash_balances/.test(p.text));
    expect(book.length).toBeGreaterThan(0);
    for (const p of book) expect(p.partitions, p.text).toEqual([expect.stringMatching(/^daily_cash_balances_p\d\d$/)]);

    const a = await planned(() => call("GET", `/reports/analytics?propertyId=${property}&from=${addDays(today, -6)}&to=${today}`, { token: manager.token }));
    const breakdown = a.filter((p) => /finance_transactions/.test(p.text));
    expect(breakdown).toHaveLength(1);
    const qs = [...new Set([quarterOf(addDays(today, -6)), quarterOf(today)])];
    expect(breakdown[0].partitions).toEqual(qs.flatMap((x) => [`expenses_${x}`, `revenues_${x}`]).sort());
    expect(breakdown[0].generic).toEqual(qs.flatMap((x) => [`expenses_${x}`, `revenues_${x}`]).sort());
  });

  it("the close-day review and the close read the day's quarter only", async () => {
    const day = addDays(earlier, 1);
    await createRevenue(manager.token, noonOn(day));
    await maintainFinancePartitions(); // the day may open a quarter of its own
    for (const [name, op] of [
      ["review", () => call("GET", `/finance/days/${property}/${day}`, { token: manager.token })],
      ["close", () => call("POST", `/finance/days/${property}/${day}/close`, { token: manager.token, body: { force: true, reason: "pruning test" } })],
    ] as const) {
      let res: any;
      const plans = await planned(async () => { res = await op(); });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
      const finance = plans.filter((p) => /finance_transactions/.test(p.text));
      expect(finance.length, name).toBeGreaterThan(0);
      for (const p of finance) {
        expect(p.partitions, `${name}: ${p.text}`).toEqual([`expenses_${quarterOf(day)}`, `revenues_${quarterOf(day)}`].sort());
        expect(p.generic, `${name} (generic plan): ${p.text}`).toEqual([`expenses_${quarterOf(day)}`, `revenues_${quarterOf(day)}`].sort());
      }
    }
  });

  it("the cash-book fold reads and writes one of the 16 cash-book partitions", async () => {
    // The fold's statements keep generic plans (migration 38), made for the cash book the planner sees: at a
    // test's handful of rows, hashing every tiny partition is cheapest. So first the size of a real one, 2,000
    // other properties' months; the ANALYZE also makes every connection plan the statements again.
    await explainer.query(`
      WITH o AS (INSERT INTO organizations (id, name) SELECT gen_random_uuid(), 'Filler ' || i FROM generate_series(1, 2000) i RETURNING id),
           p AS (INSERT INTO properties (id, org_id, name) SELECT gen_random_uuid(), id, 'Filler' FROM o RETURNING id, org_id)
      INSERT INTO daily_cash_balances (org_id, property_id, balance_date)
      SELECT p.org_id, p.id, d::date FROM p, generate_series(date '2026-01-01', date '2026-01-30', interval '1 day') d`);
    await explainer.query("ANALYZE daily_cash_balances");
    const plans = await planned(async () => {
      await createRevenue(manager.token, noonOn(today));
      await waitForProjection();
    }, (c) => c === "reports-finance-subscriber");
    const book = plans.filter((p) => /daily_cash_balances/.test(p.text));
    expect(book.length).toBeGreaterThan(0);
    // A fold batch spans organisations (arrays of ids), so pruning happens as it runs, per joined row.
    for (const p of book) expect(p.executed, p.text).toEqual([expect.stringMatching(/^daily_cash_balances_p\d\d$/)]);
  });

  it("reconciliation: the cash-book statements touch one partition; finance's source is the property's whole history (every quarter)", async () => {
    await waitForProjection();
    const plans = await planned(async () => {
      const r = await call("POST", "/reports/reconcile", { token: manager.token, body: { propertyId: property, from: earlier } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.skipped).toBeNull();
    }, (c) => c === "api" || c === "internal");
    const book = plans.filter((p) => /daily_cash_balances/.test(p.text) && !PARTITIONED.test(p.text.replace(/daily_cash_balances/g, "")));
    expect(book.length).toBeGreaterThanOrEqual(2);
    for (const p of book) expect(p.executed, p.text).toEqual([expect.stringMatching(/^daily_cash_balances_p\d\d$/)]);
    const source = plans.filter((p) => /finance_transactions/.test(p.text));
    expect(source.length).toBeGreaterThan(0);
    const all = [...await partitionsOf("revenues"), ...await partitionsOf("expenses")].sort();
    for (const p of source) expect(p.partitions, p.text).toEqual(all);
  });
});
