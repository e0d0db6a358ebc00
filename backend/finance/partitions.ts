// Keeps the quarter partitions of revenues and expenses (migration 31) ahead of
// the calendar and their DEFAULT partitions empty. A row lands in a DEFAULT
// partition when no quarter covers its date, e.g. an entry backdated before the
// oldest quarter; the job gives it its quarter. The SQL is the migration's
// plpgsql function, called with values only: it builds partition names from the
// table (checked against a closed list) and the integer year and quarter it
// computes itself, never from text that came from a request.
// Encore runs it hourly as a cron job, once across all instances.
import { api } from "encore.dev/api";
import { CronJob } from "encore.dev/cron";
import log from "encore.dev/log";
import { db } from "../../database.ts";

/** Quarters created ahead of the current one, so a new date always has its partition. */
export const QUARTERS_AHEAD = 4;
type PartitionedTable = "revenues" | "expenses";
const TABLES: PartitionedTable[] = ["revenues", "expenses"];

export interface TableMaintenance {
  table: PartitionedTable;
  /** Partitions this run created. */
  created: number;
  /** Rows moved out of the DEFAULT partition into their quarter. */
  moved: number;
  /** Rows still in the DEFAULT partition (a year no quarter name fits); 0 normally. */
  leftInDefault: number;
}

/** One statement, so one transaction, per table: a failure on one leaves the other's work committed. */
export async function maintainPartitions(): Promise<TableMaintenance[]> {
  const out: TableMaintenance[] = [];
  for (const table of TABLES) {
    const r = (await db.queryRow<{ created: number; moved: number; leftInDefault: number }>`
      SELECT created, moved::int8 AS moved, left_in_default::int8 AS "leftInDefault" FROM finance_maintain_partitions(${table}, ${QUARTERS_AHEAD})`)!;
    const result = { table, created: Number(r.created), moved: Number(r.moved), leftInDefault: Number(r.leftInDefault) };
    if (result.created || result.moved) log.info("finance partitions maintained", { ...result });
    if (result.leftInDefault) log.warn("rows remain in a DEFAULT partition; see docs/operations.md, Finance partitions", { ...result });
    out.push(result);
  }
  return out;
}

export interface MaintainPartitionsResult { tables: TableMaintenance[] }

/** Internal: the cron job's target; idempotent, safe to call at any time. */
export const maintainFinancePartitions = api(
  { expose: false, method: "POST", path: "/finance/internal/maintain-partitions" },
  async (): Promise<MaintainPartitionsResult> => ({ tables: await maintainPartitions() }),
);

export const maintainFinancePartitionsJob = new CronJob("finance-maintain-partitions", {
  title: "Create the next quarters' revenue and expense partitions and empty the default partitions",
  every: "1h",
  endpoint: maintainFinancePartitions,
});
