// Runs the app's CronJobs as Encore's platform does: each job's endpoint is
// called at every slot of its schedule (`every: "1h"` → on the hour, slots
// counted from midnight UTC), once per slot across all instances (the first
// instance to record the slot in encore_cron_runs runs it), through its
// service's middlewares and with no auth data. A slot missed while no
// instance ran is not made up, as on Encore. The clock is injectable so tests
// can step through slots.
import { pool } from "../encore/sqldb.ts";
import { requestContext } from "./context.ts";
import { apiDesc, middlewaresFor, MiddlewareRequest, runMiddlewares } from "./middleware.ts";
import { registry, type CronJobEntry } from "./registry.ts";

export const CRON_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS encore_cron_runs (
  job         text NOT NULL,
  slot        timestamptz NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, slot)
)`;

/** How long run records are kept: only the latest slot of each job matters, a week is plenty to look back on. */
const KEEP_RUNS = "7 days";

export interface CronOptions {
  now?: () => number;
  /** How often the clock is looked at; a slot starts at most this late. */
  tickMs?: number;
  log?: (level: "info" | "warn", message: string, fields: Record<string, unknown>) => void;
}

const defaultLog: NonNullable<CronOptions["log"]> = (level, message, fields) =>
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }) + "\n");

/** The latest slot of an `every` schedule at or before `at` (ms since the epoch). */
export function slotOf(everyMs: number, at: number): number {
  return Math.floor(at / everyMs) * everyMs;
}

export class CronScheduler {
  private readonly now: () => number;
  private readonly log: NonNullable<CronOptions["log"]>;
  private readonly last = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> = Promise.resolve();
  private schemaReady: Promise<unknown> | null = null;

  constructor(private readonly jobs: CronJobEntry[] = registry.cronJobs, private readonly opts: CronOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? defaultLog;
  }

  /** From now on; the slot in progress at start is not run (it may have run before a restart). */
  start(): void {
    if (this.timer) return;
    const at = this.now();
    for (const j of this.jobs) this.last.set(j.name, slotOf(j.everyMs, at));
    this.timer = setInterval(() => { this.ticking = this.tick(); }, this.opts.tickMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Runs every job whose next slot has come; returns the names of the jobs this instance ran. */
  async tick(at = this.now()): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const slot = slotOf(job.everyMs, at);
      const prev = this.last.get(job.name);
      if (prev !== undefined && slot <= prev) continue;
      this.last.set(job.name, slot);
      try {
        if (!(await this.claim(job.name, slot))) continue;
        await this.run(job);
        ran.push(job.name);
      } catch (err) {
        this.log("warn", "cron job failed", { job: job.name, slot: new Date(slot).toISOString(), error: (err as Error).message });
      }
    }
    return ran;
  }

  private async claim(job: string, slot: number): Promise<boolean> {
    this.schemaReady ??= pool().query(CRON_SCHEMA_SQL).catch((err) => { this.schemaReady = null; throw err; });
    await this.schemaReady;
    const { rowCount } = await pool().query(
      `WITH gone AS (DELETE FROM encore_cron_runs WHERE job = $1 AND slot < now() - $3::interval)
       INSERT INTO encore_cron_runs (job, slot) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [job, new Date(slot), KEEP_RUNS]);
    return rowCount === 1;
  }

  private async run(job: CronJobEntry): Promise<void> {
    const endpoint = registry.endpoints.find((e) => e.kind === "typed" && e.handler === job.endpoint);
    if (!endpoint) throw new Error(`cron job "${job.name}": its endpoint is not declared with api()`);
    const started = this.now();
    await requestContext.run({ type: "api-call", authData: null }, () =>
      runMiddlewares(middlewaresFor(endpoint), new MiddlewareRequest(undefined, undefined, {
        type: "api-call", api: apiDesc(endpoint), method: "POST", path: "", pathAndQuery: "", pathParams: {}, headers: {}, parsedPayload: {},
      }), async () => (job.endpoint as () => unknown)()));
    this.log("info", "cron job ran", { job: job.name, durationMs: this.now() - started });
  }
}
