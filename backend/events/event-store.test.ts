// The event store on real PostgreSQL: its batch writer (one INSERT, redeliveries
// skipped, one event per aggregate version), and the group commit the finance-events subscription writes through.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import type { DomainEvent } from "./event-store.ts";
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

interface Stored { seq: number; eventId: string; version: number; eventType: string; eventData: Record<string, unknown>; orgId: string }
const stored = (aggregateId: string) => db.queryAll<Stored>`
  SELECT seq, event_id AS "eventId", version, event_type AS "eventType", event_data AS "eventData", org_id AS "orgId"
    FROM domain_events WHERE aggregate_id = ${aggregateId}::uuid ORDER BY version`;

describe("the store's batch writer", () => {
  it("stores a batch in order, numbered by seq", async () => {
    const id = newId();
    await writeFinanceBatch([event(id, 1), event(id, 2)]);
    await writeFinanceBatch([event(id, 3, { eventData: { amountCents: 5 } })]);
    const all = await stored(id);
    expect(all.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(all[2]).toMatchObject({ eventType: "transaction.updated", eventData: { amountCents: 5 }, orgId: ORG });
    expect(all[0].seq).toBeLessThan(all[1].seq);
    expect(all[1].seq).toBeLessThan(all[2].seq);
  });

  it("treats a stored event id, or a stored version of the aggregate, as a redelivery: nothing changes", async () => {
    const id = newId();
    const first = event(id, 1);
    await writeFinanceBatch([first]);
    await writeFinanceBatch([first, event(id, 1, { eventData: { other: true } }), event(id, 2)]);
    const all = await stored(id);
    expect(all.map((e) => [e.version, e.eventId])).toEqual([[1, first.eventId], [2, all[1].eventId]]);
    expect(all[0].eventData).toEqual({ note: "v1" });
  });

  it("keeps one event per aggregate version under concurrent writers", async () => {
    const id = newId();
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFinanceBatch([event(id, 1, { eventData: { writer: i } })])));
    expect(await stored(id)).toHaveLength(1);
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
