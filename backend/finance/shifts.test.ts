// Cashier shifts over HTTP on real PostgreSQL: expected cash from the float
// and the cashier's cash entries, paid-outs and drops; counted by total or by
// denomination with over/short; blind count; sign-off; a day close refused
// while a shift is open unless forced with a reason; roles and tenancy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, createOrg, createUser, hotelWithPeople } from "../testing/fixtures.ts";

const TZ = "Asia/Kolkata";

let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let hotel: string;
let staff: Session;
let staff2: Session;
let manager: Session;

const today = () => todayIn(TZ);
const now = () => new Date().toISOString();

beforeAll(async () => {
  ({ app, call, a, b, hotel, staff, staff2, manager } = await hotelWithPeople({ name: "Bay", timezone: TZ, currency: "INR" }));
});
afterAll(() => app?.stop());

describe("a shift", () => {
  let shift: { id: string };

  it("opens with a float, once per cashier and property", async () => {
    const r = await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: hotel, floatCents: 5_000 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    shift = r.body;
    expect(r.body).toMatchObject({ status: "open", floatCents: 5_000, expectedCents: 5_000, cashier: { id: staff.userId }, businessDate: today(), blind: false });
    const again = await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: hotel, floatCents: 1 } });
    expect(again.status).toBe(409);
  });

  it("expects the float plus cash received, minus cash paid out and dropped", async () => {
    const rev = (amountCents: number, paymentMode = "cash") =>
      call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents, paymentMode, bankReference: paymentMode === "bank" ? "CARD" : null, source: "room", occurredAt: now() } });
    await rev(12_000);
    await rev(7_000, "bank");
    const mistake = (await rev(999)).body;
    await call("POST", `/finance/transactions/revenue/${mistake.id}/reject`, { token: manager.token, body: { reason: "duplicate" } });
    await call("POST", "/finance/expenses", { token: staff.token, body: { propertyId: hotel, amountCents: 1_500, paymentMode: "cash", category: "supplies", expenseDate: today() } });
    await call("POST", "/finance/movements", { token: staff.token, body: { propertyId: hotel, movementType: "cash_drop", amountCents: 4_000 } });
    await call("POST", "/finance/movements", { token: staff.token, body: { propertyId: hotel, movementType: "paid_out", amountCents: 500 } });
    // Another cashier's entry is not this drawer's.
    await call("POST", "/finance/revenues", { token: staff2.token, body: { propertyId: hotel, amountCents: 800, paymentMode: "cash", source: "food", occurredAt: now() } });
    const s = await call("GET", `/finance/shifts/${shift.id}`, { token: staff.token });
    expect(s.body).toMatchObject({ cashReceivedCents: 12_000, cashPaidCents: 1_500, cashMovedCents: -4_500, expectedCents: 5_000 + 12_000 - 1_500 - 4_500 });
  });

  it("closes with a count by denomination, keeping expected and over/short", async () => {
    const bad = await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff.token, body: { denominations: [{ valueCents: 300, count: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe("denominations");
    const both = await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff.token, body: { countedCents: 1, denominations: [{ valueCents: 100, count: 1 }] } });
    expect(both.status).toBe(400);
    expect((await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff2.token, body: { countedCents: 1 } })).status).toBe(404);
    // ₹100 + 4 × ₹2 = ₹108.00 counted against ₹110.00 expected: ₹2.00 short.
    const r = await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff.token, body: { denominations: [{ valueCents: 10_000, count: 1 }, { valueCents: 200, count: 4 }] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: "closed", countedCents: 10_800, expectedCents: 11_000, overShortCents: -200 });
    // Later entries do not change a closed shift's figures.
    await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents: 3_000, paymentMode: "cash", source: "room", occurredAt: now() } });
    expect((await call("GET", `/finance/shifts/${shift.id}`, { token: manager.token })).body).toMatchObject({ expectedCents: 11_000, overShortCents: -200 });
    const twice = await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff.token, body: { countedCents: 1 } });
    expect(twice.body.details.reason).toBe("shift_not_open");
  });

  it("is signed off by a manager only", async () => {
    expect((await call("POST", `/finance/shifts/${shift.id}/sign-off`, { token: staff.token, body: {} })).status).toBe(403);
    const r = await call("POST", `/finance/shifts/${shift.id}/sign-off`, { token: manager.token, body: { note: "short explained: change given" } });
    expect(r.body).toMatchObject({ status: "signed_off", signedOffBy: { id: manager.userId }, note: "short explained: change given" });
    expect((await call("POST", `/finance/shifts/${shift.id}/sign-off`, { token: manager.token, body: {} })).body.details.reason).toBe("shift_not_closed");
  });

  it("hides the expected cash from the cashier of a blind shift until the count is in", async () => {
    const s = (await call("POST", "/finance/shifts", { token: staff2.token, body: { propertyId: hotel, floatCents: 1_000, blind: true } })).body;
    expect(s).toMatchObject({ blind: true, expectedCents: null, cashReceivedCents: null });
    await call("POST", "/finance/revenues", { token: staff2.token, body: { propertyId: hotel, amountCents: 2_500, paymentMode: "cash", source: "food", occurredAt: now() } });
    expect((await call("GET", `/finance/shifts/${s.id}`, { token: staff2.token })).body.expectedCents).toBeNull();
    expect((await call("GET", `/finance/shifts/${s.id}`, { token: manager.token })).body.expectedCents).toBe(3_500);
    const closed = await call("POST", `/finance/shifts/${s.id}/close`, { token: staff2.token, body: { countedCents: 3_700 } });
    expect(closed.body).toMatchObject({ expectedCents: 3_500, countedCents: 3_700, overShortCents: 200 });
  });

  it("is listed per cashier for a range, staff seeing only their own, and hidden from other tenants", async () => {
    const mine = await call("GET", `/finance/shifts?propertyId=${hotel}&from=${today()}&to=${today()}`, { token: staff.token });
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([shift.id]);
    const all = await call("GET", `/finance/shifts?propertyId=${hotel}&from=${today()}&to=${today()}`, { token: manager.token });
    expect(all.body.items).toHaveLength(2);
    const one = await call("GET", `/finance/shifts?propertyId=${hotel}&from=${today()}&to=${today()}&userId=${staff2.userId}`, { token: manager.token });
    expect(one.body.items.map((s: { cashier: { id: string } }) => s.cashier.id)).toEqual([staff2.userId]);
    expect((await call("GET", `/finance/shifts/${shift.id}`, { token: staff2.token })).status).toBe(404);
    expect((await call("GET", `/finance/shifts/${shift.id}`, { token: b.admin.token })).status).toBe(404);
    expect((await call("POST", "/finance/shifts", { token: b.admin.token, body: { propertyId: hotel, floatCents: 0 } })).status).toBe(404);
  });
});

describe("a day close with a shift open", () => {
  it("is refused unless forced with a reason, and lists the day's shifts", async () => {
    const org = await createOrg(call, { properties: [{ name: "Cove", timezone: TZ }], editableDays: 7 });
    const cove = org.properties[0].id;
    const cashier = await createUser(call, org, "staff", [cove]);
    const boss = await createUser(call, org, "manager");
    const done = (await call("POST", "/finance/shifts", { token: cashier.token, body: { propertyId: cove, floatCents: 500 } })).body;
    await call("POST", `/finance/shifts/${done.id}/close`, { token: cashier.token, body: { countedCents: 450 } });
    const s = (await call("POST", "/finance/shifts", { token: cashier.token, body: { propertyId: cove, floatCents: 2_000 } })).body;
    const refused = await call("POST", `/finance/days/${cove}/${today()}/close`, { token: boss.token, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toMatchObject({ reason: "open_shifts", shifts: [{ id: s.id }] });
    const noReason = await call("POST", `/finance/days/${cove}/${today()}/close`, { token: boss.token, body: { force: true } });
    expect(noReason.body.details.field).toBe("reason");
    const review = await call("GET", `/finance/days/${cove}/${today()}`, { token: boss.token });
    expect(review.body.shifts.map((x: { status: string; overShortCents: number | null }) => [x.status, x.overShortCents])).toEqual([["open", null], ["closed", -50]]);
    const forced = await call("POST", `/finance/days/${cove}/${today()}/close`, { token: boss.token, body: { force: true, reason: "night auditor counts the drawer tomorrow" } });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body.close.forcedReason).toBe("night auditor counts the drawer tomorrow");
  });
});
