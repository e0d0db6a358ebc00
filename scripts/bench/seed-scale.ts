// npm run seed:scale -- --orgs N [--properties-per-org P] [--days D] [--tx-per-day T] [--database NAME]
//
// Bulk data for scale benchmarks: organisations, properties, a manager per
// organisation, approved revenues and the matching cash book, written with
// COPY in chunks of organisations. Each chunk commits with a progress row, so
// an interrupted run resumes where it stopped. Prints a progress bar and the
// rate. Seeded users have no usable password: benchmarks sign tokens with the
// development key instead.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { parseArgs } from "node:util";
import { v7 as uuidv7 } from "uuid";

export interface ScaleShape { orgs: number; propertiesPerOrg: number; days: number; txPerDay: number }

const CHUNK_ORGS = 5000;
/** The last seeded day is yesterday, so "today" stays light and reads hit history. */
export const firstSeedDay = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function copy(client: pg.PoolClient | pg.Client, sql: string, lines: Iterable<string>) {
  await pipeline(Readable.from(batched(lines)), client.query(copyFrom(sql)));
}

function* batched(lines: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length >= 5000) { yield buf.join(""); buf = []; }
  }
  if (buf.length) yield buf.join("");
}

export async function seedScale(url: string, shape: ScaleShape, log = (s: string) => process.stdout.write(s)): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await pool.query(`CREATE TABLE IF NOT EXISTS seed_scale_progress (chunk int PRIMARY KEY, shape text NOT NULL, done_at timestamptz NOT NULL DEFAULT now())`);
  const shapeKey = JSON.stringify(shape);
  const done = new Set((await pool.query(`SELECT chunk FROM seed_scale_progress WHERE shape = $1`, [shapeKey])).rows.map((r) => r.chunk));
  const chunks = Math.ceil(shape.orgs / CHUNK_ORGS);
  const start = firstSeedDay(shape.days);
  const dates = Array.from({ length: shape.days }, (_, i) => new Date(Date.parse(start) + i * 86_400_000).toISOString().slice(0, 10));
  // The seed's quarters get their partitions first (migration 31), so no seeded row waits in the default partition.
  // (A schema without migration 31, harness.ts "unpartitioned", has no quarters to make.)
  if ((await pool.query(`SELECT to_regproc('finance_partition_quarter') IS NOT NULL AS partitioned`)).rows[0].partitioned) await pool.query(
    `SELECT finance_partition_quarter('revenues', extract(year FROM q)::int, extract(quarter FROM q)::int)
       FROM (SELECT DISTINCT date_trunc('quarter', d) AS q FROM generate_series($1::date, $2::date, interval '1 day') d) s`,
    [dates[0], dates[dates.length - 1]],
  );
  const started = Date.now();
  let rowsWritten = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    if (done.has(chunk)) continue;
    const n = Math.min(CHUNK_ORGS, shape.orgs - chunk * CHUNK_ORGS);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const tag = `scale-${chunk}-`;
      // Ids made here, as the app makes them (UUIDv7), so COPY needs no round trip to read them back.
      const orgIds = Array.from({ length: n }, () => uuidv7());
      await copy(client, "COPY organizations (id, name) FROM STDIN", (function* () { for (const [i, o] of orgIds.entries()) yield `${o}\t${tag}${i}\n`; })());
      const props = orgIds.flatMap((org) => {
        const user = uuidv7();
        return Array.from({ length: shape.propertiesPerOrg }, () => ({ org, id: uuidv7(), user }));
      });
      await copy(client, "COPY properties (id, org_id, name, timezone, currency, opening_cash_cents) FROM STDIN",
        (function* () { for (const [i, p] of props.entries()) yield `${p.id}\t${p.org}\tHotel ${i % shape.propertiesPerOrg}\tAsia/Kolkata\tINR\t1000000\n`; })());
      await copy(client, "COPY users (id, org_id, email, display_name, password_hash, role) FROM STDIN",
        (function* () { for (const [i, p] of props.entries()) if (i % shape.propertiesPerOrg === 0) yield `${p.user}\t${p.org}\tmanager-${p.user}@scale.test\tManager ${p.user}\tseeded-no-login\tmanager\n`; })());
      // Deterministic amounts (by the property's place in the chunk) so the cash book can be written alongside.
      const amount = (p: number, d: number, t: number) => 100 + ((p * 31 + d * 17 + t * 7) % 10_000);
      const day0 = Date.parse(dates[0] + "T06:30:00Z");
      await copy(client, "COPY revenues (id, org_id, property_id, amount_cents, payment_mode, source, occurred_at, business_date, status, created_by_user_id, approved_by_user_id, approved_at) FROM STDIN",
        (function* () {
          for (const [pi, p] of props.entries()) for (const [d, date] of dates.entries()) for (let t = 0; t < shape.txPerDay; t++) {
            yield `${uuidv7({ msecs: day0 + d * 86_400_000 + t })}\t${p.org}\t${p.id}\t${amount(chunk * CHUNK_ORGS + pi, d, t)}\tcash\troom\t${date}T06:30:00Z\t${date}\tapproved\t${p.user}\t${p.user}\t${date}T07:00:00Z\n`;
          }
        })());
      await copy(client, "COPY daily_cash_balances (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, closing_balance_cents, calculated_closing_balance_cents) FROM STDIN",
        (function* () {
          for (const [pi, p] of props.entries()) {
            let closing = 1_000_000;
            for (const [d, date] of dates.entries()) {
              let cash = 0;
              for (let t = 0; t < shape.txPerDay; t++) cash += amount(chunk * CHUNK_ORGS + pi, d, t);
              const opening = closing;
              closing = opening + cash;
              yield `${p.org}\t${p.id}\t${date}\t${opening}\t${cash}\t${closing}\t${closing}\n`;
            }
          }
        })());
      await client.query(`INSERT INTO seed_scale_progress (chunk, shape) VALUES ($1, $2)`, [chunk, shapeKey]);
      await client.query("COMMIT");
      rowsWritten += n * 2 + props.length * (1 + 2 * shape.days + shape.days * shape.txPerDay - shape.days);
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    const finished = chunk + 1;
    const secs = (Date.now() - started) / 1000;
    const width = 30;
    const filled = Math.round((finished / chunks) * width);
    log(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.min(finished * CHUNK_ORGS, shape.orgs).toLocaleString("en-US")}/${shape.orgs.toLocaleString("en-US")} orgs · ${Math.round(rowsWritten / Math.max(secs, 0.001)).toLocaleString("en-US")} rows/s`);
  }
  log("\n");
  await pool.query("ANALYZE");
  await pool.end();
}

// As a command.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      orgs: { type: "string", default: "1000" }, "properties-per-org": { type: "string", default: "1" },
      days: { type: "string", default: "30" }, "tx-per-day": { type: "string", default: "5" }, database: { type: "string", default: "scale" },
    },
  });
  const { benchDatabase, stopBenchDatabase } = await import("./harness.ts");
  const url = await benchDatabase(values.database!, { keep: true });
  const shape = { orgs: Number(values.orgs), propertiesPerOrg: Number(values["properties-per-org"]), days: Number(values.days), txPerDay: Number(values["tx-per-day"]) };
  const t = Date.now();
  await seedScale(url, shape);
  console.log(`seeded ${JSON.stringify(shape)} into ${values.database} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  await stopBenchDatabase();
  process.exit(0);
}
