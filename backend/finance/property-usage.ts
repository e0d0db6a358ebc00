// Whether a property already has money recorded against it, for the auth
// service (which owns properties) to refuse changes that would rescale it.
import { api } from "encore.dev/api";
import { z } from "zod";
import { db } from "../../database.ts";
import { caller, requirePropertyAccess } from "../shared/authz.ts";
import { idSchema, parseInput } from "../shared/validation.ts";
import type { Queryer } from "../shared/db.ts";

interface PropertyUsageRequest { propertyId: string }

/** What finance holds for one property. */
interface PropertyUsage {
  /** True once any revenue or expense was recorded, deleted ones included: their amounts are in the property's currency too. */
  hasEntries: boolean;
}

export async function propertyHasEntries(q: Queryer, orgId: string, propertyId: string): Promise<boolean> {
  const row = await q.queryRow<{ used: boolean }>`
    SELECT EXISTS (SELECT 1 FROM revenues WHERE org_id = ${orgId} AND property_id = ${propertyId})
        OR EXISTS (SELECT 1 FROM expenses WHERE org_id = ${orgId} AND property_id = ${propertyId}) AS used`;
  return row!.used;
}

const propertyUsageInput = z.object({ propertyId: idSchema });

/** Internal: whether a property of the caller's organisation has entries. Called by the auth service before a currency change. */
export const propertyUsage = api(
  { expose: false, auth: true, method: "GET", path: "/finance/internal/property-usage/:propertyId" },
  async (req: PropertyUsageRequest): Promise<PropertyUsage> => {
    const auth = caller();
    const { propertyId } = parseInput(propertyUsageInput, req);
    requirePropertyAccess(auth, propertyId);
    return { hasEntries: await propertyHasEntries(db, auth.orgId, propertyId) };
  },
);
