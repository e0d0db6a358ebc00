// What the operator's attention list (ops/attention.ts) counts from finance's
// tables, across every organisation: no tenant's ids or amounts leave here.
// Read through the internal endpoint (~encore/clients), not from the tables.
// The count uses the partial index on pending entries.
import { api } from "encore.dev/api";
import { z } from "zod";
import { db } from "../../database.ts";
import { parseInput } from "../shared/validation.ts";

interface PendingRequest { olderThanHours: number }
interface PendingCounts { stale: number; oldestPendingHours: number | null }

const pendingApprovalCountsInput = z.object({ olderThanHours: z.number().min(0).max(100_000) });

/** Internal: entries pending longer than the hours given, and how old the oldest pending one is (hours, one decimal; null when none is pending). */
export const pendingApprovalCounts = api(
  { expose: false, method: "POST", path: "/finance/internal/pending-approval-counts" },
  async (req: PendingRequest): Promise<PendingCounts> => {
    const { olderThanHours } = parseInput(pendingApprovalCountsInput, req);
    return (await db.queryRow<PendingCounts>`
      SELECT (SELECT count(*) FROM finance_transactions WHERE status = 'pending' AND deleted_at IS NULL AND created_at < now() - make_interval(hours => ${olderThanHours}))::int AS stale,
             (SELECT round((extract(epoch FROM now() - min(created_at)) / 3600)::numeric, 1)::float8 FROM finance_transactions WHERE status = 'pending' AND deleted_at IS NULL) AS "oldestPendingHours"`)!;
  },
);
