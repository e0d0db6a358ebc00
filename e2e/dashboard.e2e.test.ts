// End-to-end: the built dashboard in Debian's Chromium against the real app.
// Staff records a cash revenue through the UI; a manager in another browser
// context sees it arrive in the Approvals queue over the live event stream
// (no reload), approves it, and Today and the Daily report change to match.
// Staff cannot open Settings. Staff counts a shift and the manager closes a
// day on the Cashiering page, which follows shifts and day reopens made
// elsewhere over the live stream. Staff, manager and admin each see exactly the
// entry buttons (Edit, Delete, Reverse) and forms the server lets their role
// use, at phone and tablet widths, with nothing past the screen's edge.
// The money controls as a user meets them: a
// manager's edit of an approved amount asks why, goes back for approval and
// shows in the entry's history; a property's currency is fixed once it has
// entries; an admin unlocks a sign-in locked from one address while its owner
// still signs in from their own. The Operations page of an idle system reads
// in plain words and fires nothing. The daily report's CSVs and PDF download
// as files that parse; the approvals queue works by keyboard (j/k, x, a, r),
// approves a selection with its total, rejects with a reason, and tells the
// manager who edited an amount that another must approve it; an archived
// property leaves the entry form but stays in the reports.
//
// SCREENSHOTS=1 also saves full-page screenshots of every page to
// docs/screenshots/ (1280×800, and today-tablet.png at 768 px wide).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { request } from "node:http";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signIn, startApp, uniqueEmail, type Call, type Session, type TestApp } from "../backend/testing/fixtures.ts";
import { waitForProjection } from "../backend/testing/projection.ts";
import { parseCsv } from "../backend/testing/csv.ts";
import { addDays, formatBusinessDate, todayIn } from "../frontend/src/lib/dates.ts";
import { formatDateInput } from "../frontend/src/lib/date-input.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCREENSHOT_DIR = join(ROOT, "docs", "screenshots");
const SCREENSHOTS = process.env.SCREENSHOTS === "1";
/** Every expectation waits at most this long. */
const EXPECT_MS = 15_000;
const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 800 };
const PHONE = { width: 375, height: 740 };
const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const HOTEL = "Harbour View";
const ZONE = "Asia/Kolkata";
const TODAY = todayIn(ZONE);

let app: TestApp;
let call: Call;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let propertyId: string;
let admin: Session;
let staff: Session;
let manager: Session;
let staffPage: Page;
let managerPage: Page;
/** Signed in once by the first test and reused by the admin pages after it. */
let adminPage: Page;

/** Builds backend/web/site when it is missing or older than frontend sources (a production build). */
function buildDashboardIfStale(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Vitest sets NODE_ENV=test; a Vite build must not inherit it (it would ship React's dev build).
    const env = { ...process.env, NODE_ENV: "production" };
    const child = spawn(process.execPath, ["--import", "tsx", "frontend/build-if-stale.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`dashboard build failed (exit ${code}):\n${output}`))));
  });
}

async function must<T = any>(method: string, path: string, opts: { body?: unknown; token?: string }): Promise<T> {
  const r = await call<T>(method, path, opts);
  if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function addUser(role: "manager" | "staff", displayName: string, propertyIds: string[]): Promise<Session> {
  const email = uniqueEmail(role);
  await must("POST", "/users", { token: admin.token, body: { email, displayName, password: PASSWORD, role, propertyIds } });
  return signIn(call, email);
}

/** Approved history before today: closing goes 1,00,000.00 → 1,14,000.00 (bank money is not cash in hand). */
async function seedHistory(): Promise<void> {
  const revenue = (daysAgo: number, amountCents: number, paymentMode: "cash" | "bank", source: string, description: string) =>
    must("POST", "/finance/revenues", {
      token: manager.token,
      body: { propertyId, amountCents, paymentMode, bankReference: paymentMode === "bank" ? "UPI-48213" : undefined, source, description, occurredAt: `${addDays(TODAY, -daysAgo)}T06:30:00Z` },
    });
  const expense = (daysAgo: number, amountCents: number, category: string, description: string) =>
    must("POST", "/finance/expenses", { token: manager.token, body: { propertyId, amountCents, paymentMode: "cash", category, description, expenseDate: addDays(TODAY, -daysAgo) } });
  const created = [
    await revenue(3, 1_250_000, "cash", "room", "Room 204, two nights"),
    await revenue(3, 800_000, "bank", "food", "Banquet deposit"),
    await expense(2, 250_000, "supplies", "Linen and toiletries"),
    await revenue(1, 400_000, "cash", "laundry", "Laundry service"),
  ];
  // A manager's own entries are approved on creation; approve any that still wait.
  for (const tx of created) if (tx.status === "pending") await must("POST", `/finance/transactions/${tx.kind}/${tx.id}/approve`, { token: admin.token });
  await waitForProjection();
}

async function newPage(viewport = DESKTOP): Promise<Page> {
  const context = await browser!.newContext({ viewport, reducedMotion: "reduce", locale: "en-GB", timezoneId: "UTC" });
  contexts.push(context);
  context.setDefaultTimeout(EXPECT_MS);
  context.setDefaultNavigationTimeout(EXPECT_MS);
  return context.newPage();
}

async function signInThroughUi(page: Page, email: string, screenshot?: string): Promise<void> {
  await page.goto(`${app.host.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  if (screenshot) await shot(page, screenshot);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  // Transient notices (already asserted where they matter) would cover part of the page.
  for (const button of await page.getByRole("button", { name: "Dismiss", exact: true }).all()) await button.click();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Waits until the locator's rendered text (as a person reads it, CSS capitalisation included) contains `text`. */
async function expectText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.allInnerTexts()).join(" | "), { timeout: EXPECT_MS, interval: 100 }).toContain(text);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
/** Today's panel of the hotel (the innermost section: the page's "Properties" panel holds them all). */
const propertyPanel = (page: Page) => page.locator("section:not(:has(section))").filter({ has: page.getByRole("heading", { name: HOTEL, level: 2 }) });
/** A figure of Today's property panel ("Opening", "Closing", …). */
const todayFigure = (page: Page, label: string) =>
  propertyPanel(page).locator("dl > div").filter({ has: page.getByRole("term").getByText(label, { exact: true }) }).getByRole("definition");
/** The amount cell of a row of the daily report's figures ("Closing balance", …). */
const reportFigure = (page: Page, label: string) =>
  page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) }).getByRole("cell");
/** Runs axe-core over the page as it is now and fails with the rule, its help text and the elements it found. */
async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  });
  expect(violations, `axe-core on ${label}`).toEqual([]);
}

/** Buttons a person can see whose box reaches past the left or right edge of the viewport. */
async function buttonsOutsideViewport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>("button, a[role=button]")]
      .filter((b) => b.offsetParent !== null)
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && (r.left < 0 || r.right > width + 0.5);
      })
      .map((b) => `${b.getAttribute("aria-label") ?? b.textContent?.trim()} (${Math.round(b.getBoundingClientRect().left)}–${Math.round(b.getBoundingClientRect().right)} of ${width})`);
  });
}

/** "2026-11-25" → "25/11/2026": how an Indian (or British) property writes a date, spelled out here rather than taken from the code under test. */
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A JSON call whose connection comes from another loopback address (the host takes the client address from the peer). */
function callFrom(address: string) {
  const url = new URL(app.host.url);
  return (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request({ host: url.hostname, port: url.port, path, method, localAddress: address, headers: payload ? { "content-type": "application/json" } : {} }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      });
      req.on("error", reject);
      req.end(payload);
    });
}

const liveBadge = (page: Page) => page.getByRole("status").filter({ hasText: /^Live$/ });

/** Clicks a download link and answers the file the browser saved: its suggested name and bytes. */
async function downloadFrom(page: Page, linkName: string): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName, exact: true }).click()]);
  return { name: download.suggestedFilename(), body: readFileSync((await download.path())!) };
}

beforeAll(async () => {
  if (SCREENSHOTS) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await buildDashboardIfStale();
  app = await startApp();
  call = app.call;
  const email = uniqueEmail("admin");
  const signup = await must("POST", "/auth/signup", { body: { organizationName: "Coastal Stays Group", email, password: PASSWORD, displayName: "Asha Admin" } });
  admin = { token: signup.accessToken, refreshToken: signup.refreshToken, userId: signup.user.id, orgId: signup.user.orgId, email };
  propertyId = (await must("POST", "/properties", { token: admin.token, body: { name: HOTEL, timezone: ZONE, currency: "INR", openingCashCents: 10_000_000 } })).id;
  await must("POST", "/properties", { token: admin.token, body: { name: "Hill Retreat", timezone: "Europe/London", currency: "GBP", openingCashCents: 250_000 } });
  staff = await addUser("staff", "Sam Staff", [propertyId]);
  manager = await addUser("manager", "Meera Manager", []);
  await seedHistory();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await app?.stop();
});

describe("dashboard in a browser", () => {
  it("shows an idle system's Operations page in plain words, units and a what-to-do line per alert, with nothing firing", async () => {
    adminPage = await newPage();
    await signInThroughUi(adminPage, admin.email);
    await nav(adminPage).getByRole("link", { name: "Operations" }).click();
    await adminPage.getByRole("heading", { name: "Operations", level: 1 }).waitFor();
    // Only seeding has happened: too few report lookups to judge the cache, so that alert waits instead of firing.
    await adminPage.getByRole("heading", { name: "Alerts: all normal", level: 2 }).waitFor();
    const alerts = adminPage.locator("section").filter({ has: adminPage.getByRole("heading", { name: "Alerts: all normal" }) }).getByRole("listitem");
    await expect.poll(() => alerts.count(), { timeout: EXPECT_MS }).toBeGreaterThanOrEqual(6);
    for (const text of await alerts.allInnerTexts()) {
      expect(text, "every alert says what it would take to act").toMatch(/If it fires: .+/);
      expect(text).toContain("Runbook: docs/operations.md#what-to-do");
      expect(text).not.toMatch(/needs attention|firing/i);
    }
    await expectText(alerts.filter({ hasText: "Reports answered from the cache" }), "too few report lookups yet to judge; alert at 70 %");
    await expectText(alerts.filter({ hasText: "Database connections in use" }), "alert at 80 %");
    await expectText(alerts.filter({ hasText: "Slowest 5 % of requests" }), "alert at 2,000 ms");
    await expectText(alerts.filter({ hasText: "Events waiting to be processed" }), "now 0 messages; alert at 1,000 messages");
    // What an operator acts on, each with its unit, a line of guidance and its runbook section.
    await expectText(adminPage.getByRole("heading", { level: 2, name: "Nothing needs attention" }), "Nothing needs attention");
    await expectText(adminPage.getByRole("main"), "0 locks");
    await expectText(adminPage.getByRole("main"), "Runbook: docs/operations.md#sign-in-locks");
    // One date format on the page, raw ISO instants included.
    expect(await adminPage.getByRole("main").innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await expectNoAxeViolations(adminPage, "/operations on an idle system");
  });

  it("signs staff and a manager in through the sign-in page, each in their own browser context", async () => {
    staffPage = await newPage();
    await signInThroughUi(staffPage, staff.email, "sign-in");
    managerPage = await newPage();
    await signInThroughUi(managerPage, manager.email);
    await expectText(managerPage.getByText("Meera Manager"), "Meera Manager");
    await liveBadge(managerPage).waitFor();
    // Before anything happens today: opening = closing = the seeded history's closing.
    await expectText(todayFigure(managerPage, "Opening"), "₹1,14,000.00");
    await expectText(todayFigure(managerPage, "Closing"), "₹1,14,000.00");
    await expectText(propertyPanel(managerPage).getByRole("link", { name: /pending approval/ }), "No entries pending approval");
  });

  it("shows the daily report's figures before the new entry", async () => {
    await propertyPanel(managerPage).getByRole("link", { name: "Daily report" }).click();
    await managerPage.getByRole("heading", { name: "Daily report", level: 1 }).waitFor();
    expect(new URL(managerPage.url()).searchParams.get("date")).toBe(TODAY);
    await expectText(reportFigure(managerPage, "Opening balance"), "₹1,14,000.00");
    await expectText(reportFigure(managerPage, "Cash received"), "₹0.00");
    await expectText(reportFigure(managerPage, "Closing balance"), "₹1,14,000.00");
  });

  it("staff records a cash revenue and the manager's open Approvals queue receives it live, without a reload", async () => {
    await nav(managerPage).getByRole("link", { name: "Approvals" }).click();
    await managerPage.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    await managerPage.getByText("Nothing is waiting for approval.").waitFor();
    // A marker that a reload or a full navigation would wipe out.
    await managerPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = "still here"));
    await liveBadge(managerPage).waitFor();

    await nav(staffPage).getByRole("link", { name: "Transactions" }).click();
    await staffPage.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await staffPage.getByRole("button", { name: "Add revenue" }).click();
    const form = staffPage.getByRole("form", { name: "Add revenue" });
    await expect.poll(() => form.getByLabel("Property").inputValue(), { timeout: EXPECT_MS }).toBe(propertyId);
    await form.getByLabel("Amount (INR)").fill("1250.50");
    await expectText(form.getByText("₹1,250.50"), "₹1,250.50"); // the amount preview
    await form.getByLabel("Paid by").selectOption("cash");
    await form.getByLabel("Source").selectOption("room");
    await form.getByLabel("Description (optional)").fill("Walk-in guest, room 112");
    await form.getByRole("button", { name: "Add revenue" }).click();
    await staffPage.getByRole("status").filter({ hasText: "Revenue ₹1,250.50 saved, pending approval." }).waitFor();
    const entry = staffPage.getByRole("row").filter({ hasText: "Walk-in guest, room 112" });
    await expectText(entry, "₹1,250.50");
    await expectText(entry, "Pending");
    await shot(staffPage, "transactions");

    const approve = managerPage.getByRole("button", { name: `Approve revenue of ${formatBusinessDate(TODAY)} by Sam Staff` });
    await approve.waitFor();
    const row = managerPage.getByRole("row").filter({ has: approve });
    await expectText(row, "₹1,250.50");
    await expectText(row, "Walk-in guest, room 112");
    expect(await managerPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe("still here");
    await shot(managerPage, "approvals");

    await approve.click();
    await managerPage.getByRole("status").filter({ hasText: "Approved: Revenue ₹1,250.50 by Sam Staff." }).waitFor();
    await managerPage.getByText("Nothing is waiting for approval.").waitFor();
  });

  it("moves Today's closing balance by the approved cash, for the manager and live on staff's open page", async () => {
    await nav(staffPage).getByRole("link", { name: "Today" }).click();
    await staffPage.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await staffPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = "still here"));

    await nav(managerPage).getByRole("link", { name: "Today" }).click();
    await managerPage.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await expectText(todayFigure(managerPage, "Cash in"), "₹1,250.50");
    await expectText(todayFigure(managerPage, "Closing"), "₹1,15,250.50");
    await expectText(todayFigure(managerPage, "Opening"), "₹1,14,000.00");
    await expectText(propertyPanel(managerPage).getByRole("link", { name: /pending approval/ }), "No entries pending approval");

    await expectText(todayFigure(staffPage, "Closing"), "₹1,15,250.50");
    expect(await staffPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe("still here");
    await shot(managerPage, "today");
  });

  it("shows the approved entry in the daily report for that date", async () => {
    await propertyPanel(managerPage).getByRole("link", { name: "Daily report" }).click();
    await managerPage.getByRole("heading", { name: "Daily report", level: 1 }).waitFor();
    await expectText(reportFigure(managerPage, "Opening balance"), "₹1,14,000.00");
    await expectText(reportFigure(managerPage, "Cash received"), "₹1,250.50");
    await expectText(reportFigure(managerPage, "Closing balance"), "₹1,15,250.50");
    await expectText(reportFigure(managerPage, "Calculated closing balance"), "₹1,15,250.50");
    const entry = managerPage.getByRole("row").filter({ hasText: "Walk-in guest, room 112" });
    await expectText(entry, "Approved");
    await expectText(entry, "₹1,250.50");
    await shot(managerPage, "daily-report");
  });

  it("downloads the daily report's CSVs and PDF: files that parse, with property and currency columns and a totals row", async () => {
    const transactions = await downloadFrom(managerPage, "Transactions CSV");
    expect(transactions.name).toBe(`transactions-Harbour-View-${TODAY}.csv`);
    const [head, ...rest] = parseCsv(transactions.body.toString("utf8"));
    const col = (name: string) => head.indexOf(name);
    expect(head.slice(0, 2)).toEqual(["property", "currency"]);
    const entries = rest.slice(0, -1);
    const totals = rest[rest.length - 1];
    expect(entries.map((r) => r[col("description")])).toContain("Walk-in guest, room 112");
    expect(entries.every((r) => r[0] === HOTEL && r[1] === "INR" && r.length === head.length)).toBe(true);
    expect(totals.slice(0, 4)).toEqual([HOTEL, "INR", TODAY, "Total approved"]);
    const approvedRevenue = entries.filter((r) => r[col("status")] === "approved").reduce((sum, r) => sum + Math.round(Number(r[col("revenue")] || 0) * 100), 0);
    expect(Math.round(Number(totals[col("revenue")]) * 100)).toBe(approvedRevenue);
    expect(approvedRevenue).toBe(1_250_50);

    const book = await downloadFrom(managerPage, "Export CSV");
    const [bookHead, day, total] = parseCsv(book.body.toString("utf8"));
    expect(bookHead.slice(0, 3)).toEqual(["property", "currency", "date"]);
    expect([day.slice(0, 3), total.slice(0, 3)]).toEqual([[HOTEL, "INR", TODAY], [HOTEL, "INR", "Total"]]);
    expect(Number(total[bookHead.indexOf("closing_balance")])).toBe(115_250.5);

    const pdf = await downloadFrom(managerPage, "PDF");
    expect(pdf.name).toBe(`daily-report-Harbour-View-${TODAY}.pdf`);
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Page objects are never compressed by pdfkit: count them (the page tree's node is "/Pages").
    expect(pdf.body.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(pdf.body.subarray(-8).toString("latin1")).toContain("%%EOF");
  });

  it("shows the month with the day's closing in the monthly report", async () => {
    await nav(managerPage).getByRole("link", { name: "Monthly report" }).click();
    await managerPage.getByRole("heading", { name: "Monthly report", level: 1 }).waitFor();
    await managerPage.getByLabel("Property").selectOption({ label: HOTEL });
    await expectText(managerPage.getByRole("main"), "₹1,15,250.50");
    await shot(managerPage, "monthly-report");
  });

  it("keeps staff out of Settings: no link in the navigation, and the address redirects with a message", async () => {
    await expect.poll(() => nav(staffPage).getByRole("link").count(), { timeout: EXPECT_MS }).toBeGreaterThan(0);
    expect(await nav(staffPage).getByRole("link", { name: "Settings" }).count()).toBe(0);
    expect(await nav(staffPage).getByRole("link", { name: "Approvals" }).count()).toBe(0);
    await staffPage.goto(`${app.host.url}/settings`);
    await staffPage.getByRole("alert").filter({ hasText: "Your role (staff) cannot open Settings." }).waitFor();
    await staffPage.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    expect(new URL(staffPage.url()).pathname).toBe("/");
  });

  it("speeds entry: first field focused, Save and add another keeps property, mode and date with focus back in the amount", async () => {
    await nav(staffPage).getByRole("link", { name: "Transactions" }).click();
    await staffPage.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await staffPage.getByRole("button", { name: "Add expense" }).click();
    const form = staffPage.getByRole("form", { name: "Add expense" });
    const amount = form.getByLabel("Amount (INR)");
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement), { timeout: EXPECT_MS }).toBe(true);
    await amount.fill("300");
    await form.getByLabel("Paid by").selectOption("bank");
    await form.getByLabel("Bank reference").fill("UTR-7781");
    await form.getByLabel("Category").selectOption("maintenance");
    await form.getByLabel("Description (optional)").fill("Lift service call");
    // The date is typed as an Indian property writes it (dd/mm/yyyy); an impossible one is refused by name.
    const dateField = form.getByLabel("Expense date");
    const date = formatDateInput(TODAY, "en-IN");
    expect(await dateField.inputValue()).toBe(date);
    expect(await dateField.getAttribute("type")).toBe("text");
    await dateField.fill("31/02/2026");
    await dateField.blur();
    await expectText(form, "There is no 31 February 2026: that month has 28 days.");
    await dateField.fill(date);
    await form.getByRole("button", { name: "Save and add another" }).click();
    await staffPage.getByRole("status").filter({ hasText: "Expense ₹300.00 saved, pending approval." }).waitFor();
    await expect.poll(() => amount.inputValue(), { timeout: EXPECT_MS }).toBe("");
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement), { timeout: EXPECT_MS }).toBe(true);
    expect(await form.getByLabel("Property").inputValue()).toBe(propertyId);
    expect(await form.getByLabel("Paid by").inputValue()).toBe("bank");
    expect(await form.getByLabel("Expense date").inputValue()).toBe(date);
    expect(await form.getByLabel("Description (optional)").inputValue()).toBe("");
    await amount.fill("45.5");
    await form.getByLabel("Bank reference").fill("UTR-7782");
    await form.getByRole("button", { name: "Save and add another" }).click();
    await staffPage.getByRole("status").filter({ hasText: "Expense ₹45.50 saved, pending approval." }).waitFor();
    // One confirmation on screen at a time: the second replaced the first.
    expect(await staffPage.getByRole("status").filter({ hasText: "saved, pending approval" }).count()).toBe(1);
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  it("approvals: bank reference, selection total, keyboard approval moving focus to the next entry", async () => {
    await managerPage.goto(`${app.host.url}/approvals`);
    await managerPage.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    const first = managerPage.getByRole("row").filter({ hasText: "UTR-7781" });
    await expectText(first, "₹300.00");
    await managerPage.getByRole("checkbox", { name: "Select all entries I can approve" }).check();
    await expect.poll(async () => (await managerPage.getByText(/Selected total/).innerText()), { timeout: EXPECT_MS }).toMatch(/345\.50/);
    await managerPage.getByRole("checkbox", { name: "Select all entries I can approve" }).uncheck();
    const rows = managerPage.locator("tr[data-entry]");
    await rows.first().focus();
    const firstKey = await rows.first().getAttribute("data-entry");
    await managerPage.keyboard.press("a");
    await managerPage.getByRole("status").filter({ hasText: /^Approved: Expense/ }).waitFor();
    await expect.poll(() => managerPage.locator("tr[data-entry]").count(), { timeout: EXPECT_MS }).toBe(1);
    await expect.poll(() => managerPage.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.entry ?? null), { timeout: EXPECT_MS })
      .not.toBe(firstKey);
    expect(await managerPage.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.entry ?? null)).toBe(await rows.first().getAttribute("data-entry"));
  });

  it("summarises the organisation in one table with totals per currency", async () => {
    await managerPage.goto(`${app.host.url}/`);
    const table = managerPage.getByRole("table", { name: "Today across properties, with totals per currency" });
    await expectText(table.getByRole("row").filter({ has: managerPage.getByRole("rowheader", { name: "Total INR" }) }), "₹");
    await expectText(table.getByRole("row").filter({ has: managerPage.getByRole("rowheader", { name: "Total GBP" }) }), "£2,500.00");
  });

  it("searches transactions by text and amount and filters by payment mode, with date presets", async () => {
    await managerPage.goto(`${app.host.url}/transactions`);
    await managerPage.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await managerPage.getByLabel("Search").fill("Walk-in");
    await expect.poll(() => new URL(managerPage.url()).searchParams.get("q"), { timeout: EXPECT_MS }).toBe("Walk-in");
    const rows = managerPage.locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: EXPECT_MS }).toBe(1);
    await expectText(rows.first(), "Walk-in guest, room 112");
    await managerPage.getByLabel("Search").fill("300");
    await expect.poll(() => rows.allInnerTexts(), { timeout: EXPECT_MS }).toEqual([expect.stringContaining("Lift service call")]);
    await managerPage.getByLabel("Search").fill("");
    await managerPage.getByLabel("Paid by").selectOption("bank");
    await expect.poll(async () => (await rows.allInnerTexts()).every((t) => t.includes("Bank")), { timeout: EXPECT_MS }).toBe(true);
    await managerPage.getByRole("button", { name: "Last 7 days" }).click();
    // The preset reaches the address bar after a render: poll for it.
    const range = () => { const q = new URL(managerPage.url()).searchParams; return { from: q.get("from"), to: q.get("to") }; };
    await expect.poll(range, { timeout: EXPECT_MS }).toEqual({ from: addDays(TODAY, -6), to: TODAY });
    // The range is shown and typed as the Indian property writes dates, while the address keeps ISO dates.
    const from = managerPage.getByLabel("From", { exact: true });
    const to = managerPage.getByLabel("To", { exact: true });
    expect(await from.getAttribute("type")).toBe("text");
    await expect.poll(() => from.inputValue(), { timeout: EXPECT_MS }).toBe(ddmmyyyy(addDays(TODAY, -6)));
    expect(await to.inputValue()).toBe(ddmmyyyy(TODAY));
    await to.fill(ddmmyyyy(addDays(TODAY, -1)));
    await expect.poll(range, { timeout: EXPECT_MS }).toEqual({ from: addDays(TODAY, -6), to: addDays(TODAY, -1) });
    // Regression: the search's pause used to end by writing back the filters of when the search was typed, dropping "Paid by" and the range.
    expect(new URL(managerPage.url()).searchParams.get("paymentMode")).toBe("bank");
    // Bank entries of the last week before today: the seeded banquet deposit, none of today's.
    await expect.poll(() => rows.allInnerTexts(), { timeout: EXPECT_MS }).toEqual([expect.stringContaining("Banquet deposit")]);
    await expectText(managerPage.getByRole("main"), "1 shown · revenue ₹8,000.00, expenses ₹0.00");
    // An impossible date is refused by name and leaves the filter as it was.
    await to.fill("31/02/2026");
    await to.blur();
    await expectText(managerPage.getByRole("group", { name: "Filter transactions" }), "There is no 31 February 2026: that month has 28 days.");
    expect(range()).toEqual({ from: addDays(TODAY, -6), to: addDays(TODAY, -1) });
    await expectNoAxeViolations(managerPage, "/transactions with a refused filter date");
    await managerPage.goto(`${app.host.url}/transactions`);
    // One author's entries, largest first.
    await managerPage.getByLabel("Entered by").selectOption({ label: "Sam Staff" });
    await expect.poll(() => new URL(managerPage.url()).searchParams.get("createdBy"), { timeout: EXPECT_MS }).toBe(staff.userId);
    await managerPage.getByLabel("Sort shown entries").selectOption("largest");
    const name = (t: string) => (t.includes("Walk-in") ? "walk-in ₹1,250.50" : t.includes("Lift service call") ? "lift ₹300.00" : t.includes("UTR-7782") ? "₹45.50" : t);
    await expect.poll(async () => (await rows.allInnerTexts()).map(name), { timeout: EXPECT_MS }).toEqual(["walk-in ₹1,250.50", "lift ₹300.00", "₹45.50"]);
    await managerPage.goto(`${app.host.url}/transactions`);
  });

  it("approvals by keyboard: j/k move, x selects, the selection's total is approved at once; r rejects with a reason", async () => {
    const entry = (amountCents: number, description: string) =>
      must("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents, paymentMode: "cash", source: "room", description, occurredAt: new Date().toISOString() } });
    const one = await entry(1_000_00, "Keys: first");
    const two = await entry(234_56, "Keys: second");
    const three = await entry(99_00, "Keys: to reject");
    await managerPage.goto(`${app.host.url}/approvals`);
    await managerPage.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    const rowOf = (id: string) => managerPage.locator(`tr[data-entry="revenue:${id}"]`);
    for (const id of [one.id, two.id, three.id]) await rowOf(id).waitFor();
    const rows = managerPage.locator("tr[data-entry]");
    const keys = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.entry!));
    const focused = () => managerPage.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.entry ?? null);
    await rowOf(one.id).focus();
    const at = keys.indexOf(`revenue:${one.id}`);
    await managerPage.keyboard.press("j");
    await expect.poll(focused, { timeout: EXPECT_MS }).toBe(keys[at + 1]);
    await managerPage.keyboard.press("k");
    await expect.poll(focused, { timeout: EXPECT_MS }).toBe(`revenue:${one.id}`);
    await managerPage.keyboard.press("x");
    await rowOf(two.id).focus();
    await managerPage.keyboard.press("x");
    await expect.poll(() => rowOf(one.id).getByRole("checkbox").isChecked(), { timeout: EXPECT_MS }).toBe(true);
    expect(await rowOf(two.id).getByRole("checkbox").isChecked()).toBe(true);
    await expectText(managerPage.getByText(/Selected total/), "₹1,234.56");
    await managerPage.getByRole("button", { name: "Approve selected (2)" }).click();
    await managerPage.getByRole("status").filter({ hasText: "Approved 2 entries." }).waitFor();
    await rowOf(one.id).waitFor({ state: "detached" });
    await rowOf(two.id).waitFor({ state: "detached" });

    await rowOf(three.id).focus();
    await managerPage.keyboard.press("r");
    const dialog = managerPage.getByRole("dialog", { name: "Reject entry" });
    await dialog.getByRole("button", { name: "Reject" }).click();
    await expectText(dialog, "Say why, so the person who entered it can fix it.");
    await dialog.getByLabel("Reason").fill("Room 12 was complimentary");
    await dialog.getByRole("button", { name: "Reject" }).click();
    await managerPage.getByRole("status").filter({ hasText: `Rejected: Revenue of ${formatBusinessDate(TODAY)} by Sam Staff.` }).waitFor();
    await rowOf(three.id).waitFor({ state: "detached" });
    expect(await must("GET", `/finance/transactions/revenue/${three.id}`, { token: manager.token })).toMatchObject({ status: "rejected", rejectionReason: "Room 12 was complimentary" });
    expect((await must("GET", `/finance/transactions/revenue/${one.id}`, { token: manager.token })).status).toBe("approved");
  });

  it("asks a manager why when changing an approved amount, sends the entry back for approval and shows its history", async () => {
    const created = await must("POST", "/finance/revenues", {
      token: staff.token,
      body: { propertyId, amountCents: 4_321_09, paymentMode: "bank", bankReference: "NEFT-55120", source: "other", description: "Conference hall hire", occurredAt: new Date().toISOString() },
    });
    await must("POST", `/finance/transactions/revenue/${created.id}/approve`, { token: manager.token });
    await managerPage.goto(`${app.host.url}/transactions?q=Conference`);
    const row = managerPage.getByRole("row").filter({ hasText: "Conference hall hire" });
    await expectText(row, "Approved");
    await row.getByRole("button", { name: /^Edit revenue/ }).click();
    const form = managerPage.getByRole("form", { name: "Edit revenue" });
    // Only a change to the money asks why; the reason field is not there before.
    expect(await form.getByLabel("Reason for the change").count()).toBe(0);
    await form.getByLabel("Amount (INR)").fill("43210.90");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expectText(form, "Say why it changes: the entry goes back for approval by someone other than you.");
    const reason = "Typed 4,321.09; the hall invoice says 43,210.90";
    await form.getByLabel("Reason for the change").fill(reason);
    await expectNoAxeViolations(managerPage, "/transactions with an approved entry's edit asking why");
    await form.getByRole("button", { name: "Save changes" }).click();
    await managerPage.getByRole("status").filter({ hasText: "Revenue ₹43,210.90 saved and sent back for approval by someone other than you." }).waitFor();
    await expectText(row, "Pending");
    await expectText(row, "₹43,210.90");
    await expectText(row, "Sam Staff"); // still entered by the staff member

    await row.getByRole("button", { name: /^History of revenue/ }).click();
    const history = managerPage.getByRole("dialog", { name: "History of this revenue" });
    const changed = history.getByRole("listitem").filter({ hasText: /^Changed by Meera Manager/ });
    await expectText(changed, "Amount: ₹4,321.09 → ₹43,210.90");
    await expectText(changed, "Status: Approved → Pending");
    await expectText(changed, `Why: ${reason}`);
    const trail = await must("GET", `/events/audit?transactionId=${created.id}`, { token: manager.token });
    const edit = trail.items.find((e: { type: string }) => e.type === "transaction.updated");
    const at = new Intl.DateTimeFormat("en-IN", { timeZone: ZONE, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(edit.occurredAt));
    const part = (type: string) => at.find((p) => p.type === type)!.value;
    await expectText(changed, `${part("hour")}:${part("minute")}`); // when, in the property's time
    await expectText(history.getByRole("listitem").filter({ hasText: /^Entered by Sam Staff/ }), "₹4,321.09");
    await expectText(history.getByRole("listitem").filter({ hasText: /^Approved by Meera Manager/ }), part("year"));
    await expectNoAxeViolations(managerPage, "/transactions with an entry's history");
    await managerPage.keyboard.press("Escape");
    await history.waitFor({ state: "hidden" });

    // The editor cannot approve their own change, and the queue says so instead of offering it; someone else can.
    await managerPage.goto(`${app.host.url}/approvals`);
    const queued = managerPage.getByRole("row").filter({ hasText: "Conference hall hire" });
    await expectText(queued, "You edited this amount; another manager must approve it");
    expect(await queued.getByRole("button", { name: /^(Approve|Reject) / }).count()).toBe(0);
    expect(await queued.getByRole("checkbox").isDisabled()).toBe(true);
    await managerPage.goto(`${app.host.url}/transactions?q=Conference`);
    await expectText(row, "Pending");
    expect((await call("POST", `/finance/transactions/revenue/${created.id}/approve`, { token: manager.token })).status).toBeGreaterThanOrEqual(400);
    await must("POST", `/finance/transactions/revenue/${created.id}/approve`, { token: admin.token });
    await expectText(row, "Approved");
  });

  it("refuses a currency change once the property has entries, saying why beside the field", async () => {
    await nav(adminPage).getByRole("link", { name: "Settings" }).click();
    await adminPage.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await adminPage.getByRole("button", { name: `Edit ${HOTEL}` }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Edit property" });
    await dialog.getByLabel("Currency").selectOption("USD");
    await dialog.getByRole("button", { name: "Save property" }).click();
    await expectText(dialog, `${HOTEL} already has revenues or expenses recorded in INR; its currency cannot change`);
    expect(await dialog.getByLabel("Currency").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(adminPage, "/settings with the refused currency change");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await must("GET", `/properties/${propertyId}`, { token: admin.token })).currency).toBe("INR");
  });

  it("lets the owner sign in from their own device while wrong passwords from another address lock that address out, and an admin unlocks it", async () => {
    const owner = await addUser("manager", "Lata Lockwood", []);
    const attacker = callFrom("127.0.0.5");
    for (let i = 0; i < 5; i++) expect((await attacker("POST", "/auth/login", { email: owner.email, password: "not the password" })).status).toBe(401);
    expect((await attacker("POST", "/auth/login", { email: owner.email, password: PASSWORD })).status).toBe(429);
    // The owner, from the address they always use, gets in through the sign-in page meanwhile.
    const ownerPage = await newPage();
    await signInThroughUi(ownerPage, owner.email);
    await ownerPage.context().close();

    await adminPage.goto(`${app.host.url}/settings`);
    const lock = adminPage.getByRole("listitem").filter({ hasText: "Lata Lockwood" });
    await expectText(lock, "Locked");
    await expectText(lock, "too many wrong passwords from one address (127.0.0.5)");
    await lock.getByRole("button", { name: "Unlock Lata Lockwood" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Unlock account" });
    await dialog.getByRole("button", { name: "Unlock" }).click();
    await expectText(dialog, "Say why, for the record");
    await dialog.getByLabel("Reason").fill("Confirmed by phone with Lata");
    await expectNoAxeViolations(adminPage, "/settings with the unlock dialog");
    await dialog.getByRole("button", { name: "Unlock" }).click();
    await adminPage.getByRole("status").filter({ hasText: "Lata Lockwood can sign in again." }).waitFor();
    await expectText(lock, "Unlocked");
    await expectText(lock, "by Asha Admin: Confirmed by phone with Lata");
    expect((await attacker("POST", "/auth/login", { email: owner.email, password: PASSWORD })).status).toBe(200);
  });

  it("keeps every action button inside the screen at 375 and 768 px on Transactions and Approvals", async () => {
    await must("POST", "/finance/revenues", {
      token: staff.token,
      body: { propertyId, amountCents: 98_765_43, paymentMode: "bank", bankReference: "UPI-3301-LONG-REFERENCE", source: "beverage", description: "Poolside bar tab for the wedding party, table 14", occurredAt: new Date().toISOString() },
    });
    for (const viewport of [PHONE, TABLET]) {
      await managerPage.setViewportSize(viewport);
      for (const [path, heading] of [["/transactions", "Transactions"], ["/approvals", "Approvals"]] as const) {
        await managerPage.goto(`${app.host.url}${path}`);
        await managerPage.getByRole("heading", { name: heading, level: 1 }).waitFor();
        const action = managerPage.getByRole("button", { name: path === "/approvals" ? /^Approve revenue/ : /^Edit / }).first();
        await action.waitFor();
        expect(await buttonsOutsideViewport(managerPage), `${path} at ${viewport.width} px`).toEqual([]);
        expect(await managerPage.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${path} scrolls sideways at ${viewport.width} px`).toBe(true);
        await shot(managerPage, `${path.slice(1)}-${viewport.width}`);
      }
      // The navigation fits: every link visible, none pushed past the edge.
      const links = await nav(managerPage).getByRole("link").all();
      for (const link of links) {
        const box = (await link.boundingBox())!;
        expect(box.x + box.width, `${await link.innerText()} at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
      }
    }
    await managerPage.setViewportSize(DESKTOP);
  });

  it("says when the page is offline, with the time of the last figures, and clears when back", async () => {
    const page = await newPage();
    await signInThroughUi(page, manager.email);
    await expectText(todayFigure(page, "Closing"), "₹");
    await page.context().setOffline(true);
    const banner = page.getByRole("status").filter({ hasText: "You are offline." });
    await banner.waitFor();
    await expectText(banner, "Figures shown are from");
    await page.context().setOffline(false);
    await banner.waitFor({ state: "detached" });
  });

  it("offers a reload instead of a failed import when the build changed under an open page", async () => {
    const page = await newPage();
    await signInThroughUi(page, admin.email);
    // The page was built before a deploy: its lazy chunk for Operations is gone from the server.
    await page.route(/\/assets\/operations-[^/]+\.js$/, (route) => route.fulfill({ status: 404, body: "not found" }));
    await nav(page).getByRole("link", { name: "Operations" }).click();
    const prompt = page.getByRole("alert").filter({ hasText: "A new version of the dashboard has been installed." });
    await prompt.waitFor();
    expect(await page.getByText(/Failed to fetch dynamically imported module/).count()).toBe(0);
    await page.unroute(/\/assets\/operations-[^/]+\.js$/);
    await prompt.getByRole("button", { name: "Reload" }).click();
    await page.getByRole("heading", { name: "Operations", level: 1 }).waitFor();
  });

  it("has no axe-core violations on any page", async () => {
    const anon = await newPage();
    await anon.goto(`${app.host.url}/sign-in`);
    await anon.getByRole("heading", { name: "Sign in" }).waitFor();
    await expectNoAxeViolations(anon, "/sign-in");
    await anon.goto(`${app.host.url}/sign-up`);
    await anon.getByRole("heading", { level: 1 }).waitFor();
    await expectNoAxeViolations(anon, "/sign-up");
    const pages: [string, string][] = [
      ["/", "Today"], ["/transactions", "Transactions"], ["/approvals", "Approvals"], ["/daily-report", "Daily report"],
      ["/monthly-report", "Monthly report"], ["/settings", "Settings"], ["/cashiering", "Cashiering"], ["/operations", "Operations"],
    ];
    for (const [path, heading] of pages) {
      await adminPage.goto(`${app.host.url}${path}`);
      await adminPage.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await adminPage.getByText(/^Loading/).first().waitFor({ state: "detached" }).catch(() => {});
      await expectNoAxeViolations(adminPage, path);
    }
    // The operations page speaks plainly: each item says what to do.
    await expectText(adminPage.getByRole("main"), "Sign-in locks in force");
    await expectText(adminPage.getByRole("main"), "Runbook: docs/operations.md#stale-approvals");
    await adminPage.setViewportSize(PHONE);
    for (const [path, heading] of pages.slice(0, 3)) {
      await adminPage.goto(`${app.host.url}${path}`);
      await adminPage.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await adminPage.getByText(/^Loading/).first().waitFor({ state: "detached" }).catch(() => {});
      await expectNoAxeViolations(adminPage, `${path} at 375 px`);
    }
  });

  it("staff opens and counts a shift, and the manager closes yesterday after the review", async () => {
    await nav(staffPage).getByRole("link", { name: "Cashiering" }).click();
    await staffPage.getByRole("heading", { name: "Cashiering", level: 1 }).waitFor();
    const shifts = staffPage.getByTestId("shifts");
    await shifts.getByLabel("Opening float").fill("1000");
    await shifts.getByRole("button", { name: "Open shift" }).click();
    await expectText(shifts.getByRole("row").filter({ hasText: "Sam Staff" }), "open");
    await shifts.getByLabel("Counted cash").fill("1000");
    await shifts.getByRole("button", { name: "Count and close shift" }).click();
    await expectText(shifts.getByRole("row").filter({ hasText: "Sam Staff" }), "closed");
    // Staff see the day's state but cannot close it.
    expect(await staffPage.getByTestId("close-day").getByRole("button", { name: /^Close / }).count()).toBe(0);

    const yesterday = addDays(TODAY, -1);
    await managerPage.goto(`${app.host.url}/cashiering?propertyId=${propertyId}&date=${yesterday}`);
    const closeDay = managerPage.getByTestId("close-day");
    await expectText(closeDay.getByRole("status"), "Open");
    await closeDay.getByRole("button", { name: `Close ${yesterday}` }).click();
    await expectText(closeDay.getByRole("status"), "Closed by Meera Manager");
    // The server now refuses entries dated on the closed day.
    const refused = await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId, amountCents: 100, paymentMode: "cash", category: "supplies", expenseDate: yesterday } });
    expect(refused.body.details).toMatchObject({ reason: "day_closed", date: yesterday });

    // The closed state shows on the daily report of that day, and Today (a day still open) says so too.
    await managerPage.goto(`${app.host.url}/daily-report?propertyId=${propertyId}&date=${yesterday}`);
    await expectText(managerPage.getByTestId("day-close-status"), "Day closed by Meera Manager");
    await nav(managerPage).getByRole("link", { name: "Today" }).click();
    await expectText(propertyPanel(managerPage).getByTestId("day-close-status"), "Day open for entries");
  });

  it("refreshes an open Cashiering page live when a shift opens or a day is reopened elsewhere, without a reload", async () => {
    await managerPage.goto(`${app.host.url}/cashiering?propertyId=${propertyId}&date=${TODAY}`);
    const shifts = managerPage.getByTestId("shifts");
    const samsRows = shifts.getByRole("row").filter({ hasText: "Sam Staff" });
    await expect.poll(() => samsRows.count(), { timeout: EXPECT_MS }).toBe(1);
    await liveBadge(managerPage).waitFor();
    await managerPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = "still here"));
    const opened = await must("POST", "/finance/shifts", { token: staff.token, body: { propertyId, floatCents: 20_000 } });
    await expect.poll(() => samsRows.count(), { timeout: EXPECT_MS }).toBe(2);
    await must("POST", `/finance/shifts/${opened.id}/close`, { token: staff.token, body: { countedCents: 20_000 } });

    // Yesterday was closed above; an admin reopens it from elsewhere and the open review follows.
    const yesterday = addDays(TODAY, -1);
    await managerPage.goto(`${app.host.url}/cashiering?propertyId=${propertyId}&date=${yesterday}`);
    const closeDay = managerPage.getByTestId("close-day");
    await expectText(closeDay.getByRole("status"), "Closed by Meera Manager");
    await liveBadge(managerPage).waitFor();
    await managerPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = "still here"));
    await must("POST", `/finance/days/${propertyId}/${yesterday}/reopen`, { token: admin.token, body: { reason: "late laundry invoice" } });
    await expectText(closeDay.getByRole("status"), "Open");
    await closeDay.getByRole("button", { name: `Close ${yesterday}` }).waitFor();
    expect(await managerPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe("still here");
  });

  it("staff records a cash drop and reverses an approved entry from the Transactions page; both wait for approval", async () => {
    await nav(staffPage).getByRole("link", { name: "Transactions" }).click();
    await staffPage.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await staffPage.getByRole("button", { name: "Cash movement" }).click();
    const form = staffPage.getByRole("form", { name: "New cash movement" });
    await form.getByLabel("Movement").selectOption("cash_drop");
    expect(await form.getByLabel("Business date").inputValue(), "the movement's date in the property's dd/mm/yyyy").toBe(ddmmyyyy(TODAY));
    await form.getByLabel(/^Amount/).fill("500");
    await expectNoAxeViolations(staffPage, "/transactions with the movement form");
    await form.getByRole("button", { name: "Record movement" }).click();
    await staffPage.getByRole("status").filter({ hasText: "Movement recorded; it waits for a manager's approval." }).waitFor();

    await staffPage.getByRole("button", { name: /^Reverse revenue/ }).first().click();
    const reverse = staffPage.getByRole("form", { name: "Reverse entry" });
    await reverse.getByLabel("Reason").fill("guest charged twice");
    expect(await reverse.getByLabel("Reversal date (an open day)").inputValue(), "the reversal's date in the property's dd/mm/yyyy").toBe(ddmmyyyy(TODAY));
    await expectNoAxeViolations(staffPage, "/transactions with the reversal dialog");
    await reverse.getByRole("button", { name: "Record reversal" }).click();
    await staffPage.getByRole("status").filter({ hasText: "Reversal recorded; it waits for a manager's approval." }).waitFor();
    const movements = await call("GET", `/finance/movements?propertyId=${propertyId}&from=${TODAY}&to=${TODAY}`, { token: manager.token });
    expect(movements.body.items).toEqual([expect.objectContaining({ movementType: "cash_drop", amountCents: 50_000, status: "pending", createdBy: expect.objectContaining({ id: staff.userId }) })]);

    // The manager decides the cash drop in the day's review (revenues and expenses go through Approvals); staff is offered no decision.
    await staffPage.goto(`${app.host.url}/cashiering?propertyId=${propertyId}&date=${TODAY}`);
    await staffPage.getByTestId("close-day").getByText("Pending — approve, reject or move these first").waitFor();
    expect(await staffPage.getByRole("button", { name: "Approve movement" }).count()).toBe(0);
    await managerPage.goto(`${app.host.url}/cashiering?propertyId=${propertyId}&date=${TODAY}`);
    const review = managerPage.getByTestId("close-day");
    await review.getByRole("button", { name: "Approve movement" }).click();
    await review.getByRole("button", { name: "Approve movement" }).waitFor({ state: "detached" });
    const decided = await call("GET", `/finance/movements?propertyId=${propertyId}&from=${TODAY}&to=${TODAY}`, { token: manager.token });
    expect(decided.body.items).toEqual([expect.objectContaining({ movementType: "cash_drop", status: "approved" })]);
  });

  it("shows staff, manager and admin exactly the entry buttons their role may use, and the movement form and reversal dialog fit, at 375 and 768 px", async () => {
    // An approved entry (the manager's own are approved at once), staff's pending one, and an approved reversal of the first.
    const approved = await must("POST", "/finance/revenues", { token: manager.token, body: { propertyId, amountCents: 4_200_00, paymentMode: "cash", source: "food", description: "Matrix: approved dinner", occurredAt: new Date().toISOString() } });
    const pending = await must("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents: 1_100_00, paymentMode: "cash", source: "room", description: "Matrix: staff's pending", occurredAt: new Date().toISOString() } });
    const reversal = await must("POST", `/finance/transactions/revenue/${approved.id}/reverse`, { token: manager.token, body: { reason: "matrix check", amountCents: 100_00 } });
    expect([approved.status, pending.status, reversal.status]).toEqual(["approved", "pending", "approved"]);
    // The server's side of the matrix, for what staff is not shown (nothing is written by these).
    expect((await call("PATCH", `/finance/transactions/revenue/${approved.id}`, { token: staff.token, body: { description: "x" } })).status).toBe(403);
    expect((await call("DELETE", `/finance/transactions/revenue/${approved.id}`, { token: staff.token })).status).toBe(403);
    expect((await call("POST", `/finance/transactions/revenue/${reversal.id}/reverse`, { token: staff.token, body: { reason: "x" } })).body.details).toMatchObject({ reason: "is_reversal" });
    // And for what a manager is not shown.
    expect((await call("PATCH", `/finance/transactions/revenue/${approved.id}`, { token: manager.token, body: { description: "x" } })).body.details).toMatchObject({ reason: "has_reversals" });
    expect((await call("DELETE", `/finance/transactions/revenue/${approved.id}`, { token: manager.token })).body.details).toMatchObject({ reason: "has_reversals" });
    expect((await call("PATCH", `/finance/transactions/revenue/${reversal.id}`, { token: manager.token, body: { description: "x" } })).body.details).toMatchObject({ reason: "is_reversal" });

    const cards = { approved: "Matrix: approved dinner", pending: "Matrix: staff's pending", reversal: `Reversal of revenue ${approved.id}` } as const;
    const manage = ["Edit", "Delete"];
    const expected: Record<"staff" | "manager" | "admin", Record<keyof typeof cards, string[]>> = {
      // Staff: reverse an approved entry (it waits for approval), change only their own pending one.
      staff: { approved: ["Reverse"], pending: manage, reversal: [] },
      // Managers and admins: change any pending or approved entry, reverse approved ones that are not reversals;
      // but an entry with a live reversal is neither edited nor deleted, and a reversal is deleted, never edited.
      manager: { approved: ["Reverse"], pending: manage, reversal: ["Delete"] },
      admin: { approved: ["Reverse"], pending: manage, reversal: ["Delete"] },
    };
    // Everyone may read every entry's history.
    for (const byEntry of Object.values(expected)) for (const k of Object.keys(byEntry) as (keyof typeof cards)[]) byEntry[k] = [...byEntry[k], "History"];
    const people = { staff, manager, admin };
    for (const role of ["staff", "manager", "admin"] as const) {
      const page = await newPage(PHONE);
      await signInThroughUi(page, people[role].email);
      for (const viewport of [PHONE, TABLET]) {
        const where = `${role} at ${viewport.width} px`;
        await page.setViewportSize(viewport);
        await page.goto(`${app.host.url}/transactions`);
        await page.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
        // Below 1024 px entries are cards (list items), each with its own actions.
        const card = (text: string) => page.getByRole("listitem").filter({ hasText: text });
        await card(cards.reversal).waitFor();
        for (const [which, text] of Object.entries(cards) as [keyof typeof cards, string][]) {
          expect(await card(text).getByRole("button").allInnerTexts(), `${which} entry, ${where}`).toEqual(expected[role][which]);
        }
        for (const name of ["Add revenue", "Add expense", "Cash movement"]) expect(await page.getByRole("button", { name, exact: true }).isVisible(), `${name}, ${where}`).toBe(true);
        expect(await buttonsOutsideViewport(page), `Transactions, ${where}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `Transactions scrolls sideways, ${where}`).toBe(true);

        await page.getByRole("button", { name: "Cash movement", exact: true }).click();
        const movement = page.getByRole("form", { name: "New cash movement" });
        await movement.getByLabel("Movement").selectOption("bank_deposit");
        expect(await buttonsOutsideViewport(page), `movement form, ${where}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `movement form scrolls sideways, ${where}`).toBe(true);
        await movement.getByRole("button", { name: "Cancel" }).click();

        if (expected[role].approved.includes("Reverse")) {
          await card(cards.approved).getByRole("button", { name: /^Reverse / }).click();
          const dialog = page.getByRole("form", { name: "Reverse entry" });
          await dialog.waitFor();
          expect(await buttonsOutsideViewport(page), `reversal dialog, ${where}`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `reversal dialog scrolls sideways, ${where}`).toBe(true);
          await dialog.getByRole("button", { name: "Cancel" }).click();
          await dialog.waitFor({ state: "detached" });
        }
        await shot(page, `transactions-${role}-${viewport.width}`);
      }
    }
  });

  it("hides an archived property from the entry form's property choice and keeps it in the reports", async () => {
    const lodge = await must("POST", "/properties", { token: admin.token, body: { name: "Old Mill Lodge", timezone: ZONE, currency: "INR", openingCashCents: 0 } });
    await must("POST", "/finance/revenues", { token: admin.token, body: { propertyId: lodge.id, amountCents: 777_00, paymentMode: "cash", source: "room", description: "Last guest at the Lodge", occurredAt: new Date().toISOString() } });
    await adminPage.goto(`${app.host.url}/settings`);
    await adminPage.getByRole("button", { name: "Archive Old Mill Lodge" }).click();
    await adminPage.getByRole("status").filter({ hasText: "Old Mill Lodge archived: hidden from new entries, still in reports." }).waitFor();

    await adminPage.goto(`${app.host.url}/transactions`);
    await adminPage.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await adminPage.getByRole("button", { name: "Add revenue" }).click();
    const choice = adminPage.getByRole("form", { name: "Add revenue" }).getByLabel("Property");
    await expect.poll(() => choice.locator("option").allInnerTexts(), { timeout: EXPECT_MS }).toContain(HOTEL);
    expect(await choice.locator("option").allInnerTexts()).not.toContain("Old Mill Lodge");
    await adminPage.getByRole("form", { name: "Add revenue" }).getByRole("button", { name: "Cancel" }).click();

    await waitForProjection();
    await adminPage.goto(`${app.host.url}/daily-report?propertyId=${lodge.id}&date=${TODAY}`);
    await adminPage.getByRole("heading", { name: "Daily report", level: 1 }).waitFor();
    await expectText(adminPage.getByRole("main"), "Old Mill Lodge");
    await expectText(reportFigure(adminPage, "Cash received"), "₹777.00");
    await expectText(adminPage.getByRole("row").filter({ hasText: "Last guest at the Lodge" }), "₹777.00");
  });

  it.runIf(SCREENSHOTS)("saves the admin pages and a tablet-width Today (SCREENSHOTS=1)", async () => {
    const adminPage = await newPage();
    await signInThroughUi(adminPage, admin.email);
    await nav(adminPage).getByRole("link", { name: "Settings" }).click();
    await adminPage.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await adminPage.getByText("Sam Staff").first().waitFor();
    await adminPage.getByText("Hill Retreat").first().waitFor();
    await shot(adminPage, "settings");
    await nav(adminPage).getByRole("link", { name: "Operations" }).click();
    await adminPage.getByRole("heading", { name: "Operations", level: 1 }).waitFor();
    await adminPage.getByRole("heading", { level: 2 }).first().waitFor();
    await shot(adminPage, "operations");

    await managerPage.setViewportSize(TABLET);
    await nav(managerPage).getByRole("link", { name: "Today" }).click();
    await expectText(todayFigure(managerPage, "Closing"), "₹1,15,250.50");
    await shot(managerPage, "today-tablet");
    await managerPage.setViewportSize(DESKTOP);
  });
});
