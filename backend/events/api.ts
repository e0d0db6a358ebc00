// Events endpoints: stream tickets and the live stream, and the audit trail. Each validates, authorises and calls the domain module.
import { api, APIError } from "encore.dev/api";
import { caller, isManager, requirePropertyAccess } from "../shared/authz.ts";
import { addDays } from "../shared/business-date.ts";
import { parseInput } from "../shared/validation.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import { activityFeed, transactionHistory, type AuditEntry } from "./audit.ts";
import { openStream } from "./live-stream.ts";
import { auditSchema } from "./schemas.ts";
import { issueTicket } from "./stream-tickets.ts";

interface StreamTicket {
  /** Pass as `?ticket=` to GET /events/stream within 30 seconds; it works once. */
  ticket: string;
  expiresAt: string;
}

/** Trades the caller's bearer token for a single-use, 30-second ticket for GET /events/stream. */
export const streamTicket = api(
  { expose: true, auth: true, method: "POST", path: "/events/stream-ticket" },
  async (): Promise<StreamTicket> => issueTicket(caller()),
);

/**
 * Server-sent events for the ticket's organisation: `finance` (id = seq, data =
 * the FinanceEvent) and `cashbook` (data = CashBookUpdated), filtered to the
 * viewer's properties for staff. Resumes after Last-Event-ID (header) or
 * `lastEventId` (query). Authenticated by the ticket, not a header, because a
 * browser EventSource cannot set one.
 */
export const stream = api.raw(
  { expose: true, auth: false, method: "GET", path: "/events/stream" },
  async (req, resp) => {
    await openStream(req, resp);
  },
);

interface AuditRequest {
  transactionId?: string;
  propertyId?: string;
  userId?: string;
  type?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

interface AuditPage { items: AuditEntry[]; nextCursor: string | null }

// Parts "a" and the last version (history) or seq (feed) seen.
const readCursor = ([tag, n, ...rest]: string[]) => (tag === "a" && /^\d{1,15}$/.test(n ?? "") && rest.length === 0 ? Number(n) : null);

/** `from`/`to` as instants: a date means that whole day in UTC; both ends are inclusive. */
function lowerBound(v: string | undefined): string | undefined {
  if (!v) return undefined;
  return v.length === 10 ? `${v}T00:00:00Z` : v;
}
function upperBoundExclusive(v: string | undefined): string | undefined {
  if (!v) return undefined;
  return v.length === 10 ? `${addDays(v, 1)}T00:00:00Z` : new Date(Date.parse(v) + 1).toISOString();
}

/**
 * The audit trail. With `transactionId`: that transaction's (or shift's) full
 * history in version order (who, when, what changed). Otherwise the
 * organisation's activity feed, newest first, with day closes, reopens and
 * shift steps among the entries' changes. Staff see their properties only,
 * and of shifts only their own.
 */
export const audit = api(
  { expose: true, auth: true, method: "GET", path: "/events/audit" },
  async (req: AuditRequest): Promise<AuditPage> => {
    const auth = caller();
    const f = parseInput(auditSchema, req);
    if (f.propertyId) requirePropertyAccess(auth, f.propertyId);
    const filter = {
      orgId: auth.orgId,
      propertyIds: isManager(auth) ? null : auth.propertyIds,
      shiftsOf: isManager(auth) ? null : auth.userID,
      propertyId: f.propertyId, userId: f.userId, type: f.type,
      from: lowerBound(f.from), to: upperBoundExclusive(f.to),
      limit: f.limit + 1,
      after: f.cursor ? decodeCursor(f.cursor, readCursor) : undefined,
    };
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) throw APIError.invalidArgument("to: must not be before from").withDetails({ field: "to" });
    const rows = f.transactionId ? await transactionHistory({ ...filter, transactionId: f.transactionId }) : await activityFeed(filter);
    if (f.transactionId && rows.length === 0 && !f.cursor) throw APIError.notFound(`transaction ${f.transactionId} has no history you can see`);
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > f.limit ? encodeCursor("a", f.transactionId ? last.version : last.seq) : null;
    return { items, nextCursor };
  },
);

