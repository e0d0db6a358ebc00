// POST /reports/replay: rebuild the cash book from the event store and compare (replay.ts).
import { api } from "encore.dev/api";
import log from "encore.dev/log";
import { caller, requirePropertyAccess, requireRole } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { replayCashBook, type ReplayReport } from "./replay.ts";
import { replaySchema } from "./schemas.ts";

interface ReplayRequest {
  propertyId?: string;
  from?: string;
  to?: string;
  swap?: boolean;
}

/**
 * Rebuilds the caller's organisation's cash book (or one property's, or a
 * date range of it) from the event store, reports the rows that are missing,
 * extra or different in the live table, and with `swap: true` replaces them
 * in one transaction. Admin only.
 */
export const replay = api(
  { expose: true, auth: true, method: "POST", path: "/reports/replay" },
  async (req: ReplayRequest): Promise<ReplayReport> => {
    const auth = caller();
    requireRole(auth, "admin");
    const f = parseInput(replaySchema, req);
    if (f.propertyId) requirePropertyAccess(auth, f.propertyId);
    const report = await replayCashBook({ orgId: auth.orgId, propertyId: f.propertyId, from: f.from, to: f.to, swap: f.swap });
    log.info("cash book replayed", {
      orgId: auth.orgId, userId: auth.userID, propertyId: f.propertyId ?? null, swapped: report.swapped,
      missing: report.missing, extra: report.extra, different: report.different,
    });
    return report;
  },
);
