// The transactions list's search and filters (issue 19): text in the bank
// reference or description, an amount, payment mode, source or category, and
// who entered it; LIKE wildcards in the search are taken literally.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";

let app: TestApp;
let call: Call;
let org: Org;
let staff: Session;
let manager: Session;
let ids: Record<string, string> = {};

const list = async (query: string, token = manager.token) => {
  const r = await call("GET", `/finance/transactions?${query}`, { token });
  expect(r.status).toBe(200);
  return (r.body.items as { id: string }[]).map((t) => t.id).sort();
};
const idsOf = (...names: string[]) => names.map((n) => ids[n]).sort();

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call);
  const property = org.properties[0].id;
  staff = await createUser(call, org, "staff", [property]);
  manager = await createUser(call, org, "manager");
  const rev = async (name: string, token: string, body: Record<string, unknown>) => {
    const r = await call("POST", "/finance/revenues", { token, body: { propertyId: property, paymentMode: "cash", source: "room", occurredAt: "2026-11-02T06:00:00Z", ...body } });
    expect(r.status).toBe(200);
    ids[name] = r.body.id;
  };
  await rev("walkIn", staff.token, { amountCents: 125_050, description: "Walk-in guest, room 112" });
  await rev("upi", staff.token, { amountCents: 80_000, paymentMode: "bank", bankReference: "UPI-4821", source: "food", description: "Banquet 100% deposit" });
  await rev("bar", manager.token, { amountCents: 4_500, source: "beverage", description: "Bar tab" });
  const e = await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId: property, amountCents: 125_050, paymentMode: "cash", category: "maintenance", description: "Lift repair", expenseDate: "2026-11-02" } });
  ids.lift = e.body.id;
});
afterAll(() => app?.stop());

describe("transactions search and filters", () => {
  it("finds text in the description or bank reference, case aside", async () => {
    expect(await list("q=walk-in")).toEqual(idsOf("walkIn"));
    expect(await list("q=upi-48")).toEqual(idsOf("upi"));
  });

  it("finds an amount in major units, with or without grouping commas", async () => {
    expect(await list("q=1250.50")).toEqual(idsOf("walkIn", "lift"));
    expect(await list(`q=${encodeURIComponent("1,250.5")}`)).toEqual(idsOf("walkIn", "lift"));
    expect(await list("q=45")).toEqual(idsOf("bar"));
  });

  it("takes % and _ literally", async () => {
    expect(await list(`q=${encodeURIComponent("100%")}`)).toEqual(idsOf("upi"));
    expect(await list(`q=${encodeURIComponent("%")}`)).toEqual(idsOf("upi"));
    expect(await list(`q=${encodeURIComponent("_")}`)).toEqual([]);
  });

  it("filters by payment mode, source or category, and author, combined with the other filters", async () => {
    expect(await list("paymentMode=bank")).toEqual(idsOf("upi"));
    expect(await list("category=beverage")).toEqual(idsOf("bar"));
    expect(await list("category=maintenance&kind=expense")).toEqual(idsOf("lift"));
    expect(await list(`createdBy=${staff.userId}`)).toEqual(idsOf("walkIn", "upi"));
    expect(await list(`createdBy=${staff.userId}&paymentMode=cash&q=room`)).toEqual(idsOf("walkIn"));
  });

  it("refuses bad filters naming the field", async () => {
    for (const [query, field] of [["paymentMode=card", "paymentMode"], ["category=spa", "category"], ["createdBy=bob", "createdBy"], [`q=${"x".repeat(101)}`, "q"]]) {
      const r = await call("GET", `/finance/transactions?${query}`, { token: manager.token });
      expect(r.status).toBe(400);
      expect(r.body.details.field).toBe(field);
    }
  });
});
