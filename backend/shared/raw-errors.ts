// The error response of raw endpoints (api.raw), which write their own: the
// same body and status Encore gives a typed endpoint's APIError, so clients
// handle one format. Database failures are translated as everywhere else;
// anything else is logged and becomes "internal" without its message.
import { APIError, ErrCode } from "encore.dev/api";
import log from "encore.dev/log";
import type { ServerResponse } from "node:http";
import { DB_RETRY_AFTER_SECONDS, translateDbError } from "./db-errors.ts";

// Encore's ErrCode → HTTP status (the runtime's table, as in encore.dev/api's error codes).
const HTTP_STATUS: Record<ErrCode, number> = {
  [ErrCode.OK]: 200,
  [ErrCode.Canceled]: 499,
  [ErrCode.Unknown]: 500,
  [ErrCode.InvalidArgument]: 400,
  [ErrCode.DeadlineExceeded]: 504,
  [ErrCode.NotFound]: 404,
  [ErrCode.AlreadyExists]: 409,
  [ErrCode.PermissionDenied]: 403,
  [ErrCode.ResourceExhausted]: 429,
  [ErrCode.FailedPrecondition]: 400,
  [ErrCode.Aborted]: 409,
  [ErrCode.OutOfRange]: 400,
  [ErrCode.Unimplemented]: 501,
  [ErrCode.Internal]: 500,
  [ErrCode.Unavailable]: 503,
  [ErrCode.DataLoss]: 500,
  [ErrCode.Unauthenticated]: 401,
};

export const httpStatusOf = (code: ErrCode): number => HTTP_STATUS[code] ?? 500;

/** Writes `err` as Encore would; `headers` are added (e.g. www-authenticate). `what` names the endpoint in the log of an unexpected error. */
export function writeRawError(resp: ServerResponse, err: unknown, what: string, headers: Record<string, string> = {}): void {
  const translated = translateDbError(err);
  const e = translated instanceof APIError ? translated : APIError.internal("an internal error occurred");
  if (e.code === ErrCode.Internal || !(translated instanceof APIError)) log.error(err, `${what} failed`);
  const body = JSON.stringify({ code: e.code, message: e.message, details: e.details ?? null });
  const retryAfter = e.code === ErrCode.Unavailable ? { "retry-after": String(e.details?.retryAfterSeconds ?? DB_RETRY_AFTER_SECONDS) } : {};
  resp.writeHead(httpStatusOf(e.code), {
    "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store", ...retryAfter, ...headers,
  });
  resp.end(body);
}
