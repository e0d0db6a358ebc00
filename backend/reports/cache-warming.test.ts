// Cache warming on the real app and database: after a commit invalidates a
// property, its current business day and the organisation's summary are
// recomputed in the background, so the next reads are hits, if someone read
// them lately; with warming off, the same reads miss. Warming's own lookups stay out of the hit rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { cacheInvalidator, reportsCache } from "./cache.ts";
import { CacheWarmer, SUMMARY, cacheWarmer, warmAtStart } from "./cache-warming.ts";
import { todayIn } from "../shared/business-date.ts";

let app: TestApp;
let call: Call;
let org: Org;
let staff: Session;
let propertyId: string;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Hotel", timezone: "Asia/Kolkata", openingCashCents: 5_000 }] });
  propertyId = org.properties[0].id;
  staff = await createUser(call, org, "staff", [propertyId]);
});
afterAll(async () => { delete process.env.CACHE_WARMING; await app.stop(); });

async function commitRevenue(amountCents: number) {
  const t = await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
  expect(t.status).toBe(200);
  expect((await call("POST", `/finance/transactions/revenue/${t.body.id}/approve`, { token: org.admin.token })).status).toBe(200);
  await waitForProjection();
  await cacheInvalidator.idle();
  await cacheWarmer.idle();
}

/** The hot reads a dashboard makes after a change: today's daily report and the summary. */
async function hotReads(): Promise<{ hits: number; misses: number; closing: number }> {
  const before = { ...reportsCache.stats };
  const daily = await call("GET", `/reports/daily?propertyId=${propertyId}&date=${todayIn("Asia/Kolkata")}`, { token: org.admin.token });
  expect(daily.status).toBe(200);
  expect((await call("GET", "/reports/summary", { token: org.admin.token })).status).toBe(200);
  const s = reportsCache.stats;
  return { hits: s.hits + s.l2Hits - before.hits - before.l2Hits, misses: s.misses - before.misses, closing: daily.body.closingBalanceCents };
}

describe("cache warming", () => {
  it("without warming, the reads after a commit miss", async () => {
    process.env.CACHE_WARMING = "false";
    await hotReads();
    await commitRevenue(1_000);
    const r = await hotReads();
    expect(r).toMatchObject({ hits: 0, misses: 2, closing: 6_000 });
  });

  it("with warming, the reads after a commit hit, and show the commit", async () => {
    process.env.CACHE_WARMING = "true";
    const warmedBefore = cacheWarmer.stats.warmed;
    await commitRevenue(2_000);
    expect(cacheWarmer.stats.warmed).toBeGreaterThan(warmedBefore);
    const r = await hotReads();
    expect(r).toMatchObject({ hits: 2, misses: 0, closing: 8_000 });
  });

  it("warms the properties with cash-book rows on the latest dates at start", async () => {
    reportsCache.clear();
    expect(await warmAtStart(10)).toBe(1);
    await cacheWarmer.idle();
    const r = await hotReads();
    expect(r).toMatchObject({ hits: 2, misses: 0, closing: 8_000 });
  });

  it("recomputes an organisation's summary once for a burst of its properties' invalidations, after them", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const warmer = new CacheWarmer(async (orgId, propertyId) => {
      calls.push(`${orgId}/${propertyId}`);
      await gate;
    });
    const items = (ids: string[]) => ids.map((propertyId) => ({ orgId: "o", propertyId }));
    warmer.enqueue(items(["p1", "p2", "p3"]));
    warmer.enqueue(items(["p2", "p3", "p4", "p5"])); // while p1 warms: p2 and p3 and the summary are already waiting
    release();
    await warmer.idle();
    expect(calls).toEqual(["o/p1", "o/p2", "o/p3", `o/${SUMMARY}`, "o/p4", "o/p5"]);
  });
  it("leaves a property nobody read lately to its first read", async () => {
    process.env.CACHE_WARMING = "true";
    const annex = (await call("POST", "/properties", { token: org.admin.token, body: { name: "Annex", timezone: "Asia/Kolkata" } })).body.id;
    const { unread, warmed } = cacheWarmer.stats;
    const t = await call("POST", "/finance/revenues", { token: org.admin.token, body: { propertyId: annex, amountCents: 700, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
    expect(t.status).toBe(200);
    await waitForProjection();
    await cacheInvalidator.idle();
    await cacheWarmer.idle();
    expect(cacheWarmer.stats.unread).toBe(unread + 1);
    expect(cacheWarmer.stats.warmed).toBe(warmed + 1); // the summary, which the earlier tests read
    const before = reportsCache.stats.misses;
    const daily = await call("GET", `/reports/daily?propertyId=${annex}&date=${todayIn("Asia/Kolkata")}`, { token: org.admin.token });
    expect(daily.body.closingBalanceCents).toBe(700);
    expect(reportsCache.stats.misses).toBe(before + 1);
  });
});
