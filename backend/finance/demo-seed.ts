// On the first start, once the auth service has created the demo
// organisation, give it a month of entries so the dashboard has something to
// show: approved revenues and expenses at both properties (through the
// ledger, so the cash book is built by the real pipeline) and a few pending
// staff entries to approve. SEED_DEMO=false turns it off.
import log from "encore.dev/log";
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { businessDateOf } from "../shared/business-date.ts";
import { auth } from "~encore/clients";
import { createTransaction } from "./ledger.ts";
import { DEFAULT_EDITABLE_DAYS } from "./day-close.ts";

const DAYS = 30;
const WAIT_FOR_ORG_MS = 30_000;

/** The demo organisation's people and properties, from auth (which owns them); null until auth's demo seed has made them. */
async function demoPeople() {
  return (await auth.demoPeople()).people;
}

export async function seedDemoTransactions(): Promise<number> {
  let people = await demoPeople();
  for (const until = Date.now() + WAIT_FOR_ORG_MS; !people && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 500));
    people = await demoPeople();
  }
  if (!people) return 0;
  const existing = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE org_id = ${people.manager.orgId}`;
  if (existing!.n > 0) return 0;
  let n = 0;
  const now = Date.now();
  // The month of history is older than the default editable window: open it for the seed, then put the default back.
  const widen = async (days: number | null) => {
    for (const p of people!.properties) {
      await db.exec`
        INSERT INTO finance_property_settings (org_id, property_id, editable_days) VALUES (${people!.manager.orgId}, ${p.id}, ${days ?? DEFAULT_EDITABLE_DAYS})
        ON CONFLICT (org_id, property_id) DO UPDATE SET editable_days = EXCLUDED.editable_days, updated_at = now()`;
    }
  };
  await widen(DAYS + 1);
  try {
    // Deterministic amounts (no Math.random) so every demo looks the same.
    for (let d = DAYS; d >= 1; d--) {
      for (const [i, p] of people.properties.entries()) {
        const at = new Date(now - d * 86_400_000);
        const scale = i === 0 ? 100 : 1;
        await createTransaction(people.manager, "revenue", { propertyId: p.id, amountCents: (4_500 + ((d * 37) % 40) * 100) * scale, paymentMode: "cash", source: "room", occurredAt: at.toISOString() });
        await createTransaction(people.manager, "revenue", { propertyId: p.id, amountCents: (2_000 + ((d * 53) % 30) * 100) * scale, paymentMode: "bank", bankReference: `UPI-${d}${i}`, source: d % 2 ? "food" : "beverage", occurredAt: at.toISOString() });
        if (d % 3 === 0) {
          await createTransaction(people.manager, "expense", { propertyId: p.id, amountCents: (1_500 + ((d * 11) % 20) * 100) * scale, paymentMode: "cash", category: d % 2 ? "supplies" : "maintenance", expenseDate: businessDateOf(at, p.timezone) });
        }
        n += d % 3 === 0 ? 3 : 2;
      }
    }
    // Today: a few staff entries waiting for the manager.
    const home = people.properties.find((p) => people!.staff.propertyIds.includes(p.id));
    if (home) {
      for (const [k, amount] of [325_000, 48_000, 12_500].entries()) {
        await createTransaction(people.staff, "revenue", { propertyId: home.id, amountCents: amount, paymentMode: k === 1 ? "bank" : "cash", bankReference: k === 1 ? "CARD-4411" : null, source: (["room", "food", "laundry"] as const)[k], occurredAt: new Date(now - (k + 1) * 3_600_000).toISOString() });
        n++;
      }
    }
  } finally {
    await widen(null);
  }
  log.info("demo transactions created", { count: n });
  return n;
}

if (process.env.SEED_DEMO !== "false") {
  const seeding = seedDemoTransactions().catch((err) => log.error(err, "demo transactions not created"));
  onShutdown("finance-demo-seed", async () => { await seeding; });
}
