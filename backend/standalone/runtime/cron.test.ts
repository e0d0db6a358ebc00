// The host's cron: jobs declared the Encore way run at each slot of their
// schedule, once across instances, through their service's middlewares;
// declarations Encore refuses are refused here. The clock is the test's.
import { describe, expect, it } from "vitest";
import { api } from "encore.dev/api";
import { CronJob } from "encore.dev/cron";
import { CronScheduler, slotOf } from "./cron.ts";
import { registry } from "./registry.ts";

const HOUR = 3_600_000;
let runs = 0;
let failNext = false;
export const tally = api({ expose: false }, async (): Promise<{ runs: number }> => {
  if (failNext) { failNext = false; throw new Error("boom"); }
  return { runs: ++runs };
});
export const tallyJob = new CronJob("test-tally", { title: "count runs", every: "1h", endpoint: tally });

const job = () => registry.cronJobs.filter((j) => j.name === "test-tally");
const quiet = () => {};

describe("cron jobs on the standalone host", () => {
  it("counts slots from midnight UTC", () => {
    expect(slotOf(HOUR, Date.UTC(2026, 0, 1, 5, 59, 59))).toBe(Date.UTC(2026, 0, 1, 5));
    expect(slotOf(15 * 60_000, Date.UTC(2026, 0, 1, 5, 31))).toBe(Date.UTC(2026, 0, 1, 5, 30));
  });

  it("runs a job once per slot, from the first slot after start, across instances, and again after a failed run", async () => {
    let now = Date.UTC(2031, 2, 4, 10, 20);
    const a = new CronScheduler(job(), { now: () => now, log: quiet });
    const b = new CronScheduler(job(), { now: () => now, log: quiet });
    a.start();
    b.start();
    try {
      expect(await a.tick()).toEqual([]); // the slot in progress at start is not run
      now = Date.UTC(2031, 2, 4, 11, 0, 1);
      expect(await a.tick()).toEqual(["test-tally"]);
      expect(await b.tick()).toEqual([]); // another instance: the slot is taken
      expect(await a.tick()).toEqual([]);
      expect(runs).toBe(1);
      now = Date.UTC(2031, 2, 4, 13, 30); // two slots later: one run, missed slots are not made up
      failNext = true;
      expect(await b.tick()).toEqual([]);
      expect(runs).toBe(1);
      now = Date.UTC(2031, 2, 4, 14, 0);
      expect(await a.tick()).toEqual(["test-tally"]);
      expect(runs).toBe(2);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("refuses what Encore's parser refuses", () => {
    const endpoint = tally;
    expect(() => new CronJob("Bad_Id", { every: "1h", endpoint })).toThrow(/lowercase/);
    expect(() => new CronJob("test-tally", { every: "1h", endpoint })).toThrow(/declared twice/);
    expect(() => new CronJob("seven-hours", { every: "7h", endpoint })).toThrow(/divides 24 hours/);
    expect(() => new CronJob("half-minute", { every: "30s", endpoint })).toThrow(/whole number of minutes/);
    expect(() => new CronJob("expr", { schedule: "0 * * * *", endpoint })).toThrow(/"every" only/);
  });
});
