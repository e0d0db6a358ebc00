// Single-use tickets for the live stream. A browser EventSource cannot send an
// Authorization header and tokens must never appear in URLs (logs, history,
// referrers), so an authenticated call trades the caller's identity for a
// short random ticket; the stream redeems it once. Only its SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../../database.ts";
import { isoUtc } from "../shared/sql-time.ts";
import type { AuthData } from "../shared/auth-data.ts";
import type { Viewer } from "./live-hub.ts";

/** How long a ticket may wait before it is redeemed. */
export const TICKET_TTL_SECONDS = 30;
/** Expired tickets removed per issue, so cleanup costs a bounded amount each time. */
const EXPIRED_SWEEP_LIMIT = 100;

const hash = (ticket: string) => createHash("sha256").update(ticket).digest();

export async function issueTicket(auth: AuthData): Promise<{ ticket: string; expiresAt: string }> {
  const ticket = randomBytes(32).toString("base64url");
  const row = await db.rawQueryRow<{ expiresAt: string }>(
    `WITH swept AS (
       DELETE FROM event_stream_tickets
        WHERE ticket_hash IN (SELECT ticket_hash FROM event_stream_tickets WHERE expires_at < now() LIMIT $1)
     )
     INSERT INTO event_stream_tickets (ticket_hash, org_id, user_id, role, property_ids, expires_at)
     VALUES ($2, $3, $4, $5, $6::uuid[], now() + make_interval(secs => $7))
     RETURNING ${isoUtc("expires_at")} AS "expiresAt"`,
    EXPIRED_SWEEP_LIMIT, hash(ticket), auth.orgId, auth.userID, auth.role, auth.propertyIds, TICKET_TTL_SECONDS,
  );
  return { ticket, expiresAt: row!.expiresAt };
}

/** The viewer a valid, unexpired, unused ticket stands for; null otherwise. The ticket is spent either way. */
export async function redeemTicket(ticket: string): Promise<Viewer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(ticket)) return null;
  const row = await db.queryRow<{ orgId: string; userId: string; role: Viewer["role"]; propertyIds: string[]; valid: boolean }>`
    DELETE FROM event_stream_tickets WHERE ticket_hash = ${hash(ticket)}
    RETURNING org_id AS "orgId", user_id AS "userId", role,
              -- text[]: Encore's runtime returns a uuid but not a uuid[]
              property_ids::text[] AS "propertyIds", expires_at > now() AS valid`;
  if (!row || !row.valid) return null;
  return { orgId: row.orgId, userId: row.userId, role: row.role, propertyIds: row.propertyIds };
}
