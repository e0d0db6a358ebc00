// Streams live longer than access tokens: every REVALIDATE_MS (30 s; the
// STREAM_REVALIDATE_MS setting changes it) the viewers of
// open streams are checked against the users table, and a stream whose user
// was deactivated, moved, had the password reset, or changed role or
// properties is closed. The dashboard then reconnects with a fresh ticket,
// which carries the current access — or fails, as it should.
import { db } from "../../database.ts";
import { every } from "../shared/lifecycle.ts";
import { liveHub, type Viewer } from "./live-hub.ts";
import { envNumber } from "../shared/env.ts";

export const REVALIDATE_MS = envNumber("STREAM_REVALIDATE_MS", 30_000, { min: 1 });

interface Current { id: string; orgId: string; role: Viewer["role"]; active: boolean; propertyIds: string[]; tokensValidAfterS: number }

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Closes the streams whose viewer no longer has the access they were opened with; returns how many. */
export async function revalidateStreams(): Promise<number> {
  const connections = liveHub.all();
  if (connections.length === 0) return 0;
  const userIds = [...new Set(connections.map((c) => c.viewer.userId))];
  const rows = await db.queryAll<Current>`
    SELECT u.id, u.org_id AS "orgId", u.role, u.active, extract(epoch FROM u.tokens_valid_after)::float8 AS "tokensValidAfterS",
           ARRAY(SELECT up.property_id::text FROM user_properties up WHERE up.user_id = u.id) AS "propertyIds"
      FROM users u WHERE u.id = ANY(${userIds}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  let closed = 0;
  for (const c of connections) {
    const now = byId.get(c.viewer.userId);
    const stale = !now || !now.active || now.orgId !== c.viewer.orgId || now.role !== c.viewer.role
      || now.tokensValidAfterS * 1000 > c.openedAt
      || (now.role === "staff" && !sameSet(now.propertyIds, c.viewer.propertyIds));
    if (stale) {
      c.close("access_changed");
      closed++;
    }
  }
  return closed;
}

every("live stream access check", REVALIDATE_MS, revalidateStreams);
