// npm run bench:corrections — the same 10,000 corrections written one
// UPDATE at a time (the original design) and through the
// CorrectionBatcher (100 per UPDATE … FROM unnest), in one run.
import "../../backend/standalone/register.ts";
import { v7 as uuidv7 } from "uuid";
import { benchDatabase, record, stopBenchDatabase, table } from "./harness.ts";

const N = Number(process.env.BENCH_CORRECTIONS ?? 10_000);
const PROPERTIES = 100;

await benchDatabase("corrections");
const { pool, closePool } = await import("../../backend/standalone/encore/sqldb.ts");
const { CorrectionBatcher, writeCorrections } = await import("../../backend/reports/correction-batcher.ts");
type Correction = import("../../backend/reports/correction-batcher.ts").Correction;

const days = N / PROPERTIES;
// The cash book has no foreign keys: ids of the app's shape, for no rows elsewhere.
const ORG = uuidv7();
const PROPERTY_IDS = Array.from({ length: PROPERTIES }, () => uuidv7());
async function seed() {
  await pool().query("TRUNCATE daily_cash_balances");
  await pool().query(
    `INSERT INTO daily_cash_balances (org_id, property_id, balance_date, cash_received_cents, closing_balance_cents)
     SELECT $1, p, DATE '2025-01-01' + d, 999, 999 FROM unnest($2::uuid[]) p, generate_series(0, $3 - 1) d`,
    [ORG, PROPERTY_IDS, days],
  );
  // updated_at as RFC 3339, as the reconciler reads it (the text form Encore binds to timestamptz).
  const { rows } = await pool().query<{ p: string; d: string; u: string }>(
    `SELECT property_id AS p, balance_date::text AS d, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS u
       FROM daily_cash_balances ORDER BY property_id, balance_date`,
  );
  return rows.map((r, i): Correction => ({
    orgId: ORG, propertyId: r.p, date: r.d, openingBalanceCents: i, cashReceivedCents: 100, bankReceivedCents: 0,
    cashExpensesCents: 0, bankExpensesCents: 0, closingBalanceCents: i + 100, expectedUpdatedAt: r.u,
  }));
}

// The original design: one UPDATE per correction.
let items = await seed();
let started = performance.now();
for (const c of items) {
  await pool().query(
    `UPDATE daily_cash_balances SET opening_balance_cents = $4, cash_received_cents = $5, bank_received_cents = $6, cash_expenses_cents = $7,
            bank_expenses_cents = $8, closing_balance_cents = $9, calculated_closing_balance_cents = $9, balance_discrepancy_cents = 0, updated_at = clock_timestamp()
      WHERE org_id = $1 AND property_id = $2 AND balance_date = $3`,
    [c.orgId, c.propertyId, c.date, c.openingBalanceCents, c.cashReceivedCents, c.bankReceivedCents, c.cashExpensesCents, c.bankExpensesCents, c.closingBalanceCents],
  );
}
const singleMs = performance.now() - started;

items = await seed();
const batcher = new CorrectionBatcher({ batchSize: 100, intervalMs: 3_600_000, maxAgeMs: 3_600_000, maxQueue: 100_000, retryBackoffMs: 100 }, writeCorrections);
started = performance.now();
await batcher.enqueue(items);
await batcher.flush();
const batchedMs = performance.now() - started;
const { rows } = await pool().query("SELECT count(*)::int AS n FROM daily_cash_balances WHERE cash_received_cents = 100");
if (rows[0].n !== N || batcher.stats.applied !== N) throw new Error(`batched run applied ${batcher.stats.applied}, ${rows[0].n} rows corrected`);

await record(
  "bench:corrections — one UPDATE per correction vs CorrectionBatcher",
  `${N.toLocaleString("en-US")} corrections over ${PROPERTIES} properties × ${days} days.\n\n` +
    table(["design", "statements", "seconds", "rows/s"], [
      ["one UPDATE per correction", N, singleMs / 1000, Math.round(N / (singleMs / 1000))],
      ["CorrectionBatcher (100 per UPDATE … FROM unnest)", batcher.stats.batches, batchedMs / 1000, Math.round(N / (batchedMs / 1000))],
    ]) + `\n\nBatched is **${(singleMs / batchedMs).toFixed(1)}×** faster.`,
);
await closePool();
await stopBenchDatabase();
process.exit(0);
