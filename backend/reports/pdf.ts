// Printable daily and monthly reports as PDF (pdfkit). Each page names the
// organisation, property, business date or month and when it was printed (in
// the property's time zone), and ends with sign-off lines for the people who
// prepare and check the cash. Amounts carry the currency code rather than a
// symbol: the standard PDF fonts have no glyph for ₹.
import PDFDocument from "pdfkit";
import type { DailyReport, MonthlyReport } from "./queries.ts";
import { formatAmount } from "./daily-breakdown.ts";

export interface Letterhead { organizationName: string; propertyName: string; timezone: string; printedAt: Date }

const MARGIN = 50;
const label = (v: string) => v.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

function printedAt(h: Letterhead): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: h.timezone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
  }).format(h.printedAt);
}

function dateLong(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, d)));
}

function render(draw: (doc: PDFKit.PDFDocument) => void, title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: title, Creator: "Hotel finance" } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    draw(doc);
    doc.end();
  });
}

function header(doc: PDFKit.PDFDocument, h: Letterhead, title: string, period: string) {
  doc.font("Helvetica-Bold").fontSize(16).text(h.organizationName);
  doc.font("Helvetica").fontSize(11).text(h.propertyName);
  doc.moveDown(0.5);
  doc.font("Helvetica-Bold").fontSize(14).text(title);
  doc.font("Helvetica").fontSize(10).text(`Business date: ${period}`).text(`Printed: ${printedAt(h)}`).text(`Time zone: ${h.timezone}`);
  doc.moveDown();
}

/** Two-column rows: a label on the left, an amount right-aligned. */
function figureRows(doc: PDFKit.PDFDocument, rows: [string, string][], opts: { bold?: string[] } = {}) {
  const width = doc.page.width - 2 * MARGIN;
  for (const [name, value] of rows) {
    if (doc.y > doc.page.height - MARGIN - 40) doc.addPage();
    const y = doc.y;
    doc.font(opts.bold?.includes(name) ? "Helvetica-Bold" : "Helvetica").fontSize(10);
    // A label may wrap: the next row starts below the taller of the two columns, so wrapped lines never overlap it.
    const height = Math.max(doc.heightOfString(name, { width: width * 0.7 }), doc.heightOfString(value, { width: width * 0.3 }));
    doc.text(name, MARGIN, y, { width: width * 0.7 });
    doc.text(value, MARGIN + width * 0.7, y, { width: width * 0.3, align: "right" });
    doc.y = y + height + 3;
  }
  doc.x = MARGIN;
}

function section(doc: PDFKit.PDFDocument, title: string) {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6).font("Helvetica-Bold").fontSize(11).text(title, MARGIN);
  doc.moveDown(0.2);
}

function signOff(doc: PDFKit.PDFDocument) {
  if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
  doc.moveDown(2);
  const width = (doc.page.width - 2 * MARGIN - 40) / 2;
  const y = doc.y + 30;
  for (const [i, who] of ["Prepared by (front desk)", "Checked by (manager)"].entries()) {
    const x = MARGIN + i * (width + 40);
    doc.moveTo(x, y).lineTo(x + width, y).stroke();
    doc.font("Helvetica").fontSize(9).text(`${who} — name, signature, date`, x, y + 4, { width });
  }
  doc.x = MARGIN;
}

/** The daily report: cash book figures, breakdowns, discrepancy, the day's entries and sign-off. */
export function dailyReportPdf(r: DailyReport, h: Letterhead): Promise<Buffer> {
  const money = (c: number) => formatAmount(c, r.currency);
  return render((doc) => {
    header(doc, h, "Daily cash report", `${dateLong(r.date)} (${r.date})`);
    section(doc, "Cash book");
    figureRows(doc, [
      ["Opening balance (cash in hand)", money(r.openingBalanceCents)],
      ["Cash received", money(r.cashReceivedCents)],
      ["Cash expenses", money(r.cashExpensesCents)],
      ["Closing balance (cash in hand)", money(r.closingBalanceCents)],
      ["Bank received", money(r.bankReceivedCents)],
      ["Bank expenses", money(r.bankExpensesCents)],
    ], { bold: ["Closing balance (cash in hand)"] });
    doc.moveDown(0.3).font("Helvetica").fontSize(10)
      .text(r.discrepancyExplanation ?? "No discrepancy: the closing balance agrees with the approved entries.", MARGIN);
    section(doc, "Revenue by source (approved)");
    figureRows(doc, r.revenueBySource.map((s) => [`${label(s.source)} (${s.count})`, money(s.amountCents)]));
    section(doc, "Expenses by category (approved)");
    figureRows(doc, r.expensesByCategory.map((c) => [`${label(c.category)} (${c.count})`, money(c.amountCents)]));
    section(doc, `Entries of the day (${r.transactions.length}; ${r.totals.pendingCount} pending)`);
    if (r.transactions.length === 0) doc.font("Helvetica").fontSize(10).text("No entries.");
    figureRows(doc, r.transactions.map((t) => [
      [label(t.kind), label(t.source ?? t.category ?? ""), t.paymentMode, t.bankReference ? `ref ${t.bankReference}` : "", t.description ?? "", `by ${t.createdBy.displayName}`, `[${t.status}]`].filter(Boolean).join(" · "),
      money(t.kind === "expense" ? -Number(t.amountCents) : Number(t.amountCents)),
    ]));
    signOff(doc);
  }, `Daily cash report ${h.propertyName} ${r.date}`);
}

/** The monthly report: one line per day, the month's totals and sign-off. */
export function monthlyReportPdf(r: MonthlyReport, h: Letterhead): Promise<Buffer> {
  const money = (c: number) => formatAmount(c, r.currency);
  const [y, m] = r.month.split("-").map(Number);
  const monthName = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, 1)));
  return render((doc) => {
    header(doc, h, "Monthly cash report", `${monthName} (${r.days[0].date} to ${r.days[r.days.length - 1].date})`);
    section(doc, "Totals");
    figureRows(doc, [
      ["Opening balance (cash in hand)", money(r.totals.openingBalanceCents)],
      ["Cash received", money(r.totals.cashReceivedCents)],
      ["Cash expenses", money(r.totals.cashExpensesCents)],
      ["Closing balance (cash in hand)", money(r.totals.closingBalanceCents)],
      ["Bank received", money(r.totals.bankReceivedCents)],
      ["Bank expenses", money(r.totals.bankExpensesCents)],
    ], { bold: ["Closing balance (cash in hand)"] });
    section(doc, "Closing balance by day");
    figureRows(doc, r.days.map((d) => [
      `${d.date}  cash in ${money(d.cashReceivedCents)}, out ${money(d.cashExpensesCents)}${d.hasDiscrepancy ? "  (discrepancy)" : ""}`,
      money(d.closingBalanceCents),
    ]));
    signOff(doc);
  }, `Monthly cash report ${h.propertyName} ${r.month}`);
}
