// Login throttling kept in PostgreSQL so every instance sees the same
// failures: too many recent failures for one email or one client address
// answer 429 until the window passes.
import { APIError } from "encore.dev/api";
import type { Queryer } from "../shared/db.ts";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const limits = () => ({
  perEmail: num("LOGIN_MAX_FAILURES_PER_EMAIL", 5),
  perAddress: num("LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
  windowSeconds: num("LOGIN_THROTTLE_WINDOW_S", 900),
});

const keys = (email: string, address: string) => [`email:${email.toLowerCase()}`, `ip:${address}`];

export async function assertNotThrottled(q: Queryer, email: string, address: string): Promise<void> {
  const { perEmail, perAddress, windowSeconds } = limits();
  const [emailKey, addressKey] = keys(email, address);
  const row = await q.queryRow<{ byEmail: number; byAddress: number; retryAfter: number }>`
    SELECT count(*) FILTER (WHERE key = ${emailKey})::int AS "byEmail",
           count(*) FILTER (WHERE key = ${addressKey})::int AS "byAddress",
           COALESCE(ceil(extract(epoch FROM min(failed_at) + make_interval(secs => ${windowSeconds}) - now())), 0)::int AS "retryAfter"
    FROM login_failures
    WHERE key IN (${emailKey}, ${addressKey}) AND failed_at > now() - make_interval(secs => ${windowSeconds})`;
  if (row && (row.byEmail >= perEmail || row.byAddress >= perAddress)) {
    const minutes = Math.max(1, Math.ceil(row.retryAfter / 60));
    throw APIError.resourceExhausted(`too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`)
      .withDetails({ retryAfterSeconds: row.retryAfter });
  }
}

export async function recordFailure(q: Queryer, email: string, address: string): Promise<void> {
  const { windowSeconds } = limits();
  const ks = keys(email, address);
  await q.exec`INSERT INTO login_failures (key) SELECT unnest(${ks}::text[])`;
  await q.exec`DELETE FROM login_failures WHERE key = ANY(${ks}::text[]) AND failed_at < now() - make_interval(secs => ${windowSeconds})`;
}

export async function clearFailures(q: Queryer, email: string): Promise<void> {
  await q.exec`DELETE FROM login_failures WHERE key = ${keys(email, "")[0]}`;
}

/** The client address: the last X-Forwarded-For hop, which the nearest proxy (or the standalone host) appended. */
export function clientAddress(forwardedFor: string | undefined): string {
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - 1] ?? "unknown";
}

/**
 * Sign-ups per client address: each creates an organisation, so a script
 * could create them without end. Counted in the same table under its own key.
 */
export async function recordSignup(q: Queryer, address: string): Promise<void> {
  const max = num("SIGNUP_MAX_PER_ADDRESS", 20);
  const windowSeconds = num("SIGNUP_WINDOW_S", 3600);
  const key = `signup:${address}`;
  const row = await q.queryRow<{ n: number }>`
    SELECT count(*)::int AS n FROM login_failures WHERE key = ${key} AND failed_at > now() - make_interval(secs => ${windowSeconds})`;
  if (row!.n >= max) {
    throw APIError.resourceExhausted("too many organisations created from this address; try again later").withDetails({ retryAfterSeconds: windowSeconds });
  }
  await q.exec`INSERT INTO login_failures (key) VALUES (${key})`;
  await q.exec`DELETE FROM login_failures WHERE key = ${key} AND failed_at < now() - make_interval(secs => ${windowSeconds})`;
}
