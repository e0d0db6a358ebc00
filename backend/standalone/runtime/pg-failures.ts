// PostgreSQL failures the host's error translator answers with something
// better than 500: the host runs on node-postgres, so these are its codes and
// messages. The app translates the same failures itself (backend/shared/
// db-errors.ts, for Encore's runtime too); this is the catch-all for an error
// that reaches the host untranslated. Kept apart from the app's copy because
// the host never imports app code.
export type PgFailure = "unavailable" | "aborted";

/** deadlock_detected, serialization_failure: the transaction was rolled back and may be sent again. */
const ABORTED = new Set(["40P01", "40001"]);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections (and class 08 below). */
const UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "53300"]);
const SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
/** node-postgres's messages for a connection that ended, a pool connect timeout, a client that already failed, a closed pool. */
const LOST = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/;

export function pgFailure(err: unknown): PgFailure | null {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] } | null;
  if (!e || typeof e !== "object") return null;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && ABORTED.has(code)) return "aborted";
  if (code && (UNAVAILABLE.has(code) || code.startsWith("08") || SOCKET.has(code))) return "unavailable";
  if (Array.isArray(e.errors) && e.errors.some((x) => pgFailure(x) === "unavailable")) return "unavailable";
  if (typeof e.message === "string" && LOST.test(e.message)) return "unavailable";
  return null;
}
