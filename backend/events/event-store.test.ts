// The event store on real PostgreSQL: append/get with optimistic concurrency,
// and the group commit the finance-events subscription writes through.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { appendEvents, currentVersion, getEvents, isVersionConflict, type DomainEvent } from "./event-store.ts";
import { EVENT_STORE_BATCHING, writeFinanceBatch } from "./event-batching.ts";
import { GroupCommit } from "../shared/group-commit.ts";
import { newId } from "../shared/ids.ts";

const db = SQLDatabase.named("hospitality");
// The store keeps no foreign keys to the ledger: any well-formed ids will do.
const ORG = newId();
const PROPERTY = newId();
const ACTOR = newId();

function event(aggregateId: string, version: number, over: Partial<DomainEvent> = {}): DomainEvent {
  return {
    eventId: randomUUID(), aggregateId, aggregateType: "revenue", eventType: "transaction.updated",
    eventData: { note: `v${version}` }, orgId: ORG, propertyId: PROPERTY, actorUserId: ACTOR,
    occurredAt: new Date().toISOString(), version, ...over,
  };
}

describe("appendEvents / getEvents", () => {
  it("stores events and reads them back in version order from a version", async () => {
    const id = newId();
    await appendEvents([event(id, 1), event(id, 2)]);
    await appendEvents([event(id, 3, { eventData: { amountCents: 5 } })]);
    const all = await getEvents(id);
    expect(all.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(all[2]).toMatchObject({ aggregateId: id, eventType: "transaction.updated", eventData: { amountCents: 5 }, orgId: ORG });
    expect(all[0].seq).toBeLessThan(all[1].seq);
    expect((await getEvents(id, 1)).map((e) => e.version)).toEqual([2, 3]);
    expect(await currentVersion(id)).toBe(3);
  });

  it("fails with a clear conflict when the explicit version exists, and stores nothing of that append", async () => {
    const id = newId();
    await appendEvents([event(id, 1)]);
    const err = await appendEvents([event(id, 2), event(id, 1)]).catch((e) => e);
    expect(isVersionConflict(err)).toBe(true);
    expect(err.code).toBe("aborted");
    expect(err.message).toBe(`version conflict: aggregate ${id} already has version 1; reload and retry`);
    expect(err.details).toMatchObject({ aggregateId: id, version: 1 });
    expect((await getEvents(id)).map((e) => e.version)).toEqual([1]);
  });

  it("treats re-appending a stored event id as a no-op", async () => {
    const id = newId();
    const e = event(id, 1);
    expect(await appendEvents([e])).toHaveLength(1);
    expect(await appendEvents([e])).toEqual([]);
    expect(await getEvents(id)).toHaveLength(1);
  });

  it("keeps versions unique under concurrent appends for one aggregate", async () => {
    const id = newId();
    // 20 writers all read "current version 0" and race to append version 1: exactly one wins.
    const race = await Promise.allSettled(Array.from({ length: 20 }, () => appendEvents([event(id, 1)])));
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of race) if (r.status === "rejected") expect(isVersionConflict(r.reason)).toBe(true);

    // Writers that reload and retry on conflict all get in, each with its own version.
    const writer = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const v = (await currentVersion(id)) + 1;
        try {
          await appendEvents([event(id, v)]);
          return v;
        } catch (err) {
          if (!isVersionConflict(err)) throw err;
        }
      }
      throw new Error("writer starved");
    };
    const versions = await Promise.all(Array.from({ length: 15 }, writer));
    expect(new Set(versions).size).toBe(15);
    const stored = (await getEvents(id)).map((e) => e.version);
    expect(stored).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it("rejects a non-positive version as invalid input", async () => {
    const err = await appendEvents([event(newId(), 0)]).catch((e) => e);
    expect(err.code).toBe("invalid_argument");
  });
});

describe("group commit", () => {
  it("writes concurrent events in few batches, each with one statement, and skips redeliveries", async () => {
    const gc = new GroupCommit(writeFinanceBatch, { ...EVENT_STORE_BATCHING, maxBatch: 100, maxWaitMs: 5, maxPending: 1000 });
    const events = Array.from({ length: 250 }, (_, i) => event(newId(), 1, { eventData: { i } }));
    await Promise.all(events.map((e) => gc.add(e)));
    expect(gc.stats.items).toBe(250);
    expect(gc.stats.batches).toBeLessThanOrEqual(5);
    expect(gc.stats.largestBatch).toBe(100);
    // A redelivery of every event (and one twice in the same batch) changes nothing.
    await Promise.all([...events, events[0]].map((e) => gc.add(e)));
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE event_id = ANY(${events.map((e) => e.eventId)}::uuid[])`;
    expect(n!.n).toBe(250);
    await gc.drain();
  });

  it("returns only after the batch committed: the row is visible when add() resolves", async () => {
    const gc = new GroupCommit(writeFinanceBatch, EVENT_STORE_BATCHING);
    const e = event(newId(), 1);
    await gc.add(e);
    const row = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE event_id = ${e.eventId}::uuid`;
    expect(row!.n).toBe(1);
  });

  it("rejects every caller of a failed batch and stores none of it", async () => {
    const gc = new GroupCommit(writeFinanceBatch, { ...EVENT_STORE_BATCHING, maxBatch: 50, maxWaitMs: 20, maxPending: 1000 });
    const good = Array.from({ length: 5 }, () => event(newId(), 1));
    // An invalid uuid fails the whole INSERT, so the whole batch must fail.
    const bad = event(newId(), 1, { eventId: "not-a-uuid" });
    const results = await Promise.allSettled([...good, bad].map((e) => gc.add(e)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(gc.stats.failedBatches).toBe(1);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE event_id = ANY(${good.map((e) => e.eventId)}::uuid[])`;
    expect(n!.n).toBe(0);
    // The retry (redelivery) of the good ones succeeds.
    await Promise.all(good.map((e) => gc.add(e)));
  });

  it("is bounded: refuses events beyond its queue limit instead of growing", async () => {
    const gc = new GroupCommit<DomainEvent>(async () => { await new Promise((r) => setTimeout(r, 50)); }, { ...EVENT_STORE_BATCHING, maxBatch: 10, maxWaitMs: 1000, maxPending: 5 });
    const accepted = Array.from({ length: 5 }, () => gc.add(event(newId(), 1)));
    const refused = await gc.add(event(newId(), 1)).catch((e) => e);
    expect(refused.code).toBe("resource_exhausted");
    await gc.drain();
    await Promise.all(accepted);
  });

  it("drains queued events on shutdown and refuses new ones afterwards", async () => {
    const gc = new GroupCommit(writeFinanceBatch, { ...EVENT_STORE_BATCHING, maxBatch: 500, maxWaitMs: 10_000, maxPending: 1000 });
    const events = Array.from({ length: 3 }, () => event(newId(), 1));
    const pending = events.map((e) => gc.add(e));
    expect(gc.depth).toBe(3);
    await gc.drain();
    await Promise.all(pending);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE event_id = ANY(${events.map((e) => e.eventId)}::uuid[])`;
    expect(n!.n).toBe(3);
    expect((await gc.add(event(newId(), 1)).catch((e) => e)).code).toBe("unavailable");
  });
});
