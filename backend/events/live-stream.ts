// GET /events/stream: server-sent events for one redeemed ticket. The
// connection joins the hub first (live messages queue), then replays the
// finance events after Last-Event-ID from domain_events in seq order, then
// releases the queue; seq de-duplicates the overlap, so there is no gap and
// no duplicate between replay and live.
import { APIError } from "encore.dev/api";
import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "../../database.ts";
import { financeFrame, liveHub, type StreamConnection, type Viewer } from "./live-hub.ts";
import { liveListener } from "./live-broadcast.ts";
import { redeemTicket } from "./stream-tickets.ts";
import { writeRawError } from "../shared/raw-errors.ts";

/** Missed events replayed on reconnect at most; beyond this the client is told to resync. */
export const MAX_REPLAY_EVENTS = 1000;
const REPLAY_PAGE = 250;
/** Browsers wait this long before reconnecting (with a fresh ticket, see docs/events.md). */
const RETRY_MS = 3000;

function parseLastEventId(req: IncomingMessage, url: URL): number | null | "invalid" {
  // The header is what a reconnecting EventSource sends; the query is for a new EventSource (fresh ticket).
  const header = req.headers["last-event-id"];
  const raw = (typeof header === "string" && header !== "" ? header : null) ?? url.searchParams.get("lastEventId");
  if (raw === null || raw === "") return null;
  if (!/^\d{1,15}$/.test(raw)) return "invalid";
  return Number(raw);
}

export async function openStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const ticket = url.searchParams.get("ticket");
  const lastEventId = parseLastEventId(req, url);
  if (lastEventId === "invalid") return writeRawError(res, APIError.invalidArgument("lastEventId: must be the id of an event this stream sent"), "event stream");
  if (!ticket) return writeRawError(res, APIError.unauthenticated("ticket: get one from POST /events/stream-ticket"), "event stream");
  const viewer = await redeemTicket(ticket);
  if (!viewer) return writeRawError(res, APIError.unauthenticated("the stream ticket is invalid, expired or already used; get a new one from POST /events/stream-ticket"), "event stream");

  let conn: StreamConnection;
  try {
    conn = liveHub.add(viewer, res);
  } catch (err) {
    return writeRawError(res, APIError.unavailable((err as Error).message), "event stream");
  }
  res.on("close", () => conn.close("client_closed"));
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.flushHeaders();
  conn.write(`retry: ${RETRY_MS}\n\n`);

  try {
    // Listening before the head is read or the replay runs, so no other instance's event falls between.
    await liveListener.ready();
    if (lastEventId === null) await announceHead(conn, viewer);
    else await replay(conn, viewer, lastEventId);
  } catch (err) {
    // Headers are out: the client sees the stream end and reconnects with its Last-Event-ID.
    conn.close("replay_failed", true);
    throw err;
  }
  conn.goLive();
}

/** A new client learns where the stream stands, so a reconnect before any event still resumes without a gap. */
async function announceHead(conn: StreamConnection, viewer: Viewer) {
  const seesAll = viewer.role !== "staff";
  const row = await db.queryRow<{ head: number }>`
    SELECT coalesce(max(seq), 0) AS head FROM domain_events
     WHERE org_id = ${viewer.orgId} AND (${seesAll} OR property_id = ANY(${viewer.propertyIds}::uuid[]))`;
  const head = row!.head;
  if (conn.write(`id: ${head}\nevent: ready\ndata: ${JSON.stringify({ lastEventId: String(head) })}\n\n`)) conn.lastSeq = Math.max(conn.lastSeq, head);
}

async function replay(conn: StreamConnection, viewer: Viewer, after: number) {
  const seesAll = viewer.role !== "staff";
  let cursor = after;
  let sent = 0;
  conn.lastSeq = Math.max(conn.lastSeq, after);
  while (!conn.closed) {
    const limit = Math.min(REPLAY_PAGE, MAX_REPLAY_EVENTS - sent);
    const rows = await db.queryAll<{ seq: number; propertyId: string; data: unknown }>`
      SELECT seq, property_id::text AS "propertyId", event_data AS data FROM domain_events
       WHERE org_id = ${viewer.orgId} AND seq > ${cursor} AND (${seesAll} OR property_id = ANY(${viewer.propertyIds}::uuid[]))
       ORDER BY seq
       LIMIT ${limit + 1}`;
    const page = rows.slice(0, limit);
    // The same rule as live delivery (staff get only their own shifts' events); a skipped seq still advances the cursor.
    for (const r of page) if (conn.canSeeFinance(r.propertyId, r.data)) conn.writeFinance(r.seq, financeFrame(r.seq, r.data));
    sent += page.length;
    if (page.length > 0) cursor = page[page.length - 1].seq;
    if (rows.length <= limit) break;
    if (sent >= MAX_REPLAY_EVENTS) {
      // Too far behind to catch up event by event: the client reloads its data and carries on live.
      conn.write(`event: resync\ndata: ${JSON.stringify({ reason: `more than ${MAX_REPLAY_EVENTS} events were missed`, lastEventId: String(cursor) })}\n\n`);
      break;
    }
  }
  conn.write(`event: ready\ndata: ${JSON.stringify({ lastEventId: String(conn.lastSeq), replayed: sent })}\n\n`);
}
