// Translates database failures into API errors, keeping the original as the
// cause (logs keep the detail, clients get a clear message):
// - constraint violations and bad values → 409 / 404 / 400;
// - a deadlock or serialization failure → 409 `aborted`: the transaction was
//   rolled back whole, so the same request can simply be sent again;
// - the database unreachable, restarting or out of connections → 503
//   `unavailable` with retryAfterSeconds (the standalone host sends it as
//   Retry-After).
//
// Where it applies: every service lists `dbErrors` (below) as a middleware,
// so each endpoint's failures pass through translateDbError under Encore's
// runtime as well as the standalone host; the auth handler, which no service
// middleware wraps, calls it itself. Encore maps any error that is not an
// APIError to 500 `internal`, and there is no host error translator there, so
// the translation has to be the app's. The standalone host maps the same
// PostgreSQL failures in its one error translator too (runtime/server.ts),
// as the catch-all for anything that escapes a middleware (its own
// pub/sub, a raw endpoint); it keeps its own copy of the codes because the
// host never imports app code.
import { APIError, middleware } from "encore.dev/api";

/** What clients are told to wait before retrying while the database is unavailable. */
export const DB_RETRY_AFTER_SECONDS = 5;

interface PgError extends Error { code?: string; constraint?: string; errors?: unknown[] }

const messages: Record<string, (e: PgError) => APIError> = {
  "23505": (e) => APIError.alreadyExists(`already exists (${e.constraint ?? "unique constraint"})`, e),
  "23503": (e) => APIError.notFound(`a referenced record does not exist (${e.constraint ?? "foreign key"})`, e),
  "23514": (e) => APIError.invalidArgument(`a value is out of range (${e.constraint ?? "check constraint"})`, e),
  "22P02": (e) => APIError.invalidArgument("a value has the wrong format", e),
  "22003": (e) => APIError.invalidArgument("a number is too large", e),
};

/** SQLSTATEs of a transaction PostgreSQL rolled back to resolve a conflict with another: deadlock_detected, serialization_failure. */
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
/** Under Encore's runtime a database error is a plain Error whose message is tokio-postgres's text (no SQLSTATE field). */
const RETRYABLE_MESSAGE = /deadlock detected|could not serialize access/i;

/**
 * SQLSTATEs that mean the server cannot serve this connection: admin_shutdown,
 * crash_shutdown, cannot_connect_now (starting up, in recovery),
 * too_many_connections; and class 08, connection exceptions.
 */
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** Socket errors of a connection attempt or of a connection lost. */
const UNAVAILABLE_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
/**
 * node-postgres's own messages (a connection ended, the pool's connect
 * timeout, a client whose connection already failed) and, for Encore's
 * runtime, tokio-postgres's and its pool's.
 */
const UNAVAILABLE_MESSAGE = new RegExp([
  "Connection terminated", "timeout exceeded when trying to connect", "Client has encountered a connection error",
  "Cannot use a pool after calling end", "error connecting to server", "connection closed", "timed out waiting for connection",
  "terminating connection due to administrator command", "the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)",
  "too many clients already", "Connection refused",
].join("|"), "i");

function codeOf(e: PgError): string | undefined {
  return typeof e?.code === "string" ? e.code : undefined;
}

/** A deadlock or serialization failure: the transaction was rolled back and can be run again. */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as PgError;
  const code = codeOf(e);
  if (code) return RETRYABLE_CODES.has(code);
  return typeof e?.message === "string" && RETRYABLE_MESSAGE.test(e.message);
}

/** The database could not be reached or dropped the connection: nothing about the request was wrong. */
export function isConnectionError(err: unknown): boolean {
  const e = err as PgError;
  if (!e || typeof e !== "object") return false;
  const code = codeOf(e);
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith("08") || UNAVAILABLE_ERRNOS.has(code))) return true;
  // Node's dual-stack connect reports each address's failure in an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}

/**
 * What went wrong with the database, in words fit for a public health check:
 * no host, port or SQL (the message of a refused connection names the address).
 */
export function dbFailureReason(err: unknown): string {
  const e = err as PgError;
  const code = codeOf(e);
  const text = `${code ?? ""} ${e?.message ?? ""} ${Array.isArray(e?.errors) ? e.errors.map((x) => `${codeOf(x as PgError) ?? ""} ${(x as Error)?.message ?? ""}`).join(" ") : ""}`;
  if (/ECONNREFUSED|Connection refused/i.test(text)) return "refusing connections";
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return "host name does not resolve";
  if (/timeout|timed out|ETIMEDOUT/i.test(text)) return "connection timed out";
  if (code === "57P03" || /starting up|recovery mode|not yet accepting/i.test(text)) return "starting up";
  if (code === "57P01" || code === "57P02" || /shutting down|administrator command/i.test(text)) return "shutting down";
  if (code === "53300" || /too many clients/i.test(text)) return "too many connections";
  if (isConnectionError(err)) return "connection lost";
  return "query failed";
}

export function translateDbError(err: unknown): unknown {
  if (err instanceof APIError) return err;
  const e = err as PgError;
  const code = codeOf(e);
  if (code && messages[code]) return messages[code](e);
  if (isRetryableConflict(err)) {
    return APIError.aborted("the request conflicted with a concurrent change and was rolled back; send it again", e).withDetails({ retryable: true });
  }
  if (isConnectionError(err)) {
    return APIError.unavailable("the database is unavailable; try again shortly", e).withDetails({ retryAfterSeconds: DB_RETRY_AFTER_SECONDS });
  }
  return err;
}

/** Runs fn and rethrows database failures as API errors. */
export async function withDbErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateDbError(err);
  }
}

/** The service middleware every encore.service.ts lists: the translation above for each of its endpoints. */
export const dbErrors = middleware(async (req, next) => {
  try {
    return await next(req);
  } catch (err) {
    throw translateDbError(err);
  }
});
