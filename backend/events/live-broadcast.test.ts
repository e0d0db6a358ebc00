// Cash-book notices through PostgreSQL NOTIFY: many in one call arrive at a
// listener whole and in order, packed under the payload limit.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../database.ts";
import type { CashBookUpdated } from "../reports/topics.ts";
import { LiveHub } from "./live-hub.ts";
import { LiveListener, notifyCashbook } from "./live-broadcast.ts";

class RecordingHub extends LiveHub {
  readonly cashbook: CashBookUpdated[] = [];
  override publishCashbook(msg: CashBookUpdated) { this.cashbook.push(msg); }
}

const hub = new RecordingHub();
const listener = new LiveListener(hub, () => db.connectionString);
afterAll(() => listener.stop());

const update = (i: number, eventIds: string[] = [`e-${i}`]): CashBookUpdated =>
  ({ orgId: "org-1", propertyId: `property-${i}`, dates: ["2026-12-01"], eventIds, updatedAt: "2026-12-01T10:00:00.000Z" });

describe("cash-book notices across instances", () => {
  it("delivers a fold's worth of notices in order, several payloads' worth, and trims one too large to send", async () => {
    await listener.ready();
    const huge = update(9999, Array.from({ length: 400 }, (_, i) => `event-id-that-is-long-${i}`));
    const updates = [...Array.from({ length: 600 }, (_, i) => update(i)), huge];
    await notifyCashbook(updates);
    const until = Date.now() + 10_000;
    while (hub.cashbook.length < updates.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(hub.cashbook.map((u) => u.propertyId)).toEqual(updates.map((u) => u.propertyId));
    expect(hub.cashbook.at(-1)!.eventIds).toEqual([]);
    expect(hub.cashbook[0]).toEqual(updates[0]);
    expect(listener.stats.cashbookNotices).toBe(updates.length);
  });

  it("sends nothing for an empty batch", async () => {
    const before = hub.cashbook.length;
    await notifyCashbook([]);
    await notifyCashbook([update(1)]);
    const until = Date.now() + 10_000;
    while (hub.cashbook.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(hub.cashbook.slice(before).map((u) => u.propertyId)).toEqual(["property-1"]);
  });
});
