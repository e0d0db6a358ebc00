// npm run bench:indexes — the roadmap's (org_id, date) indexes (migration 33)
// before → after: EXPLAIN (ANALYZE, BUFFERS) of the transaction list as the
// API sends it (the SQL is taken from listTransactions itself, not copied),
// for an admin of a 20-property organisation across all its properties (the
// list, a month of it, page two, the approvals queue, a search) and for one
// property (which the per-property index already serves), on 10 such
// organisations × 2 years × 10 revenues a day per property, a third as many
// expenses, a few pending and deleted rows. "Before" drops the two indexes,
// "after" runs migration 33's file; each plan is run 5 times, the median kept.
import "../../backend/standalone/register.ts";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { benchDatabase, record, stopBenchDatabase, table } from "./harness.ts";
import { seedScale, type ScaleShape } from "./seed-scale.ts";
import { APP_ROOT } from "../../backend/standalone/runtime/host.ts";
import type { ListFilter } from "../../backend/finance/transactions.ts";
// Dynamic: app modules must resolve encore.dev after the register hook above is in place.
const { listTransactions } = await import("../../backend/finance/transactions.ts");

const SHAPE: ScaleShape = { orgs: 10, propertiesPerOrg: 20, days: 730, txPerDay: 10 };
const RUNS = 5;
const MIGRATION = resolve(APP_ROOT, "migrations/33_finance_org_date_indexes.up.sql");

/** The statement listTransactions sends for `f`, captured instead of run. */
async function statementOf(f: ListFilter): Promise<{ text: string; values: unknown[] }> {
  let captured: { text: string; values: unknown[] } | null = null;
  const capture = { rawQueryAll: async (text: string, ...values: unknown[]) => { captured = { text, values }; return []; } };
  await listTransactions(capture as never, f);
  return captured!;
}

/** Expenses (a third as many, from the revenues), some pending and some deleted rows: once per database. */
async function seedTheRest(c: pg.Client): Promise<void> {
  if ((await c.query(`SELECT to_regclass('bench_indexes_seeded') IS NOT NULL AS done`)).rows[0].done) return;
  await c.query(`SELECT finance_partition_quarter('expenses', extract(year FROM q)::int, extract(quarter FROM q)::int)
                   FROM (SELECT DISTINCT date_trunc('quarter', business_date) AS q FROM revenues) s`);
  await c.query(`INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, category, expense_date, status, created_by_user_id, approved_by_user_id, approved_at)
                 SELECT gen_random_uuid(), org_id, property_id, amount_cents, payment_mode, 'supplies', business_date, status, created_by_user_id, approved_by_user_id, approved_at
                   FROM revenues WHERE amount_cents % 3 = 0`);
  // The approvals queue: 0.1 % pending, spread over the last 30 days; 0.5 % deleted.
  await c.query(`UPDATE revenues SET status = 'pending', approved_by_user_id = NULL, approved_at = NULL WHERE amount_cents % 1000 = 7 AND business_date > current_date - 30`);
  await c.query(`UPDATE revenues SET deleted_at = now() WHERE amount_cents % 200 = 3`);
  await c.query(`CREATE TABLE bench_indexes_seeded ()`);
  await c.query(`VACUUM ANALYZE revenues`);
  await c.query(`VACUUM ANALYZE expenses`);
}

interface Measured { ms: number; buffers: number; scans: string }

function scansOf(node: any, out = new Map<string, number>()): Map<string, number> {
  if (node["Node Type"]?.includes("Scan") && node["Relation Name"]) {
    const what = node["Index Name"] ? node["Index Name"].replace(/^(revenues|expenses)_\d{4}q\d_/, "$1_*_").replace(/^(revenues|expenses)_default_/, "$1_*_") : `seq ${node["Relation Name"].replace(/_\d{4}q\d$/, "_*")}`;
    out.set(what, (out.get(what) ?? 0) + 1);
  }
  for (const p of node.Plans ?? []) scansOf(p, out);
  return out;
}

async function measure(c: pg.Client, s: { text: string; values: unknown[] }): Promise<Measured> {
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [out] = (await c.query({ text: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.text}`, values: s.values as unknown[] })).rows[0]["QUERY PLAN"];
    const plan = out.Plan;
    runs.push({
      ms: out["Execution Time"] + out["Planning Time"],
      buffers: plan["Shared Hit Blocks"] + plan["Shared Read Blocks"],
      scans: [...scansOf(plan)].map(([k, n]) => `${k} ×${n}`).join(", "),
    });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(RUNS / 2)];
}

const url = await benchDatabase("indexes", { keep: true });
await seedScale(url, SHAPE);
const c = new pg.Client({ connectionString: url });
await c.connect();
await seedTheRest(c);
const orgRow = (await c.query(`SELECT o.id AS org, array_agg(p.id ORDER BY p.id) AS props FROM organizations o JOIN properties p ON p.org_id = o.id
                                WHERE o.name LIKE 'scale-0-%' GROUP BY o.id ORDER BY o.id LIMIT 1`)).rows[0];
const orgId: string = orgRow.org, props: string[] = orgRow.props;
const counts = (await c.query(`SELECT (SELECT count(*) FROM revenues)::int AS r, (SELECT count(*) FROM expenses)::int AS e,
                                      (SELECT count(*) FROM revenues WHERE status = 'pending')::int AS p`)).rows[0];
const lastDay = (await c.query(`SELECT max(business_date)::text AS d FROM revenues`)).rows[0].d as string;
const monthAgo = new Date(Date.parse(lastDay) - 30 * 86_400_000).toISOString().slice(0, 10);
const all = { orgId, propertyIds: props, limit: 50 };
// Page one's last row, where page two's cursor points.
const lastRow = (await c.query(`SELECT business_date::text AS d, id::text FROM revenues WHERE org_id = $1 AND property_id = ANY($2::uuid[]) AND deleted_at IS NULL
                                  ORDER BY business_date DESC, id DESC OFFSET 49 LIMIT 1`, [orgId, props])).rows[0];
const cases: [string, ListFilter][] = [
  ["list, all 20 properties, first page", all],
  ["list, all 20 properties, page two (cursor)", { ...all, cursor: { businessDate: lastRow.d, id: lastRow.id } }],
  ["list, all 20 properties, last 30 days", { ...all, from: monthAgo, to: lastDay }],
  ["approvals queue (pending), all 20 properties", { ...all, status: "pending" }],
  ["search \"12.34\", all 20 properties", { ...all, q: "12.34" }],
  ["list, one property, first page", { ...all, propertyIds: [props[0]] }],
];
const statements = await Promise.all(cases.map(([, f]) => statementOf(f)));

await c.query(`DROP INDEX IF EXISTS revenues_org_date_idx`);
await c.query(`DROP INDEX IF EXISTS expenses_org_date_idx`);
await c.query(`ANALYZE revenues; ANALYZE expenses`);
const before: Measured[] = [];
for (const s of statements) before.push(await measure(c, s));
await c.query(readFileSync(MIGRATION, "utf8"));
await c.query(`ANALYZE revenues; ANALYZE expenses`);
const after: Measured[] = [];
for (const s of statements) after.push(await measure(c, s));
const load = (await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" / ");
await c.end();

await record("Indexes from the roadmap, before → after (`npm run bench:indexes`)",
  `${counts.r.toLocaleString("en-US")} revenues and ${counts.e.toLocaleString("en-US")} expenses (${SHAPE.orgs} organisations × ${SHAPE.propertiesPerOrg} properties × ${SHAPE.days} days × ${SHAPE.txPerDay} revenues a day; ${counts.p} pending), ` +
  `9 quarters a table. \`EXPLAIN (ANALYZE, BUFFERS)\` of listTransactions' statement for one organisation, median of ${RUNS} runs (planning + execution), ` +
  `warm cache; before: migration 33's indexes dropped; after: migration 33 applied. Load average (1/5/15 min) at the end: ${load}.\n\n` +
  table(["query", "before ms", "before buffers", "before scans", "after ms", "after buffers", "after scans"],
    cases.map(([name], i) => [name, before[i].ms, before[i].buffers, before[i].scans, after[i].ms, after[i].buffers, after[i].scans])));
await stopBenchDatabase();
