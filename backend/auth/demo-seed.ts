// The first start on an empty database creates a demo organisation so the
// dashboard has something to show, and prints its sign-ins once.
// SEED_DEMO=false turns it off.
import { randomBytes } from "node:crypto";
import log from "encore.dev/log";
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { insertOrganization } from "./organizations.ts";
import { insertProperty } from "./properties.ts";
import { insertUser, setUserProperties } from "./users.ts";
import { hashPassword } from "./passwords.ts";
import type { Role } from "../shared/auth-data.ts";

export async function seedDemoIfEmpty(): Promise<boolean> {
  await using tx = await db.begin();
  // Two instances starting together: one seeds, the other sees a non-empty table.
  await tx.exec`SELECT pg_advisory_xact_lock(hashtext('demo-seed'))`;
  const any = await tx.queryRow`SELECT 1 AS x FROM organizations LIMIT 1`;
  if (any) return false;
  const org = await insertOrganization(tx, "Demo Hotels");
  const mumbai = await insertProperty(tx, org.id, { name: "Mumbai Bayview", timezone: "Asia/Kolkata", currency: "INR", openingCashCents: 5_000_000 });
  const london = await insertProperty(tx, org.id, { name: "London Riverside", timezone: "Europe/London", currency: "GBP", openingCashCents: 200_000 });
  const people: { email: string; name: string; role: Role; password: string }[] = [
    { email: "admin@demo.example", name: "Asha Admin", role: "admin", password: "" },
    { email: "manager@demo.example", name: "Manoj Manager", role: "manager", password: "" },
    { email: "staff@demo.example", name: "Sam Staff", role: "staff", password: "" },
  ];
  for (const p of people) {
    p.password = randomBytes(9).toString("base64url");
    const id = await insertUser(tx, org.id, { email: p.email, displayName: p.name, passwordHash: await hashPassword(p.password), role: p.role });
    if (p.role === "staff") await setUserProperties(tx, org.id, id, [mumbai.id]);
  }
  await tx.commit();
  log.info("demo organisation created", { properties: [mumbai.name, london.name] });
  process.stdout.write(
    "\nDemo sign-ins (shown once; change them in Settings):\n" +
      people.map((p) => `  ${p.role.padEnd(8)} ${p.email.padEnd(24)} ${p.password}`).join("\n") + "\n\n",
  );
  return true;
}

if (process.env.SEED_DEMO !== "false") {
  const seeding = seedDemoIfEmpty().catch((err) => log.error(err, "demo seed failed"));
  onShutdown("demo-seed", async () => { await seeding; });
}
