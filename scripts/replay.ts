// npm run replay -- [--org ID] [--property ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--swap]
//
// Rebuilds daily_cash_balances from the event store (domain_events) for the
// scope, prints progress per property and the differences against the live
// table, and with --swap replaces the scope's live rows (one transaction per
// organisation). Exit code: 0 done (no differences, or swapped), 2 differences
// found and not swapped, 1 error. Uses DATABASE_URL, or the embedded database
// of a running `npm start` (127.0.0.1:EMBEDDED_PG_PORT, default 5488).
import { parseArgs } from "node:util";
import { auth } from "~encore/clients";
import { replayCashBook, type ReplayReport } from "../backend/reports/replay.ts";
import { canonicalId, isId } from "../backend/shared/ids.ts";

const USAGE = "usage: npm run replay -- [--org ID] [--property ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--swap]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: { org: { type: "string" }, property: { type: "string" }, from: { type: "string" }, to: { type: "string" }, swap: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
      strict: true,
    });
  } catch (err) {
    fail((err as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}
const date = /^\d{4}-\d{2}-\d{2}$/;
if (values.org !== undefined && !isId(values.org)) fail("--org: must be an organisation id (a UUID)");
if (values.property !== undefined && !isId(values.property)) fail("--property: must be a property id (a UUID)");
if (values.org) values.org = canonicalId(values.org);
if (values.property) values.property = canonicalId(values.property);
if (values.from !== undefined && !date.test(values.from)) fail("--from: must be a date YYYY-MM-DD");
if (values.to !== undefined && !date.test(values.to)) fail("--to: must be a date YYYY-MM-DD");

process.env.DATABASE_URL ??= `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 5488}/hospitality`;

const say = (line: string) => process.stdout.write(line + "\n");

async function main(): Promise<number> {
  const { orgIds: orgs } = await auth.organizationsToScan({ orgId: values.org, propertyId: values.property });
  if (values.property && orgs.length === 0) fail(`property ${values.property} not found${values.org ? ` in organisation ${values.org}` : ""}`);
  if (values.org && orgs.length === 0) fail(`organisation ${values.org} not found`);
  say(`replaying the cash book of ${orgs.length} organisation(s)${values.swap ? " and swapping the rows in" : " (dry run: add --swap to replace live rows)"}`);
  const totals = { missing: 0, extra: 0, different: 0, rows: 0, events: 0 };
  for (const [i, orgId] of orgs.entries()) {
    const started = Date.now();
    const report: ReplayReport = await replayCashBook(
      { orgId, propertyId: values.property, from: values.from, to: values.to, swap: values.swap },
      (p) => say(`  org ${orgId} (${i + 1}/${orgs.length}) property ${p.propertyId} (${p.index}/${p.total}): ${p.events} events -> ${p.rows} rows`),
    );
    totals.missing += report.missing;
    totals.extra += report.extra;
    totals.different += report.different;
    totals.rows += report.rowsRebuilt;
    totals.events += report.eventsRead;
    say(`org ${orgId}: ${report.rowsRebuilt} rows rebuilt from ${report.eventsRead} events; live has ${report.liveRows}; ` +
      `missing ${report.missing}, extra ${report.extra}, different ${report.different}${report.swapped ? "; swapped" : ""} (${Date.now() - started} ms)`);
    for (const d of report.differences.slice(0, 20)) {
      say(`  ${d.difference} property ${d.propertyId} ${d.balanceDate}${d.fields.length ? ` [${d.fields.join(", ")}]` : ""}`);
    }
  }
  const diffs = totals.missing + totals.extra + totals.different;
  say(`done: ${totals.rows} rows from ${totals.events} events; ${diffs} difference(s)${values.swap ? ", swapped" : ""}`);
  return diffs > 0 && !values.swap ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`replay failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
