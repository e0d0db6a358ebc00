// Login throttling kept in PostgreSQL so every instance sees the same
// failures. Three counts, each over a sliding window:
// - an account from one address ("pair"): a few wrong passwords block that
//   address for that account only;
// - an address: many failures (any emails) block the address;
// - an account from every address: a distributed guesser is blocked, but
//   only at addresses the account has never signed in from, so someone who
//   knows a manager's email cannot lock the manager out of their own device.
// Reaching a limit writes a row to login_locks (the audit trail admins read);
// an admin's unlock or password reset clears the account's counts and closes
// its locks with who and why.
import { APIError } from "encore.dev/api";
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { envNumber } from "../shared/env.ts";

const num = (name: string, fallback: number) => envNumber(name, fallback, { integer: true });
const limits = () => ({
  perAccountAddress: num("LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS", 5),
  perAddress: num("LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
  perAccountUnknownAddresses: num("LOGIN_MAX_FAILURES_PER_ACCOUNT", 50),
  windowSeconds: num("LOGIN_THROTTLE_WINDOW_S", 900),
});

type Scope = "account_address" | "address" | "account_unknown_addresses";

const normalEmail = (email: string) => email.trim().toLowerCase();

function keysFor(email: string, address: string): Record<Scope, string> {
  const e = normalEmail(email);
  return { account_address: `pair:${e}|${address}`, address: `ip:${address}`, account_unknown_addresses: `email:${e}` };
}

interface Counts { pair: number; address: number; account: number; known: boolean; retryAfter: number }

async function counts(q: Queryer, email: string, address: string): Promise<Counts> {
  const { windowSeconds } = limits();
  const k = keysFor(email, address);
  const row = await q.queryRow<Counts>`
    SELECT count(*) FILTER (WHERE key = ${k.account_address})::int AS pair,
           count(*) FILTER (WHERE key = ${k.address})::int AS address,
           count(*) FILTER (WHERE key = ${k.account_unknown_addresses})::int AS account,
           EXISTS (SELECT 1 FROM login_known_addresses ka JOIN users u ON u.id = ka.user_id
                   WHERE lower(u.email) = ${normalEmail(email)} AND ka.address = ${address}) AS known,
           COALESCE(ceil(extract(epoch FROM min(failed_at) + make_interval(secs => ${windowSeconds}) - now())), 0)::int AS "retryAfter"
    FROM login_failures
    WHERE key IN (${k.account_address}, ${k.address}, ${k.account_unknown_addresses})
      AND failed_at > now() - make_interval(secs => ${windowSeconds})`;
  return row!;
}

function exceeded(c: Counts): Scope | null {
  const l = limits();
  if (c.pair >= l.perAccountAddress) return "account_address";
  if (c.address >= l.perAddress) return "address";
  if (!c.known && c.account >= l.perAccountUnknownAddresses) return "account_unknown_addresses";
  return null;
}

export async function assertNotThrottled(q: Queryer, email: string, address: string): Promise<void> {
  const c = await counts(q, email, address);
  if (exceeded(c)) {
    const minutes = Math.max(1, Math.ceil(c.retryAfter / 60));
    throw APIError.resourceExhausted(
      `too many failed sign-in attempts from this device; try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin to unlock your account`,
    ).withDetails({ retryAfterSeconds: c.retryAfter });
  }
}

/** Counts a failed sign-in under every key, and records a lock for each key that has just reached its limit. */
export async function recordFailure(q: Queryer, email: string, address: string): Promise<void> {
  const { windowSeconds } = limits();
  const k = keysFor(email, address);
  const ks = Object.values(k);
  await q.exec`INSERT INTO login_failures (key) SELECT unnest(${ks}::text[])`;
  await q.exec`DELETE FROM login_failures WHERE key = ANY(${ks}::text[]) AND failed_at < now() - make_interval(secs => ${windowSeconds})`;
  const scope = exceeded(await counts(q, email, address));
  if (!scope) return;
  const e = normalEmail(email);
  // One open lock per key, however many instances see the limit reached at once: the insert is conditional on none being open.
  await q.exec`
    INSERT INTO login_locks (id, scope, throttle_key, email, address, org_id, user_id, locked_until)
    SELECT ${newId()}::uuid, ${scope}, ${k[scope]},
           ${scope === "address" ? null : e}::text, ${scope === "account_unknown_addresses" ? null : address}::text,
           u.org_id, u.id, now() + make_interval(secs => ${windowSeconds})
    FROM (SELECT 1) one
    LEFT JOIN users u ON ${scope !== "address"} AND lower(u.email) = ${e}
    WHERE NOT EXISTS (SELECT 1 FROM login_locks l WHERE l.throttle_key = ${k[scope]} AND l.unlocked_at IS NULL AND l.locked_until > now())
      AND pg_try_advisory_xact_lock(hashtext(${k[scope]}))`;
}

/** After a correct password: the failures of this account at this address are forgotten, and the address becomes known. */
export async function recordSuccess(q: Queryer, userId: string, email: string, address: string): Promise<void> {
  await q.exec`DELETE FROM login_failures WHERE key = ${keysFor(email, address).account_address}`;
  await q.exec`
    INSERT INTO login_known_addresses (user_id, address) VALUES (${userId}, ${address})
    ON CONFLICT (user_id, address) DO UPDATE SET last_success_at = now()`;
}

/**
 * Lifts every throttle on an account (its counts at all addresses) and closes
 * its open locks, recording who did it and why. Address-wide counts are left:
 * they may come from an attacker's address, and expire with the window.
 */
export async function unlockAccount(q: Queryer, orgId: string, user: { id: string; email: string }, byUserId: string, reason: string): Promise<number> {
  const e = normalEmail(user.email);
  await q.exec`DELETE FROM login_failures WHERE key = ${`email:${e}`} OR starts_with(key, ${`pair:${e}|`})`;
  const rows = await q.queryAll<{ id: string }>`
    UPDATE login_locks SET unlocked_at = now(), unlocked_by_user_id = ${byUserId}, unlock_reason = ${reason}
    WHERE org_id = ${orgId} AND user_id = ${user.id} AND unlocked_at IS NULL AND locked_until > now()
    RETURNING id`;
  return rows.length;
}

/** A sign-in lock as admins see it. */
export interface LoginLock {
  id: string;
  scope: Scope;
  userId: string | null;
  email: string | null;
  address: string | null;
  lockedAt: string;
  lockedUntil: string;
  /** True while the lock is in force: not expired and not lifted. */
  active: boolean;
  unlockedAt: string | null;
  unlockedByUserId: string | null;
  unlockReason: string | null;
}


/** Sign-in locks in force across every organisation, of accounts and of addresses (the operator's attention list). */
export async function activeLockCounts(q: Queryer): Promise<{ accounts: number; addresses: number }> {
  return (await q.queryRow<{ accounts: number; addresses: number }>`
    SELECT count(*) FILTER (WHERE scope <> 'address')::int AS accounts, count(*) FILTER (WHERE scope = 'address')::int AS addresses
      FROM login_locks WHERE unlocked_at IS NULL AND locked_until > now()`)!;
}

/** The organisation's sign-in locks, newest first. */
export async function listLocks(q: Queryer, orgId: string, limit: number): Promise<LoginLock[]> {
  return q.rawQueryAll<LoginLock>(
    `SELECT id, scope, user_id AS "userId", email, address, ${isoUtc("locked_at")} AS "lockedAt", ${isoUtc("locked_until")} AS "lockedUntil",
            (unlocked_at IS NULL AND locked_until > now()) AS active,
            ${isoUtc("unlocked_at")} AS "unlockedAt", unlocked_by_user_id AS "unlockedByUserId", unlock_reason AS "unlockReason"
     FROM login_locks WHERE org_id = $1 ORDER BY locked_at DESC, id DESC LIMIT $2`,
    orgId, limit,
  );
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
