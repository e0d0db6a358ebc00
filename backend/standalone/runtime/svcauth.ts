// Service-to-service authentication, after Encore's `encore-auth` method
// (runtimes/core/src/api/reqauth/svcauth.rs in encoredev/encore): the caller
// puts the call's metadata in `x-encore-meta-*` headers (caller, callee, the
// user id and auth data) and signs them with a shared key and the date; the
// callee trusts those headers only when the signature verifies and the date
// is within two minutes. Like Encore's, the signature covers the metadata,
// not the body. The key is SERVICE_AUTH_KEY (runtime/deployment.ts).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const META = {
  caller: "x-encore-meta-caller",
  callee: "x-encore-meta-callee",
  userId: "x-encore-meta-userid",
  authData: "x-encore-meta-authdata",
  method: "x-encore-meta-svc-auth-method",
  date: "x-encore-meta-date",
  signature: "x-encore-meta-svc-auth",
} as const;

const SIGNED = [META.authData, META.callee, META.caller, META.userId] as const;
const MAX_SKEW_MS = 120_000;

function signature(key: string, headers: Record<string, string | undefined>, date: string): string {
  const h = createHmac("sha256", key);
  for (const k of SIGNED) if (headers[k] !== undefined) h.update(`${k}=${headers[k]}\n`);
  h.update(`date=${date}\n`);
  return "ENCORE1-HMAC-SHA256 " + h.digest("hex");
}

/** Adds the date and signature headers to a call's metadata headers. */
export function sign(key: string, headers: Record<string, string>, now = new Date()): Record<string, string> {
  const date = now.toUTCString();
  return { ...headers, [META.method]: "encore-auth", [META.date]: date, [META.signature]: signature(key, headers, date) };
}

export type Verified = { ok: true; caller: string | null; authData: Record<string, unknown> | null } | { ok: false; reason: string };

/** Whether a request carries a valid signature; without one (`present: false`) it is an ordinary outside request. */
export function verify(key: string | null, headers: IncomingHttpHeaders, now = Date.now()): Verified | { present: false } {
  const one = (k: string) => { const v = headers[k]; return typeof v === "string" ? v : undefined; };
  const sig = one(META.signature);
  if (sig === undefined) return { present: false };
  if (!key) return { ok: false, reason: "this process has no SERVICE_AUTH_KEY to verify service-to-service calls" };
  const date = one(META.date);
  const at = date ? Date.parse(date) : NaN;
  if (!Number.isFinite(at)) return { ok: false, reason: "no valid date header" };
  if (Math.abs(now - at) > MAX_SKEW_MS) return { ok: false, reason: "date skew" };
  const fields: Record<string, string | undefined> = {};
  for (const k of SIGNED) fields[k] = one(k);
  const expected = Buffer.from(signature(key, fields, date!));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature mismatch" };
  let authData: Record<string, unknown> | null = null;
  const raw = fields[META.authData];
  if (raw) {
    try {
      authData = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: "auth data is not base64url JSON" };
    }
  }
  return { ok: true, caller: fields[META.caller] ?? null, authData };
}

/** The metadata headers for a call made in the name of `authData` (null: no user). */
export function callMeta(caller: string, callee: string, authData: Record<string, unknown> | null): Record<string, string> {
  const h: Record<string, string> = { [META.caller]: caller, [META.callee]: callee };
  if (authData) {
    // base64url: a header value carries no characters outside Latin-1, a name may.
    h[META.authData] = Buffer.from(JSON.stringify(authData)).toString("base64url");
    const uid = authData.userID ?? authData.userId;
    if (typeof uid === "string") h[META.userId] = uid;
  }
  return h;
}
