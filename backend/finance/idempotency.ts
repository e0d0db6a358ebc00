// Idempotent creates: the first response for (organisation, key) is stored in
// the same statement as the row it created (create-row.ts); a retry with the
// same body gets that response back, a different body gets 409. Concurrent
// duplicates wait on the key's unique index until the first commits.
import { createHash } from "node:crypto";
import { APIError } from "encore.dev/api";
import type { Queryer } from "../shared/db.ts";

export function requestHash(parts: unknown): Buffer {
  return createHash("sha256").update(JSON.stringify(parts)).digest();
}

/**
 * The response first stored for (organisation, key), once create-row.ts found
 * the key taken: null when it is gone again (housekeeping expired it, or the
 * create holding it failed), so the caller tries its create again. A key used
 * with a different request is a 409.
 */
export async function priorResponse<T>(q: Queryer, orgId: string, key: string, hash: Buffer): Promise<T | null> {
  // Compared in SQL: a bytea column comes back as a Buffer from node-postgres but as an ArrayBuffer from Encore's runtime.
  const prior = await q.queryRow<{ same: boolean; response: T }>`
    SELECT request_hash = ${hash} AS same, response FROM idempotency_keys WHERE org_id = ${orgId} AND key = ${key}`;
  if (!prior) return null;
  if (!prior.same) {
    throw APIError.alreadyExists("this Idempotency-Key was already used with a different request").withDetails({ field: "Idempotency-Key" });
  }
  return prior.response;
}
