// Auth's internal endpoints that other services read users and properties
// through (docs/architecture.md, "who reads what"): scoped to the
// organisation they are given, whoever asks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { propertyFacts, userNames } from "./internal-api.ts";
import { createOrg, createUser, startApp, type Org, type TestApp } from "../testing/fixtures.ts";

let app: TestApp;
let a: Org;
let b: Org;

beforeAll(async () => {
  app = await startApp();
  a = await createOrg(app.call);
  b = await createOrg(app.call);
});
afterAll(() => app.stop());

describe("userNames", () => {
  it("names the organisation's users and leaves out unknown ids and other organisations' users", async () => {
    const staff = await createUser(app.call, a, "staff", [a.properties[0].id]);
    const unknown = "00000000-0000-7000-8000-000000000000";
    const { users } = await userNames({ orgId: a.orgId, userIds: [a.admin.userId, staff.userId, b.admin.userId, unknown] });
    expect(users.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [{ id: a.admin.userId, displayName: "Admin" }, { id: staff.userId, displayName: "staff user" }].sort((x, y) => x.id.localeCompare(y.id)),
    );
  });

  it("answers an empty list for no ids and refuses a malformed id with a 400", async () => {
    expect(await userNames({ orgId: a.orgId, userIds: [] })).toEqual({ users: [] });
    await expect(userNames({ orgId: a.orgId, userIds: ["not-an-id"] })).rejects.toMatchObject({ code: "invalid_argument" });
  });
});

describe("propertyFacts", () => {
  it("gives the organisation's properties' facts and leaves out another organisation's", async () => {
    const mine = a.properties[0].id;
    const theirs = b.properties[0].id;
    const { properties } = await propertyFacts({ orgId: a.orgId, propertyIds: [mine, theirs] });
    expect(properties).toEqual([{ id: mine, name: a.properties[0].name, timezone: a.properties[0].timezone, currency: expect.any(String), openingCashCents: expect.any(Number), archived: false }]);
    expect((await propertyFacts({ orgId: a.orgId })).properties.map((p) => p.id)).toEqual(a.properties.map((p) => p.id).sort());
  });

  it("says when a property is archived", async () => {
    const p = await app.call("POST", "/properties", { token: a.admin.token, body: { name: "Closed Wing", timezone: "Asia/Kolkata" } });
    expect((await app.call("PATCH", `/properties/${p.body.id}`, { token: a.admin.token, body: { archived: true } })).status).toBe(200);
    expect((await propertyFacts({ orgId: a.orgId, propertyIds: [p.body.id] })).properties[0].archived).toBe(true);
  });
});
