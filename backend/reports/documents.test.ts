// Report documents (issue 19): the daily report's breakdowns and discrepancy
// sentence, CSVs read back as a spreadsheet would, and PDFs rendered to
// images with poppler's pdftoppm (and their text read with pdftotext).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { reportsCache } from "./cache.ts";
import { parseCsv } from "../testing/csv.ts";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
let call: Call;
let org: Org;
let manager: Session;
let hotel: string;
const DAY = "2026-11-01";
const dir = mkdtempSync(join(tmpdir(), "report-docs-"));

async function download(path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(app.host.url + path, { headers: { authorization: `Bearer ${manager.token}` } });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

/** The PDF's pages as 8-bit grey images (PGM), parsed: width, height and the share of dark pixels. */
function renderPages(pdf: Buffer, name: string): { width: number; height: number; ink: number; topInk: number }[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-gray", "-r", "40", file, join(dir, name)]);
  const pages = execFileSync("ls", [dir]).toString().split("\n").filter((f) => f.startsWith(`${name}-`) && f.endsWith(".pgm")).sort();
  if (process.env.SCREENSHOTS === "1") {
    mkdirSync("docs/screenshots", { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, join("docs/screenshots", name)]);
  }
  return pages.map((f) => {
    const data = readFileSync(join(dir, f));
    const header = data.subarray(0, 20).toString("latin1").match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = data.subarray(header[0].length);
    const dark = (from: number, to: number) => { let n = 0; for (let i = from; i < to; i++) if (pixels[i] < 128) n++; return n / (to - from); };
    return { width, height, ink: dark(0, pixels.length), topInk: dark(0, width * Math.floor(height * 0.15)) };
  });
}

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}-text.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Harbour, View", timezone: "Asia/Kolkata", openingCashCents: 10_000_000 }] });
  hotel = org.properties[0].id;
  manager = await createUser(call, org, "manager");
  const staff = await createUser(call, org, "staff", [hotel]);
  const t = manager.token;
  const rev = (amountCents: number, paymentMode: string, source: string, description: string | null, hour: string) =>
    call("POST", "/finance/revenues", { token: t, body: { propertyId: hotel, amountCents, paymentMode, bankReference: paymentMode === "bank" ? "UPI-77" : null, source, description, occurredAt: `${DAY}T${hour}:00:00Z` } });
  await rev(1_250_050, "cash", "room", 'Room 204, "late" checkout', "04");
  await rev(300_000, "bank", "food", "=HYPERLINK(\"x\")", "05");
  await rev(45_000, "cash", "room", null, "06");
  await call("POST", "/finance/expenses", { token: t, body: { propertyId: hotel, amountCents: 80_000, paymentMode: "cash", category: "maintenance", description: "Lift repair", expenseDate: DAY } });
  await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents: 9_999, paymentMode: "cash", source: "laundry", occurredAt: `${DAY}T07:00:00Z` } });
  await waitForProjection();
});
afterAll(() => app?.stop());

describe("daily report breakdowns", () => {
  it("totals approved revenue by source and expenses by category, every one listed, pending left out", async () => {
    const r = await call("GET", `/reports/daily?propertyId=${hotel}&date=${DAY}`, { token: manager.token });
    expect(r.status).toBe(200);
    expect(r.body.revenueBySource).toEqual([
      { source: "room", amountCents: 1_295_050, count: 2 }, { source: "food", amountCents: 300_000, count: 1 },
      { source: "beverage", amountCents: 0, count: 0 }, { source: "laundry", amountCents: 0, count: 0 }, { source: "other", amountCents: 0, count: 0 },
    ]);
    expect(r.body.expensesByCategory.find((c: { category: string }) => c.category === "maintenance")).toEqual({ category: "maintenance", amountCents: 80_000, count: 1 });
    expect(r.body.expensesByCategory.reduce((s: number, c: { amountCents: number }) => s + c.amountCents, 0)).toBe(r.body.totals.expenseCents);
    expect(r.body.discrepancyExplanation).toBeNull();
  });

  it("explains a discrepancy in a sentence", async () => {
    await db.exec`UPDATE daily_cash_balances SET closing_balance_cents = closing_balance_cents + 5000, balance_discrepancy_cents = 5000 WHERE property_id = ${hotel} AND balance_date = ${DAY}`;
    // Behind the cache's back, so every tier is told, as a cash-book commit would tell it.
    await reportsCache.invalidateEverywhere(org.orgId, hotel, DAY);
    try {
      const r = await call("GET", `/reports/daily?propertyId=${hotel}&date=${DAY}`, { token: manager.token });
      expect(r.body.discrepancyExplanation).toBe(
        "The cash book's closing balance (INR 1,12,200.50) is INR 50.00 more than the approved entries add up to (INR 1,12,150.50). " +
        "Automatic correction usually fixes this within minutes; if it stays, run Reconcile for this date.",
      );
    } finally {
      await db.exec`UPDATE daily_cash_balances SET closing_balance_cents = closing_balance_cents - 5000, balance_discrepancy_cents = 0 WHERE property_id = ${hotel} AND balance_date = ${DAY}`;
      await reportsCache.invalidateEverywhere(org.orgId, hotel, DAY);
    }
  });
});

describe("CSV", () => {
  it("exports the day's transactions with property and currency columns and a totals row that adds up", async () => {
    const res = await download(`/reports/daily.csv?propertyId=${hotel}&date=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(res.body.toString("utf8"));
    const [head, ...rest] = rows;
    expect(head).toEqual(["property", "currency", "business_date", "kind", "source_or_category", "payment_mode", "bank_reference", "description", "status", "entered_by", "received_at", "revenue", "expense"]);
    const totals = rest[rest.length - 1];
    const entries = rest.slice(0, -1);
    expect(entries).toHaveLength(5);
    expect(rows.every((r) => r.length === head.length)).toBe(true);
    expect(entries.every((r) => r[0] === "Harbour, View" && r[1] === "INR")).toBe(true);
    // A comma and quotes survive the round trip; a formula is not run by the spreadsheet.
    expect(entries.map((r) => r[7])).toContain('Room 204, "late" checkout');
    expect(entries.map((r) => r[7])).toContain("'=HYPERLINK(\"x\")");
    const col = (name: string) => head.indexOf(name);
    const approved = entries.filter((r) => r[col("status")] === "approved");
    const sum = (c: string) => approved.reduce((s, r) => s + Math.round(Number(r[col(c)] || 0) * 100), 0);
    expect(totals.slice(0, 4)).toEqual(["Harbour, View", "INR", DAY, "Total approved"]);
    expect(Math.round(Number(totals[col("revenue")]) * 100)).toBe(sum("revenue"));
    expect(Math.round(Number(totals[col("expense")]) * 100)).toBe(sum("expense"));
    expect(sum("revenue")).toBe(1_595_050);
  });

  it("exports the cash book for a range with a totals row", async () => {
    const res = await download(`/reports/export.csv?propertyId=${hotel}&from=${DAY}&to=2026-11-02`);
    const [head, d1, d2, total] = parseCsv(res.body.toString("utf8"));
    expect(head.slice(0, 3)).toEqual(["property", "currency", "date"]);
    expect([d1[2], d2[2], total[2]]).toEqual([DAY, "2026-11-02", "Total"]);
    const v = (row: string[], name: string) => Number(row[head.indexOf(name)]);
    expect(v(total, "cash_received")).toBeCloseTo(v(d1, "cash_received") + v(d2, "cash_received"), 2);
    expect(v(total, "opening_balance")).toBe(v(d1, "opening_balance"));
    expect(v(total, "closing_balance")).toBe(v(d2, "closing_balance"));
    expect(v(total, "closing_balance")).toBe(112_150.5);
  });
});

describe("PDF", () => {
  it("renders the daily report: letterhead, figures, breakdowns and sign-off, on A4 pages with ink where text is", async () => {
    const res = await download(`/reports/daily.pdf?propertyId=${hotel}&date=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/pdf");
    expect(res.body.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = renderPages(res.body, "daily-report-pdf");
    expect(pages.length).toBeGreaterThanOrEqual(1);
    // A4 at 40 dpi: 8.27 × 11.69 in.
    expect(pages[0].width).toBeGreaterThanOrEqual(330);
    expect(pages[0].width).toBeLessThanOrEqual(332);
    expect(pages[0].height).toBeGreaterThanOrEqual(467);
    expect(pages[0].height).toBeLessThanOrEqual(469);
    expect(pages[0].topInk).toBeGreaterThan(0.005);
    expect(pages[0].ink).toBeGreaterThan(0.01);
    expect(pages[0].ink).toBeLessThan(0.3);
    const text = pdfText(res.body, "daily");
    for (const expected of [
      org.properties[0].name, "Harbour, View", "Daily cash report", "Sunday, 1 November 2026", "Printed:", "Asia/Kolkata",
      "Opening balance (cash in hand)", "INR 1,00,000.00", "Closing balance (cash in hand)", "INR 1,12,150.50",
      "Room (2)", "INR 12,950.50", "Maintenance (1)", "Prepared by (front desk)", "Checked by (manager)", "[pending]",
    ]) expect(text).toContain(expected);
    const orgName = (await db.queryRow<{ name: string }>`SELECT name FROM organizations WHERE id = ${org.orgId}`)!.name;
    expect(text).toContain(orgName);
  });

  it("renders the monthly report with totals and sign-off", async () => {
    const res = await download(`/reports/monthly.pdf?propertyId=${hotel}&month=2026-11`);
    expect(res.status).toBe(200);
    const pages = renderPages(res.body, "monthly-report-pdf");
    expect(pages[0].ink).toBeGreaterThan(0.01);
    const text = pdfText(res.body, "monthly");
    for (const expected of ["Monthly cash report", "November 2026", "Cash received", "INR 12,950.50", "Checked by (manager)"]) expect(text).toContain(expected);
  });

  it("refuses another organisation's property and bad input like the JSON reports", async () => {
    const other = await createOrg(call);
    const r = await fetch(`${app.host.url}/reports/daily.pdf?propertyId=${hotel}&date=${DAY}`, { headers: { authorization: `Bearer ${other.admin.token}` } });
    expect(r.status).toBe(404);
    const bad = await download(`/reports/monthly.pdf?propertyId=${hotel}&month=2026-13`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).details.field).toBe("month");
  });
});
