// The per-process reader of users' display names (user-names.ts): one
// lookup per list for the ids it has not cached, names set on the refs.
import { describe, expect, it } from "vitest";
import { userNamesReader } from "./user-names.ts";

function source(names: Record<string, string>) {
  const asked: string[][] = [];
  const fn = async (orgId: string, ids: string[]) => {
    asked.push([orgId, ...ids]);
    return ids.filter((id) => names[`${orgId}|${id}`] !== undefined).map((id) => ({ id, displayName: names[`${orgId}|${id}`] }));
  };
  return { fn, asked };
}

describe("userNamesReader", () => {
  it("fills each ref once per distinct id, skipping null refs and leaving unknown users null", async () => {
    const s = source({ "o1|u1": "Asha", "o1|u2": "Ravi" });
    const r = userNamesReader(s.fn);
    const refs = [{ id: "u1", displayName: null }, null, { id: "u2", displayName: null }, { id: "u1", displayName: null }, { id: "u9", displayName: "stale" }, { id: null, displayName: null }];
    await r.fill("o1", refs);
    expect(refs.map((x) => x?.displayName ?? null)).toEqual(["Asha", null, "Ravi", "Asha", null, null]);
    expect(s.asked).toEqual([["o1", "u1", "u2", "u9"]]);
  });

  it("asks again only for ids not cached, and keeps organisations apart", async () => {
    const s = source({ "o1|u1": "Asha", "o2|u1": "Other org's user" });
    const r = userNamesReader(s.fn);
    expect(await r.namesOf("o1", ["u1"])).toEqual(new Map([["u1", "Asha"]]));
    expect(await r.namesOf("o1", ["u1", "u3"])).toEqual(new Map([["u1", "Asha"]]));
    expect(await r.namesOf("o2", ["u1"])).toEqual(new Map([["u1", "Other org's user"]]));
    expect(s.asked).toEqual([["o1", "u1"], ["o1", "u3"], ["o2", "u1"]]);
  });

  it("makes no lookup for a list without ids", async () => {
    const s = source({});
    await userNamesReader(s.fn).fill("o1", [null, undefined]);
    expect(s.asked).toEqual([]);
  });
});
