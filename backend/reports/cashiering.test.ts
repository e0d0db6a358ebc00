// The reports' cashiering parts over HTTP: the daily report's close state,
// shifts with over/short and movements; the cashier report per shift and per
// cashier for a range, and its CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, hotelWithPeople } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { eventually } from "../testing/eventually.ts";

const TZ = "Asia/Kolkata";
let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let hotel: string;
let staff: Session;
let staff2: Session;
let manager: Session;
const yesterday = () => addDays(todayIn(TZ), -1);
const today = () => todayIn(TZ);

beforeAll(async () => {
  ({ app, call, a, b, hotel, staff, staff2, manager } = await hotelWithPeople({ name: "Reef, North", timezone: TZ }));
  for (const [who, counted] of [[staff, 1_900], [staff2, 2_050]] as const) {
    const s = (await call("POST", "/finance/shifts", { token: who.token, body: { propertyId: hotel, floatCents: 2_000 } })).body;
    await call("POST", `/finance/shifts/${s.id}/close`, { token: who.token, body: { countedCents: counted } });
  }
  await call("POST", "/finance/movements", { token: manager.token, body: { propertyId: hotel, movementType: "cash_drop", amountCents: 1_000, date: yesterday() } });
  expect((await call("POST", `/finance/days/${hotel}/${yesterday()}/close`, { token: manager.token, body: {} })).status).toBe(200);
  await waitForProjection();
});
afterAll(() => app?.stop());

describe("daily report", () => {
  it("shows the day's close state and movements, and today's shifts with over/short", async () => {
    const y = (await call("GET", `/reports/daily?propertyId=${hotel}&date=${yesterday()}`, { token: staff.token })).body;
    expect(y.dayClose).toMatchObject({ closed: true, closedBy: { id: manager.userId } });
    expect(y.movements).toEqual([expect.objectContaining({ movementType: "cash_drop", amountCents: 1_000, cashEffectCents: -1_000, bankEffectCents: 1_000 })]);
    expect(y).toMatchObject({ cashMovedCents: -1_000, bankMovedCents: 1_000, cashReceivedCents: 0 });
    const t = (await call("GET", `/reports/daily?propertyId=${hotel}&date=${today()}`, { token: manager.token })).body;
    expect(t.dayClose.closed).toBe(false);
    expect(t.shifts.map((s: { overShortCents: number }) => s.overShortCents).sort()).toEqual([-100, 50]);
  });
});

describe("cashier report", () => {
  it("totals each cashier's shifts for a range; staff see their own", async () => {
    const r = (await call("GET", `/reports/cashiers?propertyId=${hotel}&from=${yesterday()}&to=${today()}`, { token: manager.token })).body;
    expect(r.shifts).toHaveLength(2);
    expect(r.cashiers.map((c: { cashier: { id: string }; overShortCents: number; counted: number }) => [c.cashier.id, c.overShortCents, c.counted]).sort())
      .toEqual([[staff.userId, -100, 1], [staff2.userId, 50, 1]].sort());
    const own = (await call("GET", `/reports/cashiers?propertyId=${hotel}&from=${yesterday()}&to=${today()}`, { token: staff.token })).body;
    expect(own.shifts.map((s: { cashier: { id: string } }) => s.cashier.id)).toEqual([staff.userId]);
    expect((await call("GET", `/reports/cashiers?propertyId=${hotel}&from=${today()}&to=${today()}`, { token: b.admin.token })).status).toBe(404);
  });

  it("exports the shifts as CSV in major units", async () => {
    const res = await fetch(`${app.host.url}/reports/cashiers.csv?propertyId=${hotel}&from=${yesterday()}&to=${today()}`, { headers: { authorization: `Bearer ${manager.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const [header, ...rows] = (await res.text()).trim().split("\r\n");
    expect(header).toBe("property,currency,business_date,cashier,status,float,expected,counted,over_short,opened_at,closed_at,signed_off_by");
    // The last ten columns: the property name before them is quoted and may hold a comma.
    const parsed = rows.map((l) => l.split(",").slice(-10));
    expect(parsed.map((p) => [p[0], p[2], p[3], p[4], p[6]]).sort()).toEqual([
      [today(), "closed", "20.00", "20.00", "-1.00"], [today(), "closed", "20.00", "20.00", "0.50"],
    ].sort());
  });
});

describe("Today summary", () => {
  it("shows whether each property's day is closed, fresh after a reopen and a close (not the cached figures' state)", async () => {
    const closedOf = async (query: string) => {
      const r = await call("GET", `/reports/summary${query}`, { token: staff.token });
      expect(r.status).toBe(200);
      return r.body.items.find((i: { propertyId: string }) => i.propertyId === hotel).dayClose;
    };
    expect(await closedOf(`?date=${yesterday()}`)).toMatchObject({ closed: true, closedBy: { id: manager.userId } });
    expect(await closedOf("")).toMatchObject({ closed: false, closedAt: null });
    expect((await call("POST", `/finance/days/${hotel}/${yesterday()}/reopen`, { token: a.admin.token, body: { reason: "late folio" } })).status).toBe(200);
    expect((await closedOf(`?date=${yesterday()}`)).closed).toBe(false);
    expect((await call("POST", `/finance/days/${hotel}/${yesterday()}/close`, { token: manager.token, body: {} })).status).toBe(200);
    expect((await closedOf(`?date=${yesterday()}`)).closed).toBe(true);
  });
});

describe("the cached daily report", () => {
  it("changes with a shift opened, a shift closed and a day closed, as with a cash-book change (cached with the figures)", async () => {
    type Day = { shifts: { id: string; status: string }[]; dayClose: { closed: boolean } };
    const day = async (): Promise<Day> => (await call("GET", `/reports/daily?propertyId=${hotel}&date=${today()}`, { token: manager.token })).body;
    // Shorter than today's cache TTL (15 s, cache.ts): only an invalidation can show the change in time.
    const soon = (ok: (d: Day) => boolean) => eventually(day, ok, 8_000);
    const before = await day();
    expect(before.shifts).toHaveLength(2);
    const hit = await day();
    expect(hit).toEqual(before);

    const s = (await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: hotel, floatCents: 500 } })).body;
    const opened = await soon((d) => d.shifts.length === 3);
    expect(opened.shifts.find((x) => x.id === s.id)).toMatchObject({ status: "open", countedCents: null });

    await call("POST", `/finance/shifts/${s.id}/close`, { token: staff.token, body: { countedCents: 500 } });
    const closed = await soon((d) => d.shifts.find((x) => x.id === s.id)?.status !== "open");
    expect(closed.shifts.find((x) => x.id === s.id)).toMatchObject({ countedCents: 500, overShortCents: 0 });

    expect((await call("POST", `/finance/days/${hotel}/${today()}/close`, { token: manager.token, body: { force: true, reason: "test" } })).status).toBe(200);
    expect((await soon((d) => d.dayClose.closed)).dayClose).toMatchObject({ closed: true, closedBy: { id: manager.userId } });
  });
});
