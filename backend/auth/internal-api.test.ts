// Auth's internal endpoints that other services read users and properties
// through (docs/architecture.md, "who reads what"): scoped to the
// organisation they are given, whoever asks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userNames } from "./internal-api.ts";
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
