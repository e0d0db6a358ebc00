// Standalone `encore.dev/cron`: a CronJob names an endpoint and a schedule;
// the host (runtime/cron.ts) calls the endpoint on it. Checked as Encore's
// parser checks them: an id of lowercase letters, digits and dashes, unique,
// and `every` a whole number of minutes that divides 24 hours.
import type { DurationString } from "./types.ts";
import { registry } from "../runtime/registry.ts";
import { parseDuration } from "../runtime/duration.ts";

export type CronJobConfig = {
  endpoint: () => Promise<unknown>;
  title?: string;
} & ({ every: DurationString } | { schedule: string });

const DAY_MS = 86_400_000;

export class CronJob {
  public readonly name: string;
  public readonly cfg: CronJobConfig;

  constructor(name: string, cfg: CronJobConfig) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`encore: cron job id "${name}" must be lowercase letters, digits and dashes`);
    if (registry.cronJobs.some((j) => j.name === name)) throw new Error(`encore: cron job "${name}" is declared twice`);
    if (!("every" in cfg)) {
      // Encore accepts cron expressions too; this host runs `every` schedules only, and says so rather than ignoring one.
      throw new Error(`encore (standalone): cron job "${name}" uses a schedule expression; this host supports "every" only`);
    }
    const everyMs = parseDuration(cfg.every);
    if (everyMs < 60_000 || everyMs % 60_000 !== 0 || DAY_MS % everyMs !== 0) {
      throw new Error(`encore: cron job "${name}": every "${cfg.every}" must be a whole number of minutes that divides 24 hours`);
    }
    if (typeof cfg.endpoint !== "function") throw new Error(`encore: cron job "${name}" needs an endpoint declared with api()`);
    this.name = name;
    this.cfg = cfg;
    registry.cronJobs.push({ name, title: cfg.title, everyMs, endpoint: cfg.endpoint });
  }
}
