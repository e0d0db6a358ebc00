import { describe, expect, it } from "vitest";
import { knownPropertyId } from "./property-param";

const properties = [{ id: "0193a5c2-7f1e-7b3a-9c41-5d2e8f0a6b17" }, { id: "0193a5c2-7f1e-7b3a-9c41-5d2e8f0a6b18" }];

describe("knownPropertyId", () => {
  it("keeps an accessible property, in the API's lowercase form", () => {
    expect(knownPropertyId(properties, properties[1].id)).toBe(properties[1].id);
    expect(knownPropertyId(properties, properties[1].id.toUpperCase())).toBe(properties[1].id);
  });
  it("drops an id from an old link (a bigint id from before UUIDs), a foreign id and nothing", () => {
    expect(knownPropertyId(properties, "42")).toBeUndefined();
    expect(knownPropertyId(properties, "0193a5c2-7f1e-7b3a-9c41-000000000000")).toBeUndefined();
    expect(knownPropertyId(properties, null)).toBeUndefined();
    expect(knownPropertyId(properties, "")).toBeUndefined();
  });
});
