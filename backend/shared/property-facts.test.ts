// The per-process reader of properties' facts (property-facts.ts): one
// lookup for the ids it has not cached, and a property write in this
// process (propertyChanged) reaching the next read at once.
import { describe, expect, it } from "vitest";
import { propertyChanged, propertyFactsReader, type PropertyFacts } from "./property-facts.ts";

const facts = (id: string, over: Partial<PropertyFacts> = {}): PropertyFacts =>
  ({ id, name: `Hotel ${id}`, timezone: "Asia/Kolkata", currency: "INR", openingCashCents: 0, archived: false, ...over });

function source(initial: Record<string, PropertyFacts>) {
  const rows = { ...initial };
  const asked: string[][] = [];
  const fn = async (orgId: string, ids: string[]) => {
    asked.push([orgId, ...ids]);
    return ids.flatMap((id) => (rows[`${orgId}|${id}`] ? [rows[`${orgId}|${id}`]] : []));
  };
  return { fn, asked, rows };
}

describe("propertyFactsReader", () => {
  it("asks once for the ids not cached and leaves out properties of other organisations", async () => {
    const s = source({ "o1|p1": facts("p1"), "o2|p2": facts("p2") });
    const r = propertyFactsReader(s.fn);
    expect([...(await r.factsOf("o1", ["p1", "p2", "p1"])).keys()]).toEqual(["p1"]);
    expect(await r.factOf("o1", "p1")).toEqual(facts("p1"));
    expect(await r.factOf("o1", "p2")).toBeUndefined();
    expect(s.asked).toEqual([["o1", "p1", "p2"], ["o1", "p2"]]);
  });

  it("reads a property again once it changed in this process, in every reader", async () => {
    const s = source({ "o1|p1": facts("p1") });
    const finance = propertyFactsReader(s.fn);
    const reports = propertyFactsReader(s.fn);
    expect((await finance.factOf("o1", "p1"))!.archived).toBe(false);
    expect((await reports.factOf("o1", "p1"))!.archived).toBe(false);
    s.rows["o1|p1"] = facts("p1", { archived: true, timezone: "America/New_York" });
    expect((await finance.factOf("o1", "p1"))!.archived).toBe(false); // cached
    propertyChanged("o1", "p1");
    expect(await finance.factOf("o1", "p1")).toMatchObject({ archived: true, timezone: "America/New_York" });
    expect(await reports.factOf("o1", "p1")).toMatchObject({ archived: true, timezone: "America/New_York" });
  });
});
