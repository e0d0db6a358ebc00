// SQL for users and user_properties (owner: auth). Every query but the
// login lookup is scoped by organisation.
import type { Queryer } from "../shared/db.ts";
import type { Role } from "../shared/auth-data.ts";
import { newId } from "../shared/ids.ts";
import { isoUtc } from "../shared/sql-time.ts";

export interface User {
  id: string;
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  propertyIds: string[];
  createdAt: string;
}

// Id arrays are built as text[]: Encore's runtime returns uuid columns as
// strings but cannot return a uuid[] (its row conversion has no uuid element type).
const COLUMNS = `u.id, u.org_id AS "orgId", u.email, u.display_name AS "displayName", u.role, u.active,
  ARRAY(SELECT up.property_id::text FROM user_properties up WHERE up.user_id = u.id ORDER BY up.property_id) AS "propertyIds",
  ${isoUtc("u.created_at")} AS "createdAt"`;

export async function listUsers(q: Queryer, orgId: string, onlyUserId?: string): Promise<User[]> {
  return q.rawQueryAll<User>(
    `SELECT ${COLUMNS} FROM users u WHERE u.org_id = $1 AND ($2::uuid IS NULL OR u.id = $2) ORDER BY u.id`,
    orgId, onlyUserId ?? null,
  );
}

/** Users found by email (any organisation) with the properties assigned to them: the demo seed's people. */
export async function usersByEmail(q: Queryer, emails: string[]): Promise<{ id: string; orgId: string; role: Role; propertyIds: string[] }[]> {
  return q.queryAll<{ id: string; orgId: string; role: Role; propertyIds: string[] }>`
    SELECT u.id, u.org_id AS "orgId", u.role,
           ARRAY(SELECT up.property_id::text FROM user_properties up WHERE up.user_id = u.id) AS "propertyIds"
      FROM users u WHERE u.email = ANY(${emails}::text[])`;
}

/** Display names of the organisation's users among `ids` (other services fill their lists' authors from this); unknown ids are left out. */
export async function displayNames(q: Queryer, orgId: string, ids: string[]): Promise<{ id: string; displayName: string }[]> {
  return q.queryAll<{ id: string; displayName: string }>`
    SELECT id, display_name AS "displayName" FROM users WHERE org_id = ${orgId} AND id = ANY(${ids}::uuid[])`;
}

export async function getUser(q: Queryer, orgId: string, id: string): Promise<User | null> {
  return q.rawQueryRow<User>(`SELECT ${COLUMNS} FROM users u WHERE u.org_id = $1 AND u.id = $2`, orgId, id);
}

export async function findLogin(q: Queryer, email: string): Promise<(User & { passwordHash: string }) | null> {
  return q.rawQueryRow(`SELECT ${COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = lower($1)`, email);
}

export interface NewUser { email: string; displayName: string; passwordHash: string; role: Role }

export async function insertUser(q: Queryer, orgId: string, u: NewUser): Promise<string> {
  const row = await q.queryRow<{ id: string }>`
    INSERT INTO users (id, org_id, email, display_name, password_hash, role)
    VALUES (${newId()}, ${orgId}, ${u.email}, ${u.displayName}, ${u.passwordHash}, ${u.role})
    RETURNING id`;
  return row!.id;
}

export async function updateUser(
  q: Queryer, orgId: string, id: string,
  u: { displayName?: string; role?: Role; active?: boolean; passwordHash?: string },
): Promise<boolean> {
  const row = await q.queryRow<{ id: string }>`
    UPDATE users SET
      display_name = COALESCE(${u.displayName ?? null}, display_name),
      role = COALESCE(${u.role ?? null}, role),
      active = COALESCE(${u.active ?? null}::boolean, active),
      password_hash = COALESCE(${u.passwordHash ?? null}, password_hash),
      tokens_valid_after = CASE WHEN ${u.passwordHash ?? null}::text IS NOT NULL THEN date_trunc('second', now()) ELSE tokens_valid_after END,
      updated_at = now()
    WHERE org_id = ${orgId} AND id = ${id}
    RETURNING id`;
  return row !== null;
}

/** Replaces a user's property assignments; ids must already be checked to belong to the organisation. */
export async function setUserProperties(q: Queryer, orgId: string, userId: string, propertyIds: string[]): Promise<void> {
  await q.exec`DELETE FROM user_properties WHERE user_id = ${userId} AND org_id = ${orgId}`;
  await q.exec`
    INSERT INTO user_properties (org_id, user_id, property_id)
    SELECT ${orgId}, ${userId}, unnest(${propertyIds}::uuid[])`;
}

/** Row-locks the organisation's admins and one user, in id order (a fixed order, so concurrent lockers never deadlock). */
export async function lockAdminsAnd(q: Queryer, orgId: string, userId: string): Promise<void> {
  await q.exec`SELECT id FROM users WHERE org_id = ${orgId} AND (role = 'admin' OR id = ${userId}) ORDER BY id FOR UPDATE`;
}

export async function countActiveAdmins(q: Queryer, orgId: string): Promise<number> {
  const row = await q.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE org_id = ${orgId} AND role = 'admin' AND active`;
  return row!.n;
}

export interface Access { orgId: string; role: Role; active: boolean; propertyIds: string[]; tokensValidAfterS: number }

export interface UserAccess extends Access { userId: string }

/** What the auth handler needs per request: the current role, whether active, and accessible properties. */
export async function loadAccess(q: Queryer, userId: string): Promise<Access | null> {
  const [row] = await loadAccesses(q, [userId]);
  return row ?? null;
}

/** loadAccess for several users at once (the live stream's periodic re-check); unknown ids are left out. */
export async function loadAccesses(q: Queryer, userIds: string[]): Promise<UserAccess[]> {
  return q.queryAll`
    SELECT u.id AS "userId", u.org_id AS "orgId", u.role, u.active, extract(epoch FROM u.tokens_valid_after)::float8 AS "tokensValidAfterS",
           CASE WHEN u.role = 'staff'
                THEN ARRAY(SELECT up.property_id::text FROM user_properties up WHERE up.user_id = u.id ORDER BY up.property_id)
                ELSE ARRAY(SELECT p.id::text FROM properties p WHERE p.org_id = u.org_id ORDER BY p.id)
           END AS "propertyIds"
    FROM users u WHERE u.id = ANY(${userIds}::uuid[])`;
}
