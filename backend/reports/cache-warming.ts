// Cache warming: after a property's reports are invalidated, and once at
// start, its hot keys are recomputed in the background so the next read is
// a hit: the property's daily report for its current business date and the
// organisation's summary for today as an admin or manager sees it (every
// property; staff summaries, keyed by their own property list, are not warmed).
// After an invalidation, only what someone read within the read window
// (read-marks.ts): a report nobody has open is computed when first asked for.
// Bounded: at most WARM_QUEUE_MAX keys wait (later ones are dropped and
// counted: they are only a missed optimisation), one warms at a time, and
// shutdown waits for the one in progress. An organisation's summary is one
// queue entry, after the properties invalidated before it: while it waits,
// more invalidations of the organisation's properties add nothing to it, so
// a burst of commits across 250 properties recomputes the summary once, not
// 250 times (bench:write: per property it held the pool and took creates
// from 34 % to 11 % of the ceiling, docs/performance.md).
import log from "encore.dev/log";
import { Counter } from "prom-client";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { auth } from "~encore/clients";
import { propertyFacts } from "./property-facts.ts";
import { todayIn } from "../shared/business-date.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { registry } from "../shared/metrics.ts";
import { cacheInvalidator, warmingContext, type Invalidation } from "./cache.ts";
import { dailyReport, summary } from "./queries.ts";
import { readMarks } from "./read-marks.ts";
import { envNumber } from "../shared/env.ts";

export const WARM_QUEUE_MAX = 1_000;
/** Properties warmed at start, most recently changed first. */
export const WARM_AT_START_MAX = envNumber("CACHE_WARM_AT_START_MAX", 200, { integer: true });
const WARM_START_DELAY_MS = 2_000;

const warmed = new Counter({ name: "reports_cache_warmed_total", help: "Hot report keys recomputed in the background, by outcome", labelNames: ["outcome"] as const, registers: [registry] });

/** What the warmer recomputes: a property's hot report, or (propertyId "*") its organisation's summary. */
export interface WarmItem { orgId: string; propertyId: string }
export const SUMMARY = "*";

export class CacheWarmer {
  private readonly queue = new Map<string, WarmItem>();
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly stats = { warmed: 0, failed: 0, dropped: 0, unread: 0 };

  /** Filters in flight (readLately), so idle() also waits for what they will queue. */
  private readonly filtering = new Set<Promise<void>>();

  /** `readLately`, when given, picks which of an invalidation's keys to warm (the rest are left to the next read). */
  constructor(
    private readonly warmOne: (orgId: string, propertyId: string) => Promise<void>,
    private readonly readLately: ((items: WarmItem[]) => Promise<WarmItem[]>) | null = null,
  ) {}

  get depth(): number { return this.queue.size; }

  /** The properties' hot keys, then their organisations' summaries; with `evenUnread`, without asking readLately. */
  enqueue(items: { orgId: string; propertyId: string }[], opts: { evenUnread?: boolean } = {}): void {
    if (this.stopped) return;
    const wanted: WarmItem[] = items.map((i) => ({ orgId: i.orgId, propertyId: i.propertyId }));
    for (const orgId of new Set(items.map((i) => i.orgId))) wanted.push({ orgId, propertyId: SUMMARY });
    if (!this.readLately || opts.evenUnread) return this.accept(wanted);
    const filtered: Promise<void> = this.readLately(wanted)
      .then((hot) => {
        const unread = wanted.length - hot.length;
        this.stats.unread += unread;
        if (unread > 0) warmed.inc({ outcome: "unread" }, unread);
        this.accept(hot);
      }, (err) => log.debug("reports cache: read marks unavailable, not warming", { error: String(err) }))
      .finally(() => this.filtering.delete(filtered));
    this.filtering.add(filtered);
  }

  private accept(items: WarmItem[]): void {
    if (this.stopped) return;
    for (const i of items) this.add(i);
    this.running ??= this.run().finally(() => { this.running = null; });
  }

  private add(item: WarmItem): void {
    const k = `${item.orgId}|${item.propertyId}`;
    if (this.queue.has(k)) return;
    if (this.queue.size >= WARM_QUEUE_MAX) { this.stats.dropped++; warmed.inc({ outcome: "dropped" }); return; }
    this.queue.set(k, item);
  }

  private async run(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const [k, item] = this.queue.entries().next().value!;
      this.queue.delete(k);
      try {
        await this.warmOne(item.orgId, item.propertyId);
        this.stats.warmed++;
        warmed.inc({ outcome: "warmed" });
      } catch (err) {
        this.stats.failed++;
        warmed.inc({ outcome: "failed" });
        log.debug("reports cache: warming failed", { ...item, error: String(err) });
      }
    }
  }

  /** Resolves when the queue is empty and no filter is pending. */
  async idle(): Promise<void> {
    while (this.running || this.filtering.size > 0) {
      await Promise.all(this.filtering);
      if (this.running) await this.running;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.clear();
    await this.idle();
  }
}

/** What an admin of the organisation sees; property ids in the order backend/auth/users.ts loadAccess gives them, so the summary key matches. */
async function adminView(orgId: string): Promise<AuthData> {
  const { properties } = await auth.propertyFacts({ orgId });
  return { userID: "cache-warmer", orgId, role: "admin", propertyIds: properties.map((p) => p.id) };
}

/** Recomputes a property's daily report for its today, or with propertyId SUMMARY the organisation's summary. */
export async function warmProperty(orgId: string, propertyId: string): Promise<void> {
  const admin = await adminView(orgId);
  if (propertyId === SUMMARY) {
    await summary(admin);
    return;
  }
  if (!admin.propertyIds.includes(propertyId)) return; // deleted meanwhile
  const p = await propertyFacts.factOf(orgId, propertyId);
  if (!p) return;
  await dailyReport(admin, propertyId, todayIn(p.timezone));
}

/** The keys someone read within the read window (read-marks.ts). */
async function readLately(items: WarmItem[]): Promise<WarmItem[]> {
  const read = await readMarks.wereRead(items.map((i) => ({ orgId: i.orgId, scope: i.propertyId })));
  return items.filter((_, i) => read[i]);
}

export const cacheWarmer = new CacheWarmer((orgId, propertyId) => warmingContext.run(true, () => warmProperty(orgId, propertyId)), readLately);
cacheInvalidator.onApplied = (items: Invalidation[]) => {
  if (process.env.CACHE_WARMING !== "false") cacheWarmer.enqueue(items);
};
onShutdown("reports-cache-warmer", () => cacheWarmer.stop());

/**
 * Properties with a cash-book row on the latest dates (not after tomorrow: a
 * zone ahead of UTC may be there already), to warm at start: read from the end
 * of the date index (migration 34) and stopped after `limit` × 10 rows, so the
 * cost does not grow with the cash book's history or the number of tenants.
 */
export async function warmAtStart(limit = WARM_AT_START_MAX): Promise<number> {
  const rows = await db.queryAll<{ orgId: string; propertyId: string }>`
    SELECT org_id::text AS "orgId", property_id::text AS "propertyId"
      FROM daily_cash_balances WHERE balance_date <= current_date + 1
     ORDER BY balance_date DESC LIMIT ${limit * 10}`;
  const latest = new Map<string, { orgId: string; propertyId: string }>();
  for (const r of rows) if (latest.size < limit) latest.set(`${r.orgId}|${r.propertyId}`, r);
  // Whether or not anyone read them lately: after a restart the first readers should find them.
  cacheWarmer.enqueue([...latest.values()], { evenUnread: true });
  return latest.size;
}

// At start (not in tests, whose databases come and go): once the service has settled.
if (process.env.CACHE_WARMING !== "false" && (process.env.NODE_ENV !== "test" || process.env.CACHE_WARM_AT_START === "true")) {
  const timer = setTimeout(() => { warmAtStart().catch((err) => log.warn(err, "reports cache: warming at start failed")); }, WARM_START_DELAY_MS);
  timer.unref();
  onShutdown("reports-cache-warm-at-start", async () => clearTimeout(timer));
}
