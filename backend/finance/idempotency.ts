// Idempotent creates: the first response for (organisation, key) is stored in
// the same transaction as the row it created; a retry with the same body gets
// that response back, a different body gets 409. Concurrent duplicates wait
// on the key's unique index until the first commits.
import { createHash } from "node:crypto";
import { APIError } from "encore.dev/api";
import type { Queryer } from "../shared/db.ts";

export function requestHash(parts: unknown): Buffer {
  return createHash("sha256").update(JSON.stringify(parts)).digest();
}

/**
 * Claims the key inside the caller's transaction. Returns the stored response
 * when the key was used before with the same request, or null when this
 * request is the first (the caller then stores its response with saveResponse).
 */
export async function claimKey<T>(q: Queryer, orgId: string, key: string, hash: Buffer): Promise<T | null> {
  const claimed = await q.queryRow`
    INSERT INTO idempotency_keys (org_id, key, request_hash, response) VALUES (${orgId}, ${key}, ${hash}, 'null'::jsonb)
    ON CONFLICT (org_id, key) DO NOTHING RETURNING 1 AS ok`;
  if (claimed) return null;
  // Compared in SQL: a bytea column comes back as a Buffer from node-postgres but as an ArrayBuffer from Encore's runtime.
  const prior = await q.queryRow<{ same: boolean; response: T }>`
    SELECT request_hash = ${hash} AS same, response FROM idempotency_keys WHERE org_id = ${orgId} AND key = ${key}`;
  if (!prior || !prior.same) {
    throw APIError.alreadyExists("this Idempotency-Key was already used with a different request").withDetails({ field: "Idempotency-Key" });
  }
  return prior.response;
}

export async function saveResponse(q: Queryer, orgId: string, key: string, response: unknown): Promise<void> {
  // The response as a value: Encore's runtime serialises it into the jsonb
  // object (JSON.stringify here would store a JSON string and replay a string).
  await q.exec`UPDATE idempotency_keys SET response = ${response as Record<string, unknown>}::jsonb WHERE org_id = ${orgId} AND key = ${key}`;
}
