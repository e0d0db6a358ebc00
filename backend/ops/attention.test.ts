// The operator's attention list on GET /ops/status (issue 19): counts with
// units, a what-to-do line and a runbook section for stale approvals,
// discrepancies, sign-in locks, dead letters and instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, createUser, startApp, type Call, type Org, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
let call: Call;
let org: Org;

const item = (body: { attention: { name: string }[] }, name: string) => body.attention.find((i) => i.name === name) as Record<string, unknown>;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Lagoon House" }] });
});
afterAll(() => app?.stop());

describe("attention", () => {
  it("says nothing needs doing on a quiet system, with the instance running", async () => {
    const r = await call("GET", "/ops/status", { token: org.admin.token });
    expect(r.status).toBe(200);
    expect(r.body.attention.map((i: { name: string }) => i.name)).toEqual(["stale_approvals", "discrepancies", "locked_accounts", "dead_letters", "instances"]);
    for (const name of ["stale_approvals", "discrepancies", "locked_accounts", "dead_letters"]) {
      expect(item(r.body, name)).toMatchObject({ value: 0, needsAction: false });
    }
    expect(item(r.body, "instances")).toMatchObject({ value: 1, unit: "instance", needsAction: false });
    for (const i of r.body.attention) {
      expect(i.whatToDo).toMatch(/\w+.*\./);
      expect(i.runbook).toMatch(/^docs\/operations\.md#[a-z0-9-]+$/);
    }
  });

  it("counts stale approvals, discrepancies and account locks, and asks for action", async () => {
    const property = org.properties[0].id;
    const staff = await createUser(call, org, "staff", [property]);
    const created = await call("POST", "/finance/revenues", {
      token: staff.token, body: { propertyId: property, amountCents: 1_000, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() },
    });
    expect(created.status).toBe(200);
    await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: property, amountCents: 2_000, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
    await db.exec`UPDATE revenues SET created_at = now() - interval '30 hours' WHERE id = ${created.body.id}`;
    const manager = await createUser(call, org, "manager");
    await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId: property, amountCents: 500, paymentMode: "cash", category: "supplies", expenseDate: "2026-11-01" } });
    await waitForProjection();
    await db.exec`UPDATE daily_cash_balances SET balance_discrepancy_cents = 100 WHERE property_id = ${property} AND balance_date = '2026-11-01'`;
    for (let i = 0; i < 5; i++) await call("POST", "/auth/login", { body: { email: manager.email, password: "wrong password" } });

    const r = await call("GET", "/ops/status", { token: org.admin.token });
    expect(item(r.body, "stale_approvals")).toMatchObject({ value: 1, unit: "entry", needsAction: true });
    expect(item(r.body, "stale_approvals").title).toMatch(/^Entries waiting more than 24 hours for approval \(oldest pending: 30(\.\d)? hours\)$/);
    expect(item(r.body, "discrepancies")).toMatchObject({ value: 1, unit: "day", needsAction: true });
    expect(item(r.body, "locked_accounts")).toMatchObject({ value: 1, unit: "lock", needsAction: true, title: "Sign-in locks in force (1 account, 0 addresses)" });
    // Counts only: nothing of the tenant in the list.
    expect(JSON.stringify(r.body.attention)).not.toContain(manager.email);
    expect(JSON.stringify(r.body.attention)).not.toContain("Lagoon House");
  });
});
